import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Roles } from '../auth/auth.decorators.js';
import { AuditService } from './audit.service.js';
import { AuditPage } from './audit.response.js';
import { ApiErrors } from '../common/error.response.js';

export class AuditPageQuery {
  @ApiPropertyOptional({ type: Number, description: 'Return entries with seq greater than this', default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after = 0;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000, default: 100 })
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

  @ApiPropertyOptional({ description: 'A checkpoint remembered earlier: its tree size (give root too)' })
  @ValidateIf((q: AuditVerifyQuery) => q.root !== undefined || q.size !== undefined)
  @Type(() => Number)
  @IsInt()
  @Min(0)
  size?: number;

  @ApiPropertyOptional({ description: 'A checkpoint remembered earlier: its root hash (base64)' })
  @ValidateIf((q: AuditVerifyQuery) => q.root !== undefined || q.size !== undefined)
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'root must be a 32-byte hash in base64' })
  root?: string;
}

export class VerifyResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() length: number;
  @ApiProperty() headHash: string;
  @ApiPropertyOptional() firstInvalidSeq?: number;
  @ApiPropertyOptional({
    enum: [
      'SEQ_GAP',
      'PREV_HASH_MISMATCH',
      'HASH_MISMATCH',
      'ROOT_MISMATCH',
      'CHECKPOINT_MISMATCH',
      'REMEMBERED_HEAD_MISMATCH',
      'INCONSISTENT_WITH_REMEMBERED',
    ],
  })
  problem?: string;
  @ApiPropertyOptional() firstInvalidIndex?: number;
  @ApiPropertyOptional() treeSize?: number;
  @ApiPropertyOptional({ description: 'Root hash of the signed checkpoint, base64' }) rootHash?: string;
  @ApiPropertyOptional({ description: 'Entries committed but not yet integrated' }) pending?: number;
  @ApiPropertyOptional({ description: 'The signed checkpoint (C2SP signed note)' }) checkpoint?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@ApiErrors()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: AuditPage })
  list(@Query() q: AuditPageQuery): Promise<AuditPage> {
    return this.audit.list(q.after, q.limit);
  }

  @Get('verify')
  @Roles('admin')
  @ApiOkResponse({ type: VerifyResultDto })
  verify(@Query() q: AuditVerifyQuery): Promise<VerifyResultDto> {
    return this.audit.verify(
      q.seq !== undefined && q.hash ? { seq: q.seq, hash: q.hash } : undefined,
      q.size !== undefined && q.root ? { size: q.size, root: Buffer.from(q.root, 'base64') } : undefined,
    );
  }
}
