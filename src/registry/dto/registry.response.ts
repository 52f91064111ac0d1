import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `{ mon: [["08:30","12:00"], …], … }`: Shanghai wall-clock ranges per weekday (registry/opening-hours.ts). */
export const WEEKLY_PLAN_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 } },
} as const;

export class DatedExceptionView {
  @ApiProperty({ example: '2026-10-01' }) date: string;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'string' } } }) ranges: [string, string][];
}

export class CodeName {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class OfficeRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class PointView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty() phone: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status: 'active' | 'suspended';
  @ApiProperty(WEEKLY_PLAN_SCHEMA) openingHours: Record<string, [string, string][]>;
  @ApiProperty({ type: [DatedExceptionView] }) exceptions: DatedExceptionView[];
  @ApiProperty({ type: CodeName }) township: CodeName;
  @ApiProperty({ type: OfficeRef }) office: OfficeRef;
}

export class AssistantCreated {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['assistant'] }) role: string;
  @ApiProperty() pointId: string;
}

export class StaffRow {
  @ApiProperty() id: string;
  @ApiPropertyOptional({ description: 'Administrators only (notary lists)' }) username?: string;
  @ApiProperty() displayName: string;
  @ApiProperty() active: boolean;
}

export class NotaryRow extends StaffRow {
  @ApiProperty() licenseNo: string;
}

export class TerminalRegistered {
  @ApiProperty() id: string;
  @ApiProperty() kid: string;
  @ApiProperty({ enum: ['EdDSA', 'ES256'] }) alg: 'EdDSA' | 'ES256';
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['pending', 'active', 'disabled'] }) status: 'pending' | 'active' | 'disabled';
}

export class TerminalView extends TerminalRegistered {
  @ApiProperty() pointId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The public key as a JWK' })
  publicJwk: Record<string, string>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) approvedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
}

export class OfficeView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiPropertyOptional() regionName?: string;
  @ApiProperty() certificatePrefix: string;
  @ApiProperty() address: string;
  @ApiProperty() phone: string;
}

export class NotaryCreated {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['notary'] }) role: string;
  @ApiProperty() officeId: string;
  @ApiProperty() licenseNo: string;
}

const LEVELS = ['province', 'city', 'county', 'township'];

export class RegionView {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LEVELS }) level: string;
  @ApiProperty({ type: String, nullable: true }) parentCode: string | null;
  @ApiProperty() illustrative: boolean;
}

export class RegionRef {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LEVELS }) level: string;
}

export class CoverageFigures {
  @ApiProperty({ type: RegionRef }) region: RegionRef;
  @ApiProperty() townships: number;
  @ApiProperty() townshipsWithActivePoint: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Share of townships covered, 0–1; null without townships' })
  rate: number | null;
  @ApiPropertyOptional() belowTarget?: boolean;
}

export class CoveragePoint {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['active', 'suspended'] }) status: string;
  @ApiProperty({ type: CodeName }) township: CodeName;
  @ApiProperty({ type: OfficeRef }) office: OfficeRef;
}

/** A county or township lists its points; a city or province one row per child region. */
export class CoverageView extends CoverageFigures {
  @ApiPropertyOptional() target?: number;
  @ApiPropertyOptional({ type: [CoveragePoint] }) points?: CoveragePoint[];
  @ApiPropertyOptional({ type: [CoverageFigures] }) children?: CoverageFigures[];
}
