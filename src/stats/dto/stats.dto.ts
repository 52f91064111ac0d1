import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date.js';

export const GROUP_BYS = ['day', 'point', 'matter', 'office', 'notary'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The filters every figure takes: a range of Asia/Shanghai days and optionally an office, a point, a matter. */
export class StatsFilterQuery {
  @ApiProperty({ example: '2026-12-01', description: 'first Asia/Shanghai day, inclusive' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'last Asia/Shanghai day, inclusive; at most 366 days after from' })
  @IsCalendarDate()
  to: string;
  @ApiPropertyOptional({ description: 'only this office' })
  @IsOptional()
  @IsUUID(undefined, { message: 'office must be a UUID' })
  office?: string;
  @ApiPropertyOptional({ description: 'only this point' })
  @IsOptional()
  @IsUUID(undefined, { message: 'point must be a UUID' })
  point?: string;
  @ApiPropertyOptional({ description: 'only this matter' })
  @IsOptional()
  @Matches(/^[a-z_]{2,40}$/, { message: 'matter must be a matter code' })
  matter?: string;
}

export class CaseStatsQuery extends StatsFilterQuery {
  @ApiProperty({ enum: GROUP_BYS })
  @IsIn(GROUP_BYS, { message: `groupBy must be one of ${GROUP_BYS.join(', ')}` })
  groupBy: GroupBy;
}
