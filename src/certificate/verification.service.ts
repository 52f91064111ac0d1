/** Verification: a PDF against what was issued (its hash, its own signature, its receipt, the logs), and the public page's facts. */
import { Injectable } from '@nestjs/common';
import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { KeyStore } from '../auth/key-store.service.js';
import { entryHash } from '../audit/audit-encoding.js';
import { AuditService } from '../audit/audit.service.js';
import { LogService } from '../audit/log/log.service.js';
import { badRequest } from '../common/errors.js';
import { LateProofs } from './late-proofs.service.js';
import { CertificateRecords, maskName, sha256, type ReceiptClaims } from './certificate-records.js';
import { CertificateRepository, type CertificateRow } from './certificate.repository.js';
import { signatureAnswer, type SignatureCheck } from './signature-verify.js';
import { VerifyPool } from './verify-pool.js';

@Injectable()
export class CertificateVerification {
  constructor(
    private readonly audit: AuditService,
    private readonly evidence: LogService,
    private readonly keys: KeyStore,
    private readonly records: CertificateRecords,
    private readonly certificates: CertificateRepository,
    private readonly pool: VerifyPool,
    private readonly lateProofs: LateProofs,
  ) {}

  /** The stored proof, or one made now if the log has caught up since issuance (stored, once). */
  private async proofOf(c: CertificateRow): Promise<string | null> {
    return c.logProof ?? (await this.lateProofs.store(c.id)) ?? null;
  }

  /** What the public verification page shows: status and masked facts only. */
  async publicFacts(id: string) {
    const c = await this.certificates.find('id', id);
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
      log: await this.evidence.checkCertificateProof(await this.proofOf(c), c.auditHash, c.id),
    };
  }

  /**
   * Identifies a PDF by its SHA-256 against the bytes we stored when we signed it. Bytes we
   * never issued are told apart: a file that carries one of our receipts but differs from what
   * we stored was changed (TAMPERED); anything else is UNKNOWN. Everything that parses the file
   * (its bounds, pdf-lib, the signature) runs in the worker pool, never on this thread.
   */
  async verify(pdf: Buffer) {
    if (pdf.length < 5 || pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw badRequest('NOT_A_PDF', 'Send the certificate PDF itself (it must start with %PDF-).');
    }
    const digest = sha256(pdf);
    const byHash = await this.certificates.find('pdf_sha256', digest);
    if (byHash) {
      const trustedCas = (await this.records.identities.trustedCas())?.map((ca) => new Uint8Array(ca.raw));
      const { signature } = await this.pool.inspect({ pdf, want: 'signature', trustedCas });
      return this.verdict(byHash, true, signature);
    }
    const { receipt } = await this.pool.inspect({ pdf, want: 'receipt' });
    const claims = receipt ? await this.checkReceipt(receipt) : undefined;
    if (claims) {
      const issued = await this.certificates.find('id', claims.certificateId);
      if (issued) return { ...(await this.verdict(issued, false)), valid: false, reason: 'TAMPERED' as const };
    }
    return { valid: false, reason: 'UNKNOWN' as const };
  }

  private async verdict(c: CertificateRow, bytesMatch: boolean, sig?: SignatureCheck) {
    const chainOk = await this.auditEntryOk(Number(c.auditSeq), c.auditHash);
    const revoked = c.status === 'revoked';
    // The stored hash matching is not enough: the PDF's own signature must hold too (signature-verify.ts).
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
      log: await this.evidence.checkCertificateProof(await this.proofOf(c), c.auditHash, c.id),
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
}
