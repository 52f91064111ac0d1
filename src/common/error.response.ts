import { ApiDefaultResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** The one error shape every route answers with (common/error.filter.ts). */
export class ErrorResponse {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', description: 'Stable machine code', example: 'BOOKING_NOT_FOUND' })
  code: ErrorCode;
  @ApiProperty({ description: 'What went wrong, for people' }) message: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Extra facts for some codes (e.g. retryAfterSeconds on 429)',
  })
  details?: unknown;
}

/** Put on a controller: every one of its routes documents `{ statusCode, code, message, details? }` as its error answer. */
export const ApiErrors = () => ApiDefaultResponse({ description: 'Any error: 4xx with a stable code, or 5xx', type: ErrorResponse });
