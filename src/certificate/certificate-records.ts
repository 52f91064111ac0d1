/**
 * The certificates table and what every certificate job shares: its rows, who may read them,
 * their public view, and the signed PDF (rendered and signed from the stored facts, then kept).
 * Issuance, verification and revocation each live in their own file beside this one.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { DataSource } from 'typeorm';
import { assertCan, type Action } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, unprocessable } from '../common/errors.js';
import { birthDateOf, genderOf } from '../common/id-number.js';
import { PersonalData } from '../common/personal-data.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RecordingService } from '../session/recording.service.js';
import {
  MissingGlyphError,
  renderCertificatePdf,
  signPdf,
  TimestampError,
  type CertificateFacts,
  type IdentityEvidence,
} from './pdf/index.js';
import { SigningIdentities, SigningKeyMissingError } from './signing-identities.js';
import { latestCorrections } from './corrections.js';

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

export interface CertificateRow {
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

export const SELECT = `
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
export class CertificateRecords {
  private identitiesOnce?: SigningIdentities;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly personal: PersonalData,
    private readonly recordings: RecordingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Each office signs in its own name (signing-identities.ts). */
  get identities(): SigningIdentities {
    return (this.identitiesOnce ??= new SigningIdentities(this.config, () => this.clock.now()));
  }

  async find(where: 'id' | 'pdf_sha256', value: string): Promise<CertificateRow | undefined> {
    const [c] = (await this.db.query(`${SELECT} WHERE c.${where} = $1`, [value])) as CertificateRow[];
    return c;
  }

  /** The certificate if the actor may have it: its citizen, the office's notaries, the point's assistants, admins. 404 otherwise. */
  async readable(actor: Actor, id: string, action: Action<'certificate'> = 'read'): Promise<CertificateRow> {
    const c = await this.find('id', id);
    if (!c) throw notFound('CERTIFICATE_NOT_FOUND', 'No such certificate.');
    assertCan(actor, action, certificateOf(c));
    return c;
  }

  async metadata(actor: Actor, id: string) {
    return this.view(await this.readable(actor, id));
  }

  async pdf(actor: Actor, id: string): Promise<{ bytes: Buffer; number: string }> {
    const c = await this.readable(actor, id);
    const [{ pdf }] = (await this.db.query(`SELECT pdf FROM certificates WHERE id = $1`, [id])) as { pdf: Buffer | null }[];
    return { bytes: pdf ?? (await this.storePdf(id)), number: c.number };
  }

  view(c: CertificateRow) {
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

  /**
   * Renders and signs the PDF from the stored facts (signing last), then keeps its bytes and hash.
   * `pending.logProof`: the log proof approval is still waiting for, attached when it comes.
   */
  async storePdf(id: string, pending?: { logProof: Promise<string | undefined> }): Promise<Buffer> {
    const facts = await this.pdfFacts(id);
    let unsigned: Uint8Array;
    try {
      unsigned = await renderCertificatePdf(facts, pending);
    } catch (err) {
      if (err instanceof MissingGlyphError)
        throw unprocessable(
          'UNPRINTABLE_CHARACTER',
          `The certificate font has no glyph for a character in it: ${err.message}. ` +
            'An administrator can correct the printed value (POST /api/certificates/:id/corrections); the number stays.',
        );
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
              t.label AS "terminalLabel", ${CHECK_IN_COLUMNS}
         FROM certificates c JOIN sessions s ON s.id = c.session_id JOIN bookings b ON b.id = c.booking_id JOIN offices o ON o.id = c.office_id
         JOIN points p ON p.id = c.point_id JOIN users u ON u.id = c.notary_id JOIN matters m ON m.code = c.matter_code
         JOIN terminals t ON t.id = s.terminal_id JOIN check_ins ci ON ci.id = s.check_in_id
        WHERE c.id = $1`,
      [id],
    )) as Record<string, never>[];
    if (!c) throw notFound('CERTIFICATE_NOT_FOUND', 'No such certificate.');
    const idNumber = this.personal.decrypt(c.idEnc);
    const manifest = await this.recordings.manifest(this.db.manager, c.sessionId);
    const recording = await this.recordings.evidence(this.db.manager, c.sessionId);
    const corrected = await latestCorrections(this.db, id);
    const override = recording.override && {
      ...recording.override,
      reason: corrected.recordingOverrideReason ?? recording.override.reason,
      byName: corrected.recordingOverrideByName ?? recording.override.byName,
    };
    return {
      certificateId: c.id,
      certificateNo: c.number,
      issuedAt: c.issuedAt,
      holder: { name: c.holderName, idNumber, gender: genderOf(idNumber), birthDate: birthDateOf(idNumber) },
      matter: { code: c.matterCode, nameZh: c.matterNameZh, wording: withIdNumber(c.wording, idNumber) },
      notary: { name: corrected.notaryName ?? String(c.notaryName).replace(/（公证员）$/, '') },
      office: { name: c.officeName },
      point: { name: c.pointName },
      verifyUrl: `${this.config.publicBaseUrl}/verify/${c.id}`,
      evidence: {
        sessionStartedAt: c.sessionStartedAt,
        sessionEndedAt: c.sessionEndedAt,
        pointName: c.pointName,
        terminalLabel: corrected.terminalLabel ?? c.terminalLabel,
        identity: identityEvidence(c as unknown as CheckInColumns),
        noticeSha256: c.noticeSha256,
        recordSha256: c.recordSha256,
        signatureSha256: c.signatureSha256,
        // The finished manifest's hash; a certificate from before recordings were finished keeps the chunk list's.
        recordingManifestSha256: recording.finished?.manifestSha256 ?? manifestSha256(manifest),
        recording: recording.finished,
        recordingOverride: override,
        audit: { seq: c.auditSeq, hash: c.auditHash },
      },
      receiptJws: c.receiptJws,
      logProof: c.logProof,
    };
  }
}

/** The check-in's columns, as the certificate queries select them (`check_ins ci`). */
export const CHECK_IN_COLUMNS = `ci.face_score::float AS "faceScore", ci.liveness, ci.created_at AS "checkedAt", ci.method, ci.model,
  ci.face_distance::float AS "faceDistance", ci.face_threshold::float AS "faceThreshold", ci.liveness_steps AS "livenessSteps"`;

export interface CheckInColumns {
  idMasked: string;
  faceScore: number;
  liveness: boolean;
  checkedAt: Date;
  method: 'service_verified' | 'terminal_attested';
  model: string;
  faceDistance: number;
  faceThreshold: number;
  livenessSteps: { asked: string[] } | null;
}

/** What the check-in measured, as the certificate's evidence page prints it. */
export function identityEvidence(c: CheckInColumns): IdentityEvidence {
  return c.method === 'service_verified'
    ? {
        method: 'service_verified',
        idNumberMasked: c.idMasked,
        checkedAt: c.checkedAt,
        model: c.model,
        faceDistance: c.faceDistance,
        faceThreshold: c.faceThreshold,
        liveness: c.liveness,
        steps: c.livenessSteps?.asked ?? [],
      }
    : { method: 'terminal_attested', idNumberMasked: c.idMasked, faceScore: c.faceScore, liveness: c.liveness, checkedAt: c.checkedAt };
}

/** The hash of a recording's chunk list, for certificates from before recordings were finished. */
export const manifestSha256 = (manifest: unknown) => sha256(canonicalize(manifest)!);

/**
 * Stands for the holder's ID number in the stored wording, so that no table holds it in clear;
 * the PDF fills it in from the encrypted value. Private-use characters: no certificate font
 * draws them, so the printable-text rule keeps them out of templates and matter fields.
 */
export const ID_NUMBER_SLOT = '\ue000公民身份号码\ue001';

/** The wording as stored, with the ID number replaced by its slot. */
export const withoutIdNumber = (wording: string, idNumber: string) => wording.replaceAll(idNumber, ID_NUMBER_SLOT);

/** The wording as printed. Certificates stored before the slot existed have no slot and print as stored. */
export const withIdNumber = (wording: string, idNumber: string) => wording.replaceAll(ID_NUMBER_SLOT, idNumber);

/** 王堃 → 王*, 欧阳明辉 → 欧阳**: the public page never shows a whole name. */
export function maskName(name: string): string {
  const chars = [...name];
  const keep = chars.length >= 4 ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, chars.length - keep));
}

/** The facts the access policy needs about a certificate: those of its case. */
export function certificateOf(c: Pick<CertificateRow, 'bookingId' | 'pointId' | 'officeId'>) {
  return { kind: 'certificate' as const, bookingId: c.bookingId, pointId: c.pointId, officeId: c.officeId };
}
