/**
 * What every certificate job shares: who may read a certificate, its public view, and the signed
 * PDF (rendered and signed from the stored facts, then kept). Issuance, verification, revocation
 * and corrections each live in their own file beside this one; the SQL of all of them in
 * certificate.repository.ts and corrections.repository.ts.
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
import { CertificateRepository, type CertificateRow, type CheckInColumns } from './certificate.repository.js';
import { CorrectionsRepository } from './corrections.repository.js';

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

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
    private readonly certificates: CertificateRepository,
    private readonly corrections: CorrectionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Each office signs in its own name (signing-identities.ts). */
  get identities(): SigningIdentities {
    return (this.identitiesOnce ??= new SigningIdentities(this.config, () => this.clock.now()));
  }

  /** The certificate if the actor may have it: its citizen, the office's notaries, the point's assistants, admins. 404 otherwise. */
  async readable(actor: Actor, id: string, action: Action<'certificate'> = 'read'): Promise<CertificateRow> {
    const c = await this.certificates.find('id', id);
    if (!c) throw notFound('CERTIFICATE_NOT_FOUND', 'No such certificate.');
    assertCan(actor, action, certificateOf(c));
    return c;
  }

  async metadata(actor: Actor, id: string) {
    return this.view(await this.readable(actor, id));
  }

  async pdf(actor: Actor, id: string): Promise<{ bytes: Buffer; number: string }> {
    const c = await this.readable(actor, id);
    const pdf = await this.certificates.pdf(id);
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
    const { facts, officeId } = await this.pdfFacts(id);
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
    const stored = await this.db.transaction(async (m) => {
      if (await this.certificates.lockPdfStored(m, id)) return false;
      await this.certificates.setPdf(m, id, pdf, pdfSha256);
      await this.audit.append(m, {
        actor: 'system',
        action: 'certificate.pdf.stored',
        subjectType: 'certificate',
        subjectId: id,
        payload: { pdfSha256, size: pdf.length },
      });
      return true;
    });
    // The bytes kept: this instance's, or another's that stored first.
    return stored ? pdf : (await this.certificates.pdf(id))!;
  }

  /** The renderer's facts and the issuing office, read on the pool side by side. */
  private async pdfFacts(id: string): Promise<{ facts: CertificateFacts; officeId: string }> {
    const c = await this.certificates.pdfFacts(id);
    if (!c) throw notFound('CERTIFICATE_NOT_FOUND', 'No such certificate.');
    const idNumber = this.personal.decrypt(c.idEnc);
    const [recording, corrected] = await Promise.all([this.recordings.evidence(this.db.manager, c.sessionId), this.corrections.latest(id)]);
    // The chunk list is needed only for a certificate from before recordings were finished.
    const manifest = recording.finished ? undefined : await this.recordings.manifest(this.db.manager, c.sessionId);
    const override = recording.override && {
      ...recording.override,
      reason: corrected.recordingOverrideReason ?? recording.override.reason,
      byName: corrected.recordingOverrideByName ?? recording.override.byName,
    };
    const facts: CertificateFacts = {
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
        identity: identityEvidence(c),
        noticeSha256: c.noticeSha256,
        recordSha256: c.recordSha256,
        signatureSha256: c.signatureSha256,
        // The finished manifest's hash; a certificate from before recordings were finished keeps the chunk list's.
        recordingManifestSha256: recording.finished?.manifestSha256 ?? manifestSha256(manifest!),
        recording: recording.finished,
        recordingOverride: override,
        audit: { seq: c.auditSeq, hash: c.auditHash },
      },
      receiptJws: c.receiptJws,
      logProof: c.logProof,
    };
    return { facts, officeId: c.officeId };
  }
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
