import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditEntryView {
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'UTC, microsecond precision' }) occurredAt: string;
  @ApiProperty() actor: string;
  @ApiProperty() action: string;
  @ApiProperty({ type: String, nullable: true }) subjectType: string | null;
  @ApiProperty({ type: String, nullable: true }) subjectId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, description: 'v1 (hash-chain) entries only' }) prevHash: string | null;
  @ApiProperty() hash: string;
  @ApiPropertyOptional({ type: Number, nullable: true, description: "Position in the log's Merkle tree; null while pending" })
  leafIndex?: number | null;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) entries: AuditEntryView[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `after` for the next page; null at the end' }) next: number | null;
}

export class InclusionProof {
  @ApiProperty() index: number;
  @ApiProperty() treeSize: number;
  @ApiProperty({ description: 'base64' }) leafHash: string;
  @ApiProperty({ type: [String], description: 'base64 hashes' }) proof: string[];
}

export class ConsistencyProof {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [String], description: 'base64 hashes' }) proof: string[];
}
