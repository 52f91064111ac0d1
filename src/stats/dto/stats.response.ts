import { ApiProperty } from '@nestjs/swagger';

export class Percentiles {
  @ApiProperty({ type: Number, nullable: true, description: 'median, minutes (one decimal); null with no measured case' }) p50:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile, minutes (one decimal)' }) p90: number | null;
}

export class CaseFigures {
  @ApiProperty({ description: 'bookings whose appointment (or walk-in registration) falls in the range' }) booked: number;
  @ApiProperty({ description: 'sessions the notary approved' }) completed: number;
  @ApiProperty({ description: 'sessions the notary rejected' }) rejected: number;
  @ApiProperty() cancelled: number;
  @ApiProperty() noShow: number;
  @ApiProperty({ description: 'certificates issued for these cases' }) certificates: number;
  @ApiProperty({ type: Percentiles, description: 'check-in → certificate issued' }) handlingMinutes: Percentiles;
  @ApiProperty({ type: Percentiles, description: 'check-in → the notary joined' }) waitingMinutes: Percentiles;
}

export class CaseStatsRow extends CaseFigures {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the day (YYYY-MM-DD), or the id or code of the group; null: no notary assigned',
  })
  key: string | null;
  @ApiProperty({ example: '丹阳市公证处' }) label: string;
}

export class CaseStatsView {
  @ApiProperty({ type: [CaseStatsRow] }) rows: CaseStatsRow[];
  @ApiProperty({ type: CaseFigures }) total: CaseFigures;
}

export class HandlingBucket {
  @ApiProperty({ description: 'minutes, inclusive' }) fromMinutes: number;
  @ApiProperty({ type: Number, nullable: true, description: 'minutes, exclusive; null for the open last bucket' }) toMinutes: number | null;
  @ApiProperty() cases: number;
}

export class HandlingDistributionView {
  @ApiProperty({ type: [HandlingBucket], description: '2-minute buckets from 0 to 60, then one for 60 and more' })
  buckets: HandlingBucket[];
  @ApiProperty({ type: Percentiles }) handlingMinutes: Percentiles;
}
