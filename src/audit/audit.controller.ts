import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Roles } from '../auth/auth.decorators.js';
import { AuditService } from './audit.service.js';

export class AuditPageQuery {
  @ApiPropertyOptional({ description: 'Return entries with seq greater than this', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

export class AuditVerifyQuery {
  @ApiPropertyOptional({ description: 'A head remembered earlier: its seq (give hash too)' })
  @ValidateIf((q: AuditVerifyQuery) => q.hash !== undefined || q.seq !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  seq?: number;

  @ApiPropertyOptional({ description: 'A head remembered earlier: its hash (64 hex digits)' })
  @ValidateIf((q: AuditVerifyQuery) => q.hash !== undefined || q.seq !== undefined)
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lowercase hex digits' })
  hash?: string;
}

export class VerifyResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() length: number;
  @ApiProperty() headHash: string;
  @ApiPropertyOptional() firstInvalidSeq?: number;
  @ApiPropertyOptional({
    enum: ['SEQ_GAP', 'PREV_HASH_MISMATCH', 'HASH_MISMATCH', 'HEAD_MISMATCH', 'REMEMBERED_HEAD_MISMATCH'],
  })
  problem?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  list(@Query() q: AuditPageQuery) {
    return this.audit.list(q.after, q.limit);
  }

  @Get('verify')
  @Roles('admin')
  verify(@Query() q: AuditVerifyQuery): Promise<VerifyResultDto> {
    return this.audit.verify(q.seq !== undefined && q.hash ? { seq: q.seq, hash: q.hash } : undefined);
  }
}
