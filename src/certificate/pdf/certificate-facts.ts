/** Everything printed on a certificate, already decided: the renderer adds no facts of its own. */
export interface CertificateFacts {
  certificateId: string;
  /** The office's number for it, e.g. (2026)苏镇丹证字第7号. */
  certificateNo: string;
  issuedAt: Date;
  holder: {
    name: string;
    idNumber: string;
    gender: '男' | '女';
    /** YYYY-MM-DD */
    birthDate: string;
  };
  matter: {
    code: string;
    nameZh: string;
    /** The filled-in certificate text; paragraphs are separated by line breaks. */
    wording: string;
  };
  notary: { name: string };
  office: { name: string };
  point: { name: string };
  verifyUrl: string;
  evidence: {
    sessionStartedAt: Date;
    sessionEndedAt: Date;
    pointName: string;
    terminalLabel: string;
    identity: IdentityEvidence;
    noticeSha256: string;
    recordSha256: string;
    signatureSha256: string;
    recordingManifestSha256: string;
    /** The finished recording's manifest (null: none, see the override). */
    recording?: { chunkCount: number; bytes: number; durationMs: number; finalHash: string } | null;
    /** The notary's recorded reason for approving without a complete recording. */
    recordingOverride?: { reason: string; byName: string; at: string } | null;
    audit: { seq: number; hash: string };
  };
  /** Compact JWS of the issuing receipt; embedded as the attachment `receipt.jws`. */
  receiptJws: string;
  /** The issuing entry's tlog-proof, embedded as `log-proof.tlog-proof` (absent before evidence log v2). */
  logProof?: string | null;
}

/**
 * What the check-in measured, in its own measure: a certified terminal reports a similarity
 * (higher is closer); this service's own comparison a descriptor distance against its threshold
 * (lower is closer). Neither is converted into the other.
 */
export type IdentityEvidence = { idNumberMasked: string; checkedAt: Date } & (
  | { method: 'terminal_attested'; /** Face match similarity reported by the terminal, 0..1. */ faceScore: number; liveness: boolean }
  | {
      method: 'service_verified';
      model: string;
      faceDistance: number;
      faceThreshold: number;
      /** null: liveness was not checked (IDENTITY_LIVENESS=off). */
      liveness: boolean | null;
      steps: string[];
    }
);

/**
 * A certificate before approval, for the notary's preview: what the certificate will print,
 * without what only issuing gives it — no number, no certificate id, no verification address
 * (so no QR code), no audit entry, no receipt — and never signed.
 */
export interface DraftCertificateFacts extends Omit<
  CertificateFacts,
  'certificateId' | 'certificateNo' | 'verifyUrl' | 'receiptJws' | 'logProof' | 'evidence'
> {
  draft: true;
  evidence: Omit<CertificateFacts['evidence'], 'audit'>;
}
