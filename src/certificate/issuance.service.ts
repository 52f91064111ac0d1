/** Issuing: the matter fields, approval with the office's next number, the receipt and the log proof. */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { CompactSign } from 'jose';
import { DataSource, type EntityManager } from 'typeorm';
import { assertCan, assertStaffCan } from '../auth/access.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { KeyStore } from '../auth/key-store.service.js';
import { AuditService } from '../audit/audit.service.js';
import { LogService } from '../audit/log/log.service.js';
import { BookingService } from '../booking/booking.service.js';
import { formatDateZh } from '../common/chinese-date.js';
import { Clock } from '../common/clock.js';
import { conflict, unprocessable } from '../common/errors.js';
import { describeCharacter } from '../common/printable-text.js';
import { birthDateOf, genderOf } from '../common/id-number.js';
import { PersonalData } from '../common/personal-data.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { renderWording } from '../matters/catalogue/index.js';
import { toDefinition } from '../matters/matter.entity.js';
import { MattersService } from '../matters/matters.service.js';
import { RecordingService, type RecordingEvidence } from '../session/recording.service.js';
import { assertIn, assertMove } from '../session/session-state.js';
import { SessionService, sessionOf } from '../session/session.service.js';
import {
  CertificateRecords,
  identityEvidence,
  manifestSha256,
  sha256,
  withoutIdNumber,
  type ReceiptClaims,
} from './certificate-records.js';
import { CertificateRepository } from './certificate.repository.js';
import {
  assertPrints,
  describeFields,
  describeFieldsZh,
  MissingGlyphError,
  renderDraftPdf,
  unprintableFields,
  type DraftCertificateFacts,
  type UnprintableField,
} from './pdf/index.js';
import { formatCertificateNo } from './numbering.js';

@Injectable()
export class CertificateIssuance implements OnApplicationBootstrap {
  private readonly log = new Logger('Certificates');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly evidence: LogService,
    private readonly clock: Clock,
    private readonly personal: PersonalData,
    private readonly keys: KeyStore,
    private readonly sessions: SessionService,
    private readonly recordings: RecordingService,
    private readonly bookings: BookingService,
    private readonly matters: MattersService,
    private readonly records: CertificateRecords,
    private readonly certificates: CertificateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Production keys: refuse to start when an office has no usable signing key. */
  async onApplicationBootstrap(): Promise<void> {
    await this.redactStoredWording();
    // Development signing: the CA is made (first start) or loaded now, not by the first certificate.
    if (!this.config.officeKeys && !this.config.officeP12Path) await this.records.identities.trustedCas();
    if (!this.config.officeKeys) return;
    await this.records.identities.checkOffices(await this.certificates.offices());
  }

  /**
   * Certificates stored before the wording kept a slot for the ID number hold it in clear: each is
   * rewritten once, with an audit entry, by the first instance to start (the key is needed to know
   * the number). A row another instance already rewrote is skipped.
   */
  private async redactStoredWording(): Promise<void> {
    for (;;) {
      const rows = await this.certificates.unredacted();
      if (!rows.length) return;
      for (const r of rows) {
        const wording = withoutIdNumber(r.wording, this.personal.decrypt(r.idEnc));
        await this.db.transaction(async (m) => {
          if (await this.certificates.redactWording(m, r.id, wording))
            await this.audit.append(m, {
              actor: 'system',
              action: 'certificate.wording.redacted',
              subjectType: 'certificate',
              subjectId: r.id,
              payload: { wordingSha256: sha256(wording) },
            });
        });
      }
    }
  }

  /** The notary records the matter-specific values the wording needs, while the session runs. */
  async setMatterFields(actor: Actor, sessionId: string, fields: Record<string, string>) {
    return this.db.transaction(async (m) => {
      const s = await this.sessions.visible(actor, sessionId, m, true);
      assertCan(actor, 'set-matter-fields', sessionOf(s));
      if (!['live', 'signing'].includes(s.status))
        throw conflict('ILLEGAL_TRANSITION', `The session is ${s.status}.`, { status: s.status });
      const def = toDefinition(await this.matters.get(s.matterCode, m));
      // Checked now, with placeholder particulars, so that approval cannot fail on them later.
      renderWording(
        def,
        { applicantName: '-', gender: '男', birthDateZh: '-', idNumber: '-', issueDateZh: '-', sessionDateZh: '-', pointName: '-' },
        fields,
      );
      await this.sessions.repository.setMatterFields(m, sessionId, fields);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.matter_fields.set',
        subjectType: 'session',
        subjectId: sessionId,
        payload: { keys: Object.keys(fields) },
      });
      return { sessionId, fields };
    });
  }

  /**
   * Approves a signed session in one transaction: the office's next number for the year, the
   * certificate row, its audit entry and receipt, the session approved and the booking done.
   * A failure anywhere rolls all of it back, number included. The PDF is rendered and signed
   * right after, from the stored facts, while the issuing entry's log proof is awaited.
   */
  async approve(actor: Actor, sessionId: string, fields?: Record<string, string>) {
    const issued = await this.db.transaction(async (m) => {
      const s = await this.sessions.visible(actor, sessionId, m, true);
      assertStaffCan(actor, 'approve', sessionOf(s));
      assertMove(s.status, 'approved');
      const recording = await this.recordings.assertReadyForApproval(m, sessionId);
      const facts = await this.issueFacts(m, sessionId, fields, recording);
      // Signing needs the office's key: loaded (or, in development, made) meanwhile, not after the commit.
      this.prepareSigner(facts.officeId, facts.officeName);
      // Nothing is numbered unless the certificate prints: its draft is checked as composing it
      // would check it (every character of its text in a certificate font), before the number.
      assertDraftPrints(facts.draft);
      if (fields) await this.sessions.repository.setMatterFields(m, sessionId, fields);
      const now = this.clock.now();
      const year = Number(shanghaiDate(now).slice(0, 4));
      const seq = await this.certificates.nextNumber(m, facts.officeId, year);
      const id = randomUUID();
      const number = formatCertificateNo(year, facts.prefix, seq);
      const holderHash = sha256(`${id}:${facts.idNumber}:${facts.holderName}`);
      const entry = await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'certificate.issued',
        subjectType: 'certificate',
        subjectId: id,
        payload: {
          number,
          sessionId,
          bookingId: facts.bookingId,
          officeId: facts.officeId,
          matterCode: facts.matter.code,
          holderHash,
          // Of the wording as stored: with the ID number's slot, so the hash is no guessable digest of it.
          wordingSha256: sha256(facts.storedWording),
        },
      });
      const receipt = await this.signReceipt({
        typ: 'notarial-certificate-receipt',
        certificateId: id,
        no: number,
        matter: { code: facts.matter.code, nameZh: facts.matter.nameZh },
        office: { id: facts.officeId, name: facts.officeName },
        issuedAt: now.toISOString(),
        holderHash,
        audit: { seq: entry.seq, hash: entry.hash },
      });
      await this.certificates.insert(m, {
        id,
        sessionId,
        bookingId: facts.bookingId,
        officeId: facts.officeId,
        pointId: facts.pointId,
        notaryId: s.notaryId,
        matterCode: facts.matter.code,
        year,
        seq,
        number,
        holderName: facts.holderName,
        holderIdMasked: facts.idMasked,
        holderDigest: holderHash,
        wording: facts.storedWording,
        issuedAt: now,
        receiptJws: receipt,
        auditSeq: entry.seq,
        auditHash: entry.hash,
      });
      await this.sessions.repository.markApproved(m, sessionId, now);
      await this.bookings.repository.markCompleted(m, facts.bookingId);
      return { certificateId: id, certificateNo: number, auditSeq: entry.seq };
    });
    const { auditSeq, ...result } = issued;
    await this.sessions.push(sessionId, 'approved', result);
    // The PDF embeds the proof: it is composed while the proof is awaited, and attached once stored.
    const logProof = this.storeLogProof(issued.certificateId, auditSeq);
    await this.records.storePdf(issued.certificateId, { logProof: logProof.catch(() => undefined) }).catch((err: unknown) => {
      // The certificate stands; its PDF is made again on first download.
      this.log.error(`PDF for ${issued.certificateId} failed: ${err instanceof Error ? err.stack : String(err)}`);
    });
    await logProof;
    return result;
  }

  /**
   * Evidence log v2: the issuing entry's tlog-proof, after waiting at most LOG_PROOF_WAIT_MS
   * (default 1 s) for its integration and, with witnesses, a cosigned checkpoint. Resolves once
   * it is stored, to the proof, or to undefined when none came in time.
   */
  private async storeLogProof(id: string, seq: number): Promise<string | undefined> {
    const proof = await this.evidence.proofForEntry(seq, this.config.logProofWaitMs);
    if (proof) await this.certificates.setLogProof(this.db.manager, id, proof);
    return proof;
  }

  /** Starts loading the office's signing identity, for the PDF signed after approval; a failure surfaces there. */
  private prepareSigner(officeId: string, officeName: string): void {
    this.records.identities.signerFor({ id: officeId, name: officeName }).catch(() => undefined);
  }

  /**
   * The notary's preview of the certificate approval would issue now: rendered by the
   * certificate's own renderer from the same facts, marked 草稿, with no number, QR code or
   * signature. Nothing is written: no number, no audit entry, no row.
   */
  async draft(actor: Actor, sessionId: string): Promise<Uint8Array> {
    const s = await this.sessions.visible(actor, sessionId);
    assertStaffCan(actor, 'approve', sessionOf(s));
    assertIn(s.status, ['signing'], 'A draft of the certificate');
    const facts = await this.issueFacts(this.db.manager, sessionId);
    // Approval usually follows the preview: its office's signing identity is made ready now.
    this.prepareSigner(facts.officeId, facts.officeName);
    return unprintableAsError(renderDraftPdf(facts.draft));
  }

  /**
   * Everything the wording and the PDF need, as the draft the notary previews. Approval checks
   * that this draft prints before it takes a number (assertPrints): if the draft prints, so does the
   * certificate (which adds only the number, its id, the verification address and the audit entry, none of them free text).
   */
  private async issueFacts(m: EntityManager, sessionId: string, override?: Record<string, string>, evidence?: RecordingEvidence) {
    const row = await this.certificates.issueFacts(m, sessionId);
    const matter = await this.matters.get(row.matterCode, m);
    const idNumber = this.personal.decrypt(row.idEnc);
    const now = this.clock.now();
    const wording = renderWording(
      toDefinition(matter),
      {
        applicantName: row.holderName,
        gender: genderOf(idNumber),
        birthDateZh: formatDateZh(birthDateOf(idNumber)),
        idNumber,
        issueDateZh: formatDateZh(shanghaiDate(now)),
        sessionDateZh: formatDateZh(shanghaiDate(row.sessionAt)),
        pointName: row.pointName,
      },
      override ?? row.matterFields,
    );
    const recording = evidence ?? (await this.recordings.evidence(m, sessionId));
    const draft: DraftCertificateFacts = {
      draft: true,
      issuedAt: now,
      holder: { name: row.holderName, idNumber, gender: genderOf(idNumber), birthDate: birthDateOf(idNumber) },
      matter: { code: matter.code, nameZh: matter.nameZh, wording },
      notary: { name: (row.notaryName ?? '').replace(/（公证员）$/, '') },
      office: { name: row.officeName },
      point: { name: row.pointName },
      evidence: {
        sessionStartedAt: row.sessionAt,
        // Approval ends the session: the draft shows it ending now.
        sessionEndedAt: now,
        pointName: row.pointName,
        terminalLabel: row.terminalLabel ?? '',
        identity: identityEvidence(row),
        noticeSha256: row.noticeSha256 ?? '',
        recordSha256: row.recordSha256 ?? '',
        signatureSha256: row.signatureSha256 ?? '',
        recordingManifestSha256: recording.finished?.manifestSha256 ?? manifestSha256(await this.recordings.manifest(m, sessionId)),
        recording: recording.finished,
        recordingOverride: recording.override,
      },
    };
    // The number is not on the draft; its prefix is checked beside it.
    const prefix = unprintableFields([['office.certificatePrefix', row.prefix, 400]]);
    if (prefix.length) throw unprintable(prefix);
    return {
      ...row,
      draft,
      idNumber,
      storedWording: withoutIdNumber(wording, idNumber),
      matter: { code: matter.code, nameZh: matter.nameZh },
    };
  }

  private async signReceipt(claims: ReceiptClaims): Promise<string> {
    const { kid, key, alg } = await this.keys.signingKey('receipt');
    return new CompactSign(new TextEncoder().encode(canonicalize(claims)!))
      .setProtectedHeader({ alg, kid, typ: 'notarial-receipt+jws' })
      .sign(key);
  }
}

/** 422 UNPRINTABLE_CHARACTER naming each field that holds a character no certificate font draws. */
async function unprintableAsError<T>(rendering: Promise<T>): Promise<T> {
  try {
    return await rendering;
  } catch (err) {
    throw asUnprintable(err);
  }
}

/** The draft's check (assertPrints), refusing as unprintableAsError does. */
function assertDraftPrints(draft: DraftCertificateFacts): void {
  try {
    assertPrints(draft);
  } catch (err) {
    throw asUnprintable(err);
  }
}

function asUnprintable(err: unknown): unknown {
  if (err instanceof MissingGlyphError)
    return unprintable(err.fields.length ? err.fields : [{ field: 'certificate', characters: err.characters }]);
  return err;
}

/** Nothing is numbered: the fields and characters to correct first. */
function unprintable(fields: UnprintableField[]) {
  return unprocessable(
    'UNPRINTABLE_CHARACTER',
    `The certificate fonts cannot print ${describeFields(fields)}. Nothing was numbered. ` +
      `证书字体无法打印${describeFieldsZh(fields)}，请更正后再预览或批准；未取号。`,
    fields.map((f) => ({ field: f.field, characters: f.characters.map(describeCharacter) })),
  );
}
