import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string' } }, additionalProperties: true },
};

/** Terminus's health answer: `{ status: "ok", info: { database: { status: "up", latencyMs } }, error: {}, details }`. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: string;
  @ApiPropertyOptional(INDICATORS) info?: Record<string, unknown>;
  @ApiPropertyOptional(INDICATORS) error?: Record<string, unknown>;
  @ApiProperty(INDICATORS) details: Record<string, unknown>;
}
