import { Injectable } from '@nestjs/common';
import { assertCan } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import type { CaseStatsQuery, StatsFilterQuery } from './dto/stats.dto.js';
import type { CaseFigures, CaseStatsRow, CaseStatsView, HandlingDistributionView } from './dto/stats.response.js';
import { mergeMinutes, percentileCont, unpackMinutes } from './minutes.js';
import { checkRange, eachDay } from './stats-range.js';
import { StatsRepository, type CaseDaysScope } from './stats.repository.js';

type Counts = Pick<CaseFigures, 'booked' | 'completed' | 'rejected' | 'cancelled' | 'noShow' | 'certificates'>;
const COUNTS = ['booked', 'completed', 'rejected', 'cancelled', 'noShow', 'certificates'] as const;

const oneDecimal = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const ZERO: CaseFigures = {
  booked: 0,
  completed: 0,
  rejected: 0,
  cancelled: 0,
  noShow: 0,
  certificates: 0,
  handlingMinutes: { p50: null, p90: null },
  waitingMinutes: { p50: null, p90: null },
};

const percentiles = (sorted: Float64Array) => ({
  p50: oneDecimal(percentileCont(sorted, 0.5)),
  p90: oneDecimal(percentileCont(sorted, 0.9)),
});

function figures(counts: Counts, handling: Float64Array, waiting: Float64Array): CaseFigures {
  const { booked, completed, rejected, cancelled, noShow, certificates } = counts;
  return {
    booked,
    completed,
    rejected,
    cancelled,
    noShow,
    certificates,
    handlingMinutes: percentiles(handling),
    waitingMinutes: percentiles(waiting),
  };
}

/**
 * Case figures. It reads (through StatsRepository) `stats_case_days`, the figures per Shanghai
 * day, point, office, matter and notary that triggers keep with the facts (see migration
 * StatsCaseDays), and writes nothing.
 * Handling time runs from the check-in the session was opened on to the certificate's issue;
 * waiting time from that check-in to the notary joining; each row holds those minutes raw (packed
 * doubles, see minutes.ts), so that the percentiles over any range are exact: they are computed
 * here, as `percentile_cont` does, over the minutes of the group's rows.
 */
@Injectable()
export class StatsService {
  constructor(private readonly repository: StatsRepository) {}

  /** The rows a figure covers: the range, the caller's own scope, then the filters asked for (which only narrow it). */
  private scope(actor: Actor, q: StatsFilterQuery): CaseDaysScope {
    assertCan(actor, 'read', { kind: 'stats', officeId: q.office, pointId: q.point });
    checkRange(q.from, q.to);
    const only: CaseDaysScope['only'] = [];
    if (actor.kind === 'staff' && actor.role === 'notary') only.push({ column: 'office_id', value: actor.officeId });
    if (actor.kind === 'staff' && actor.role === 'assistant') only.push({ column: 'point_id', value: actor.pointId });
    if (q.office) only.push({ column: 'office_id', value: q.office });
    if (q.point) only.push({ column: 'point_id', value: q.point });
    if (q.matter) only.push({ column: 'matter_code', value: q.matter });
    return { from: q.from, to: q.to, only };
  }

  /** How handling times spread: 2-minute buckets up to an hour, then one bucket for the rest. */
  async handling(actor: Actor, q: StatsFilterQuery): Promise<HandlingDistributionView> {
    const minutes = unpackMinutes(await this.repository.handling(this.scope(actor, q)));
    const count = new Array<number>(31).fill(0);
    for (const v of minutes) count[Math.max(0, Math.min(Math.floor(v / 2), 30))]++;
    return {
      buckets: count.map((cases, i) => ({ fromMinutes: i * 2, toMinutes: i === 30 ? null : i * 2 + 2, cases })),
      handlingMinutes: percentiles(minutes),
    };
  }

  /** The figures' query for the caller and filters (StatsRepository.casesQuery); public so that the bench can print its plan. */
  casesQuery(actor: Actor, q: CaseStatsQuery): { sql: string; params: unknown[] } {
    return this.repository.casesQuery(this.scope(actor, q), q.groupBy);
  }

  async cases(actor: Actor, q: CaseStatsQuery): Promise<CaseStatsView> {
    const found = (await this.repository.cases(this.scope(actor, q), q.groupBy)).map((r) => ({
      row: r,
      handling: unpackMinutes(r.handling),
      waiting: unpackMinutes(r.waiting),
    }));
    const groups: CaseStatsRow[] = found.map(({ row: r, handling, waiting }) => ({
      key: r.key,
      label: r.label ?? r.key ?? '',
      ...figures(r, handling, waiting),
    }));
    // The total over all cases: counts add up, percentiles are over every group's minutes together.
    const sums = Object.fromEntries(COUNTS.map((c) => [c, found.reduce((n, f) => n + f.row[c], 0)])) as Counts;
    const total = figures(sums, mergeMinutes(found.map((f) => f.handling)), mergeMinutes(found.map((f) => f.waiting)));
    if (q.groupBy !== 'day') return { rows: groups, total };
    // Every day of the range has its row, so a chart's axis has no holes.
    const byDay = new Map(groups.map((r) => [r.key, r]));
    return { rows: eachDay(q.from, q.to).map((day) => byDay.get(day) ?? { key: day, label: day, ...ZERO }), total };
  }
}
