import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.js';
import { IsPrintableText } from '../../common/printable-validator.js';

export class CreateSessionDto {
  @ApiProperty() @IsUUID() bookingId: string;
}

export class CheckInDto {
  @ApiProperty({ description: "compact JWS signed by one of the point's active terminals" })
  @IsString()
  @Length(20, 16384)
  attestation: string;
}

export class OverrideDto {
  @ApiProperty({ example: '申请人近期整容，经视频询问核实本人身份' }) @IsString() @Length(4, 500) reason: string;
}

export class RecordEntryDto {
  @ApiProperty({ example: '您申请办理什么公证？' }) @IsString() @Length(1, 2000) question: string;
  @ApiProperty({ example: '委托公证。' }) @IsString() @Length(1, 5000) answer: string;
}

export class RecordDto {
  @ApiProperty({ type: [RecordEntryDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RecordEntryDto)
  entries: RecordEntryDto[];
}

export class SignatureDto {
  @ApiProperty({ description: 'the signature as a base64 PNG (no data: prefix), at most 200 KB' })
  @IsString()
  @Length(12, 300_000)
  imagePng: string;

  @ApiProperty({ description: 'the recordSha256 of the record version the applicant was shown' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'recordSha256 must be 64 hex digits' })
  recordSha256: string;
}

export class ReasonDto {
  @ApiProperty() @IsString() @Length(1, 500) reason: string;
}

export class RecordingChunkQuery {
  // Plain decimal digits only: Number() would also read '' as 0 and '1e3', '0x1', ' 1' as numbers.
  @ApiProperty({ description: 'chunk number: 0, 1, 2 … in order, in plain decimal digits', pattern: '^[0-9]{1,7}$' })
  @Transform(({ value }) => (typeof value === 'string' && /^[0-9]{1,7}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'seq must be a chunk number in plain decimal digits (0, 1, 2 …)' })
  @Min(0)
  @Max(1_000_000)
  seq: number;
}

export class FinishRecordingDto {
  @ApiProperty({ description: 'how many chunks the recording has: the server must hold exactly 0 … chunkCount-1', minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  chunkCount: number;

  @ApiProperty({ description: 'the recording’s duration in milliseconds, as the recorder measured it', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600 * 1000)
  durationMs: number;
}

export class RecordingOverrideDto {
  @ApiProperty({ example: '申请人所在受理点摄像头故障，经双方同意以音频及截图留存', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'reason must not be blank' })
  @IsPrintableText()
  reason: string;
}

export class SessionListQuery {
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class SessionIdParam {
  // One spelling per session: files and log entries named after it must not split by letter case.
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsUUID(undefined, { message: 'id must be a UUID' })
  id: string;
}
