import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IdName, MatterRef } from '../../booking/dto/booking.response.js';

export class MatterFieldsSaved {
  @ApiProperty() sessionId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) fields: Record<string, string>;
}

export class CertificateIssued {
  @ApiProperty() certificateId: string;
  @ApiProperty() certificateNo: string;
}

export class AuditRef {
  @ApiProperty() seq: number;
  @ApiProperty() hash: string;
}

export class CertificateView {
  @ApiProperty() id: string;
  @ApiProperty() no: string;
  @ApiProperty({ enum: ['valid', 'revoked'] }) status: string;
  @ApiProperty({ type: MatterRef }) matter: MatterRef;
  @ApiProperty({ type: IdName }) office: IdName;
  @ApiProperty() holderName: string;
  @ApiProperty() holderMasked: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty() sessionId: string;
  @ApiProperty() bookingId: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null until the signed PDF is stored' }) pdfSha256: string | null;
  @ApiProperty({ type: AuditRef }) audit: AuditRef;
  @ApiPropertyOptional({ format: 'date-time' }) revokedAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) revokeReason?: string | null;
}

export class VerifiedCertificate {
  @ApiProperty() id: string;
  @ApiProperty() no: string;
  @ApiProperty({ description: 'Matter name (Chinese)' }) matter: string;
  @ApiProperty({ description: 'Issuing office name' }) office: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty() holderMasked: string;
  @ApiProperty() status: string;
}

export class SignatureTimestamp {
  @ApiProperty({ format: 'date-time' }) time: string;
  @ApiProperty() tsa: string;
}

export class VerifiedSignature {
  @ApiProperty({ enum: ['valid', 'invalid', 'digest-mismatch'] }) cms: 'valid' | 'invalid' | 'digest-mismatch';
  @ApiProperty() signer: string;
  @ApiPropertyOptional({ description: 'The signer certificate’s serial number (hex): a renewed office certificate has another' })
  signerSerial?: string;
  @ApiPropertyOptional({ description: 'The trusted CA the signer’s chain ends at' }) issuer?: string;
  @ApiPropertyOptional({ description: 'PAdES level, e.g. B-B or B-T' }) level?: string;
  @ApiPropertyOptional() signedAt?: string;
  @ApiPropertyOptional({ type: SignatureTimestamp, nullable: true }) timestamp?: SignatureTimestamp | null;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional() problem?: string;
}

export class VerifiedAudit extends AuditRef {
  @ApiProperty() chainOk: boolean;
}

export class VerifiedLogProof {
  @ApiProperty({ description: 'Whether the certificate carries an evidence-log proof' }) present: boolean;
  @ApiPropertyOptional() ok?: boolean;
  @ApiPropertyOptional() origin?: string;
  @ApiPropertyOptional() index?: number;
  @ApiPropertyOptional() treeSize?: number;
  @ApiPropertyOptional() leafHash?: string;
  @ApiPropertyOptional({ type: [String], description: 'Witnesses whose cosignatures verified' }) cosignedBy?: string[];
  @ApiPropertyOptional() problem?: string;
}

export class CertificateVerifyResult {
  @ApiProperty() valid: boolean;
  @ApiPropertyOptional({ enum: ['REVOKED', 'TAMPERED', 'UNKNOWN', 'AUDIT_BROKEN'] }) reason?:
    'REVOKED' | 'TAMPERED' | 'UNKNOWN' | 'AUDIT_BROKEN';
  @ApiPropertyOptional({ format: 'date-time' }) revokedAt?: string;
  @ApiPropertyOptional({ type: VerifiedCertificate }) certificate?: VerifiedCertificate;
  @ApiPropertyOptional({ type: VerifiedSignature }) signature?: VerifiedSignature;
  @ApiPropertyOptional({ type: VerifiedAudit }) audit?: VerifiedAudit;
  @ApiPropertyOptional({ type: VerifiedLogProof }) log?: VerifiedLogProof;
}

export class CorrectionRecorded {
  @ApiProperty() certificateId: string;
  @ApiProperty({ enum: ['terminalLabel', 'notaryName', 'recordingOverrideReason', 'recordingOverrideByName'] }) field: string;
  @ApiProperty() value: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true, description: 'the administrator’s user id (null once the account is gone)' }) by:
    string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}
