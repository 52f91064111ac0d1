import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { DataSource, type EntityManager } from 'typeorm';
import { assertCan, assertStaffCan } from '../auth/access.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { KeyStore } from '../auth/key-store.service.js';
import { AuditService } from '../audit/audit.service.js';
import { LogService } from '../audit/log/log.service.js';
import { entryHash } from '../audit/audit-encoding.js';
import { BookingService } from '../booking/booking.service.js';
import { Clock } from '../common/clock.js';
import { badRequest, conflict, DomainError, notFound, unprocessable } from '../common/errors.js';
import { birthDateOf, genderOf } from '../common/id-number.js';
import { PersonalData } from '../common/personal-data.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { formatDateZh } from '../common/chinese-date.js';
import { renderWording } from '../matters/catalogue/index.js';
import { toDefinition } from '../matters/matter.entity.js';
import { MattersService } from '../matters/matters.service.js';
import { RecordingService } from '../session/recording.service.js';
import { assertMove } from '../session/session-state.js';
import { manifestOf, SessionService, sessionOf } from '../session/session.service.js';
import { formatCertificateNo } from './numbering.js';
import { describeCharacter, unprintableCharacters } from '../common/printable-text.js';
import { checkPdfSignature, signatureAnswer } from './signature-verify.js';
import { extractReceipt, MissingGlyphError, renderCertificatePdf, signPdf, TimestampError, type CertificateFacts } from './pdf/index.js';
import { SigningIdentities, SigningKeyMissingError } from './signing-identities.js';

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

interface CertificateRow {
  id: string;
  sessionId: string;
  bookingId: string;
  officeId: string;
  officeName: string;
  pointId: string;
  matterCode: string;
  matterNameZh: string;
  number: string;
  holderName: string;
  holderIdMasked: string;
  issuedAt: Date;
  auditSeq: string;
  auditHash: string;
  pdfSha256: string | null;
  status: 'valid' | 'revoked';
  revokedAt: Date | null;
  revokeReason: string | null;
  receiptJws: string;
  logProof: string | null;
}

const SELECT = `
  SELECT c.id, c.session_id AS "sessionId", c.booking_id AS "bookingId", c.office_id AS "officeId", o.name AS "officeName",
         c.point_id AS "pointId", c.matter_code AS "matterCode", m.name_zh AS "matterNameZh", c.number, c.holder_name AS "holderName",
         c.holder_id_masked AS "holderIdMasked", c.issued_at AS "issuedAt", c.audit_seq::text AS "auditSeq", c.audit_hash AS "auditHash",
         c.pdf_sha256 AS "pdfSha256", c.status, c.revoked_at AS "revokedAt", c.revoke_reason AS "revokeReason", c.receipt_jws AS "receiptJws", c.log_proof AS "logProof"
    FROM certificates c JOIN offices o ON o.id = c.office_id JOIN matters m ON m.code = c.matter_code`;

/** The facts a receipt vouches for; checkable offline with the JWKS alone. */
export interface ReceiptClaims {
  typ: 'notarial-certificate-receipt';
  certificateId: string;
  no: string;
  matter: { code: string; nameZh: string };
  office: { id: string; name: string };
  issuedAt: string;
  /** SHA-256 of `<certificateId>:<ID number>:<name>`: whoever holds the ID card can check it. */
  holderHash: string;
  audit: { seq: number; hash: string };
}

@Injectable()
export class CertificateService implements OnApplicationBootstrap {
  private readonly log = new Logger('Certificates');
  private identitiesOnce?: SigningIdentities;

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Each office signs in its own name (signing-identities.ts). */
  private get identities(): SigningIdentities {
    return (this.identitiesOnce ??= new SigningIdentities(this.config, () => this.clock.now()));
  }

  /** Production keys: refuse to start when an office has no usable signing key. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.officeKeys) return;
    await this.identities.checkOffices(
      (await this.db.query(`SELECT id, name FROM offices ORDER BY name`)) as { id: string; name: string }[],
    );
  }

  // ── issuing ────────────────────────────────────────────────────────────────

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
   * right after, from the stored facts.
   */
  async approve(actor: Actor, sessionId: string, fields?: Record<string, string>) {
    const issued = await this.db.transaction(async (m) => {
      const s = await this.sessions.visible(actor, sessionId, m, true);
      assertStaffCan(actor, 'approve', sessionOf(s));
      assertMove(s.status, 'approved');
      await this.recordings.assertReadyForApproval(m, sessionId);
      const facts = await this.issueFacts(m, sessionId, fields);
      const now = this.clock.now();
      const year = Number(shanghaiDate(now).slice(0, 4));
      const [{ seq }] = (await m.query(
        `INSERT INTO certificate_counters AS c (office_id, year, last_no) VALUES ($1, $2, 1)
         ON CONFLICT (office_id, year) DO UPDATE SET last_no = c.last_no + 1 RETURNING last_no AS seq`,
        [facts.officeId, year],
      )) as { seq: number }[];
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
          wordingSha256: sha256(facts.wording),
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
      await m.query(
        `INSERT INTO certificates (id, session_id, booking_id, office_id, point_id, notary_id, matter_code, year, seq, number, holder_name,
                                   holder_id_masked, holder_digest, wording, issued_at, receipt_jws, audit_seq, audit_hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [
          id,
          sessionId,
          facts.bookingId,
          facts.officeId,
          facts.pointId,
          s.notaryId,
          facts.matter.code,
          year,
          seq,
          number,
          facts.holderName,
          facts.idMasked,
          holderHash,
          facts.wording,
          now,
          receipt,
          entry.seq,
          entry.hash,
        ],
      );
      await this.sessions.repository.markApproved(m, sessionId, now);
      await this.bookings.repository.markCompleted(m, facts.bookingId);
      return { certificateId: id, certificateNo: number };
    });
    await this.sessions.push(sessionId, 'approved', issued);
    await this.storeLogProof(issued.certificateId);
    await this.storePdf(issued.certificateId).catch((err: unknown) => {
      // The certificate stands; its PDF is made again on first download.
      this.log.error(`PDF for ${issued.certificateId} failed: ${err instanceof Error ? err.stack : String(err)}`);
    });
    return issued;
  }

  /**
   * Evidence log v2: the issuing entry's tlog-proof, after waiting at most LOG_PROOF_WAIT_MS
   * (default 1 s) for its integration and, with witnesses, a cosigned checkpoint.
   */
  private async storeLogProof(id: string): Promise<void> {
    const [{ seq }] = (await this.db.query(`SELECT audit_seq::int AS seq FROM certificates WHERE id = $1`, [id])) as { seq: number }[];
    const proof = await this.evidence.proofForEntry(seq, this.config.logProofWaitMs);
    if (proof) await this.db.query(`UPDATE certificates SET log_proof = $2 WHERE id = $1`, [id, proof]);
  }

  /** Everything the wording and the PDF need, checked before a number is taken. */
  private async issueFacts(m: EntityManager, sessionId: string, override?: Record<string, string>) {
    const [row] = (await m.query(
      `SELECT s.booking_id AS "bookingId", s.matter_fields AS "matterFields", s.created_at AS "sessionAt", b.office_id AS "officeId",
              o.name AS "officeName", o.certificate_prefix AS prefix, b.point_id AS "pointId", p.name AS "pointName",
              b.applicant_name AS "holderName", b.applicant_id_enc AS "idEnc", b.applicant_id_masked AS "idMasked", b.matter_code AS "matterCode"
         FROM sessions s JOIN bookings b ON b.id = s.booking_id JOIN offices o ON o.id = b.office_id JOIN points p ON p.id = b.point_id
        WHERE s.id = $1`,
      [sessionId],
    )) as {
      bookingId: string;
      matterFields: Record<string, string>;
      sessionAt: Date;
      officeId: string;
      officeName: string;
      prefix: string;
      pointId: string;
      pointName: string;
      holderName: string;
      idEnc: string;
      idMasked: string;
      matterCode: string;
    }[];
    const matter = await this.matters.get(row.matterCode, m);
    const idNumber = this.personal.decrypt(row.idEnc);
    const wording = renderWording(
      toDefinition(matter),
      {
        applicantName: row.holderName,
        gender: genderOf(idNumber),
        birthDateZh: formatDateZh(birthDateOf(idNumber)),
        idNumber,
        issueDateZh: formatDateZh(shanghaiDate(this.clock.now())),
        sessionDateZh: formatDateZh(shanghaiDate(row.sessionAt)),
        pointName: row.pointName,
      },
      override ?? row.matterFields,
    );
    // Issue 13 item 6: a number is only taken for a certificate the fonts can print.
    const unprintable = unprintableCharacters([row.holderName, wording, row.officeName, row.pointName, matter.nameZh].join('\n'));
    if (unprintable.length)
      throw unprocessable(
        'UNPRINTABLE_CHARACTER',
        `证书字体无法打印 The certificate fonts cannot print ${unprintable.map(describeCharacter).join(', ')}; nothing was numbered.`,
      );
    if (override) await this.sessions.repository.setMatterFields(m, sessionId, override);
    return { ...row, idNumber, wording, matter: { code: matter.code, nameZh: matter.nameZh } };
  }

  private async signReceipt(claims: ReceiptClaims): Promise<string> {
    const { kid, key, alg } = await this.keys.signingKey('receipt');
    return new CompactSign(new TextEncoder().encode(canonicalize(claims)!))
      .setProtectedHeader({ alg, kid, typ: 'notarial-receipt+jws' })
      .sign(key);
  }

  /** Renders and signs the PDF from the stored facts (signing last), then keeps its bytes and hash. */
  async storePdf(id: string): Promise<Buffer> {
    const facts = await this.pdfFacts(id);
    let unsigned: Uint8Array;
    try {
      unsigned = await renderCertificatePdf(facts);
    } catch (err) {
      if (err instanceof MissingGlyphError)
        throw unprocessable('UNPRINTABLE_CHARACTER', `The certificate font has no glyph for a character in it: ${err.message}`);
      throw err;
    }
    const [{ officeId }] = (await this.db.query(`SELECT office_id AS "officeId" FROM certificates WHERE id = $1`, [id])) as {
      officeId: string;
    }[];
    const signer = await this.identities.signerFor({ id: officeId, name: facts.office.name }).catch((err: unknown) => {
      if (err instanceof SigningKeyMissingError)
        throw new DomainError(503, 'SIGNING_KEY_MISSING', `The office has no signing key: ${err.message}`);
      throw err;
    });
    const pdf = await signPdf(unsigned, signer, {
      reason: '公证书电子签名 Notarial certificate',
      location: facts.office.name,
      name: facts.office.name,
      signingTime: facts.issuedAt,
      tsaUrl: this.config.tsaUrl,
    }).catch((err: unknown) => {
      // Nothing is stored: the next download signs again once the authority answers.
      if (err instanceof TimestampError)
        throw new DomainError(503, 'TSA_UNAVAILABLE', `时间戳服务不可用 The time-stamping authority is unavailable: ${err.message}`);
      throw err;
    });
    const pdfSha256 = sha256(pdf);
    await this.db.transaction(async (m) => {
      const [{ done }] = (await m.query(`SELECT pdf_sha256 IS NOT NULL AS done FROM certificates WHERE id = $1 FOR UPDATE`, [id])) as {
        done: boolean;
      }[];
      if (done) return;
      await m.query(`UPDATE certificates SET pdf = $2, pdf_sha256 = $3 WHERE id = $1`, [id, pdf, pdfSha256]);
      await this.audit.append(m, {
        actor: 'system',
        action: 'certificate.pdf.stored',
        subjectType: 'certificate',
        subjectId: id,
        payload: { pdfSha256, size: pdf.length },
      });
    });
    const [{ pdf: stored }] = (await this.db.query(`SELECT pdf FROM certificates WHERE id = $1`, [id])) as { pdf: Buffer }[];
    return stored;
  }

  private async pdfFacts(id: string): Promise<CertificateFacts> {
    const [c] = (await this.db.query(
      `SELECT c.id, c.number, c.issued_at AS "issuedAt", c.holder_name AS "holderName", c.wording, c.receipt_jws AS "receiptJws", c.log_proof AS "logProof",
              c.audit_seq::int AS "auditSeq", c.audit_hash AS "auditHash", c.matter_code AS "matterCode", m.name_zh AS "matterNameZh",
              o.name AS "officeName", p.name AS "pointName", u.display_name AS "notaryName", b.applicant_id_enc AS "idEnc",
              b.applicant_id_masked AS "idMasked", s.id AS "sessionId", s.created_at AS "sessionStartedAt", s.ended_at AS "sessionEndedAt",
              s.notice_sha256 AS "noticeSha256", s.signed_record_sha256 AS "recordSha256", s.signature_sha256 AS "signatureSha256",
              t.label AS "terminalLabel", ci.face_score::float AS "faceScore", ci.liveness, ci.created_at AS "checkedAt"
         FROM certificates c JOIN sessions s ON s.id = c.session_id JOIN bookings b ON b.id = c.booking_id JOIN offices o ON o.id = c.office_id
         JOIN points p ON p.id = c.point_id JOIN users u ON u.id = c.notary_id JOIN matters m ON m.code = c.matter_code
         JOIN terminals t ON t.id = s.terminal_id JOIN check_ins ci ON ci.id = s.check_in_id
        WHERE c.id = $1`,
      [id],
    )) as Record<string, never>[];
    if (!c) throw notFound('CERTIFICATE_NOT_FOUND', 'No such certificate.');
    const idNumber = this.personal.decrypt(c.idEnc);
    const manifest = await manifestOf(this.db.manager, c.sessionId);
    const recording = await this.recordings.evidence(this.db.manager, c.sessionId);
    return {
      certificateId: c.id,
      certificateNo: c.number,
      issuedAt: c.issuedAt,
      holder: { name: c.holderName, idNumber, gender: genderOf(idNumber), birthDate: birthDateOf(idNumber) },
      matter: { code: c.matterCode, nameZh: c.matterNameZh, wording: c.wording },
      notary: { name: String(c.notaryName).replace(/（公证员）$/, '') },
      office: { name: c.officeName },
      point: { name: c.pointName },
      verifyUrl: `${this.config.publicBaseUrl}/verify/${c.id}`,
      evidence: {
        sessionStartedAt: c.sessionStartedAt,
        sessionEndedAt: c.sessionEndedAt,
        pointName: c.pointName,
        terminalLabel: c.terminalLabel,
        identity: { idNumberMasked: c.idMasked, faceScore: c.faceScore, liveness: c.liveness, checkedAt: c.checkedAt },
        noticeSha256: c.noticeSha256,
        recordSha256: c.recordSha256,
        signatureSha256: c.signatureSha256,
        // The finished manifest's hash; a certificate from before recordings were finished keeps the chunk list's.
        recordingManifestSha256: recording.finished?.manifestSha256 ?? sha256(canonicalize(manifest)!),
        recording: recording.finished,
        recordingOverride: recording.override,
        audit: { seq: c.auditSeq, hash: c.auditHash },
      },
      receiptJws: c.receiptJws,
      logProof: c.logProof,
    };
  }

  // ── reading ────────────────────────────────────────────────────────────────

  /** The certificate if the actor may have it: its citizen, the office's notaries, the point's assistants, admins. 404 otherwise. */
  private async accessible(actor: Actor, id: string, action: 'read' | 'revoke' = 'read'): Promise<CertificateRow> {
    const [c] = (await this.db.query(`${SELECT} WHERE c.id = $1`, [id])) as CertificateRow[];
    if (!c) throw notFound('CERTIFICATE_NOT_FOUND', 'No such certificate.');
    assertCan(actor, action, certificateOf(c));
    return c;
  }

  async metadata(actor: Actor, id: string) {
    return this.view(await this.accessible(actor, id));
  }

  async pdf(actor: Actor, id: string): Promise<{ bytes: Buffer; number: string }> {
    const c = await this.accessible(actor, id);
    const [{ pdf }] = (await this.db.query(`SELECT pdf FROM certificates WHERE id = $1`, [id])) as { pdf: Buffer | null }[];
    return { bytes: pdf ?? (await this.storePdf(id)), number: c.number };
  }

  private view(c: CertificateRow) {
    return {
      id: c.id,
      no: c.number,
      status: c.status,
      matter: { code: c.matterCode, nameZh: c.matterNameZh },
      office: { id: c.officeId, name: c.officeName },
      holderName: c.holderName,
      holderMasked: c.holderIdMasked,
      issuedAt: c.issuedAt.toISOString(),
      sessionId: c.sessionId,
      bookingId: c.bookingId,
      pdfSha256: c.pdfSha256,
      audit: { seq: Number(c.auditSeq), hash: c.auditHash },
      ...(c.revokedAt && { revokedAt: c.revokedAt.toISOString(), revokeReason: c.revokeReason }),
    };
  }

  /** What the public verification page shows: status and masked facts only. */
  async publicFacts(id: string) {
    const [c] = (await this.db.query(`${SELECT} WHERE c.id = $1`, [id])) as CertificateRow[];
    if (!c) return undefined;
    return {
      no: c.number,
      matter: c.matterNameZh,
      office: c.officeName,
      issuedAt: c.issuedAt.toISOString(),
      holderMasked: maskName(c.holderName),
      status: c.status,
      revokedAt: c.revokedAt?.toISOString(),
      pdfSha256: c.pdfSha256,
      log: await this.evidence.checkCertificateProof(c.logProof, c.auditHash, c.id),
    };
  }

  // ── verification ───────────────────────────────────────────────────────────

  /**
   * Identifies a PDF by its SHA-256 against the bytes we stored when we signed it. Bytes we
   * never issued are told apart: a file that carries one of our receipts but differs from what
   * we stored was changed (TAMPERED); anything else is UNKNOWN.
   */
  async verify(pdf: Buffer) {
    if (pdf.length < 5 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw badRequest('NOT_A_PDF', 'Send the certificate PDF itself (it must start with %PDF-).');
    }
    const digest = sha256(pdf);
    const [byHash] = (await this.db.query(`${SELECT} WHERE c.pdf_sha256 = $1`, [digest])) as CertificateRow[];
    if (byHash) return this.verdict(byHash, true, pdf);
    const receipt = await extractReceipt(new Uint8Array(pdf)).catch(() => undefined);
    const claims = receipt ? await this.checkReceipt(receipt) : undefined;
    if (claims) {
      const [issued] = (await this.db.query(`${SELECT} WHERE c.id = $1`, [claims.certificateId])) as CertificateRow[];
      if (issued) return { ...(await this.verdict(issued, false)), valid: false, reason: 'TAMPERED' as const };
    }
    return { valid: false, reason: 'UNKNOWN' as const };
  }

  private async verdict(c: CertificateRow, bytesMatch: boolean, pdf?: Buffer) {
    const chainOk = await this.auditEntryOk(Number(c.auditSeq), c.auditHash);
    const revoked = c.status === 'revoked';
    // The stored hash matching is not enough: the PDF's own signature must hold too (signature-verify.ts).
    const sig = bytesMatch && pdf ? checkPdfSignature(pdf, { trustedCas: await this.identities.trustedCas() }) : undefined;
    const sigBroken = sig !== undefined && !sig.ok;
    return {
      valid: bytesMatch && !revoked && chainOk && !sigBroken,
      ...(revoked
        ? { reason: 'REVOKED' as const, revokedAt: c.revokedAt!.toISOString() }
        : !chainOk
          ? { reason: 'AUDIT_BROKEN' as const }
          : sigBroken
            ? { reason: 'TAMPERED' as const }
            : {}),
      certificate: {
        id: c.id,
        no: c.number,
        matter: c.matterNameZh,
        office: c.officeName,
        issuedAt: c.issuedAt.toISOString(),
        holderMasked: maskName(c.holderName),
        status: c.status,
      },
      signature: {
        cms: !bytesMatch ? ('digest-mismatch' as const) : sigBroken ? ('invalid' as const) : ('valid' as const),
        signer: c.officeName,
        ...signatureAnswer(sig),
      },
      audit: { seq: Number(c.auditSeq), hash: c.auditHash, chainOk },
      log: await this.evidence.checkCertificateProof(c.logProof, c.auditHash, c.id),
    };
  }

  /** The issuing entry is in the chain, recomputes to its hash, and the next entry links to it. */
  private async auditEntryOk(seq: number, hash: string): Promise<boolean> {
    const [own, next] = await this.audit.range(seq, 2);
    return (
      !!own &&
      own.seq === seq &&
      own.hash === hash &&
      entryHash(own) === hash &&
      (!next || next.prevHash === null || next.prevHash === hash)
    );
  }

  /** The receipt's claims if it verifies against our published keys. */
  async checkReceipt(jws: string): Promise<ReceiptClaims | undefined> {
    try {
      const kid = decodeProtectedHeader(jws).kid;
      const jwk = kid ? await this.keys.publicJwk(kid, 'receipt') : undefined;
      if (!jwk) return undefined;
      const { payload } = await compactVerify(jws, await importJWK(jwk, 'EdDSA'), { algorithms: ['EdDSA'] });
      return JSON.parse(new TextDecoder().decode(payload)) as ReceiptClaims;
    } catch {
      return undefined;
    }
  }

  // ── revocation ─────────────────────────────────────────────────────────────

  async revoke(actor: Actor, id: string, reason: string) {
    const seen = await this.accessible(actor, id, 'revoke');
    return this.db.transaction(async (m) => {
      const [c] = (await m.query(`SELECT status, notary_id AS "notaryId" FROM certificates WHERE id = $1 FOR UPDATE`, [id])) as {
        status: string;
        notaryId: string;
      }[];
      // Who may revoke (issue 16, item 10), from the locked row: the issuing notary or an admin.
      assertCan(actor, 'revoke', { ...certificateOf(seen), notaryId: c.notaryId });
      if (c.status === 'revoked') throw conflict('ALREADY_REVOKED', 'This certificate is already revoked.');
      const now = this.clock.now();
      await m.query(`UPDATE certificates SET status = 'revoked', revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1`, [
        id,
        now,
        actor.kind === 'staff' ? actor.id : null,
        reason,
      ]);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'certificate.revoked',
        subjectType: 'certificate',
        subjectId: id,
        payload: { reason },
      });
      const [row] = (await m.query(`${SELECT} WHERE c.id = $1`, [id])) as CertificateRow[];
      return this.view(row);
    });
  }
}

/** 王堃 → 王*, 欧阳明辉 → 欧阳**: the public page never shows a whole name. */
export function maskName(name: string): string {
  const chars = [...name];
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, chars.length - keep));
}

/** The facts the access policy needs about a certificate: those of its case. */
function certificateOf(c: Pick<CertificateRow, 'bookingId' | 'pointId' | 'officeId'>) {
  return { kind: 'certificate' as const, bookingId: c.bookingId, pointId: c.pointId, officeId: c.officeId };
}
