import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertCan } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import type { CaseStatsQuery, GroupBy, StatsFilterQuery } from './dto/stats.dto.js';
import type { CaseFigures, CaseStatsRow, CaseStatsView, HandlingDistributionView } from './dto/stats.response.js';
import { mergeMinutes, percentileCont, unpackMinutes } from './minutes.js';
import { checkRange, eachDay } from './stats-range.js';

/** The column each grouping keys on (over `stats_case_days d`), and how its rows (`n`) are named and ordered. */
const GROUPS: Record<GroupBy, { key: string; label: string; order: string }> = {
  day: { key: `to_char(d.day, 'YYYY-MM-DD')`, label: `n.key`, order: `n.key` },
  point: { key: `d.point_id::text`, label: `(SELECT p.name FROM points p WHERE p.id = n.key::uuid)`, order: `label, n.key` },
  office: { key: `d.office_id::text`, label: `(SELECT o.name FROM offices o WHERE o.id = n.key::uuid)`, order: `label, n.key` },
  notary: {
    key: `d.notary_id::text`,
    label: `coalesce((SELECT u.display_name FROM users u WHERE u.id = n.key::uuid), '未指派公证员')`,
    order: `n.key IS NULL, label, n.key`,
  },
  matter: {
    key: `d.matter_code`,
    label: `(SELECT m.name_zh FROM matters m WHERE m.code = n.key)`,
    order: `(SELECT m.sort_order FROM matters m WHERE m.code = n.key), n.key`,
  },
};

interface GroupRow {
  key: string | null;
  label: string | null;
  booked: number;
  completed: number;
  rejected: number;
  cancelled: number;
  noShow: number;
  certificates: number;
  /** The group's minutes, packed (see minutes.ts); null when it has none. */
  handling: Uint8Array | null;
  waiting: Uint8Array | null;
}

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
 * Case figures. It reads `stats_case_days`, the figures per Shanghai day, point, office, matter and
 * notary that triggers keep with the facts (see migration StatsCaseDays), and writes nothing.
 * Handling time runs from the check-in the session was opened on to the certificate's issue;
 * waiting time from that check-in to the notary joining; each row holds those minutes raw (packed
 * doubles, see minutes.ts), so that the percentiles over any range are exact: they are computed
 * here, as `percentile_cont` does, over the minutes of the group's rows.
 */
@Injectable()
export class StatsService {
  constructor(private readonly db: DataSource) {}

  /** The WHERE clause and its parameters: the range, the caller's own scope, then the filters asked for (which only narrow it). */
  private scope(actor: Actor, q: StatsFilterQuery): { where: string; params: unknown[] } {
    assertCan(actor, 'read', { kind: 'stats', officeId: q.office, pointId: q.point });
    checkRange(q.from, q.to);
    const params: unknown[] = [q.from, q.to];
    const where = ['d.day >= $1::date', 'd.day <= $2::date'];
    const only = (column: string, value: unknown) => {
      params.push(value);
      where.push(`d.${column} = $${params.length}`);
    };
    if (actor.kind === 'staff' && actor.role === 'notary') only('office_id', actor.officeId);
    if (actor.kind === 'staff' && actor.role === 'assistant') only('point_id', actor.pointId);
    if (q.office) only('office_id', q.office);
    if (q.point) only('point_id', q.point);
    if (q.matter) only('matter_code', q.matter);
    return { where: where.join(' AND '), params };
  }

  /** How handling times spread: 2-minute buckets up to an hour, then one bucket for the rest. */
  async handling(actor: Actor, q: StatsFilterQuery): Promise<HandlingDistributionView> {
    const { where, params } = this.scope(actor, q);
    const [row] = (await this.db.query(
      `SELECT string_agg(d.handling, ''::bytea) AS handling FROM stats_case_days d WHERE ${where}`,
      params,
    )) as {
      handling: Uint8Array | null;
    }[];
    const minutes = unpackMinutes(row?.handling);
    const count = new Array<number>(31).fill(0);
    for (const v of minutes) count[Math.max(0, Math.min(Math.floor(v / 2), 30))]++;
    return {
      buckets: count.map((cases, i) => ({ fromMinutes: i * 2, toMinutes: i === 30 ? null : i * 2 + 2, cases })),
      handlingMinutes: percentiles(minutes),
    };
  }

  /**
   * The figures' one query: one row per group with bookings, its counts summed over its summary
   * rows and its minutes (handling, waiting) concatenated, for the percentiles computed here: a
   * copy per summary row, nothing per value (sorting tens of thousands of values per grouping
   * in `percentile_cont` was most of the request's time).
   * Public so that the bench can print its plan.
   */
  casesQuery(actor: Actor, q: CaseStatsQuery): { sql: string; params: unknown[] } {
    const { where, params } = this.scope(actor, q);
    const g = GROUPS[q.groupBy];
    return {
      sql: `SELECT n.*, ${g.label} AS label
         FROM (SELECT ${g.key} AS key,
                      sum(d.booked)::int AS booked, sum(d.completed)::int AS completed, sum(d.rejected)::int AS rejected,
                      sum(d.cancelled)::int AS cancelled, sum(d.no_show)::int AS "noShow", sum(d.certificates)::int AS certificates,
                      string_agg(d.handling, ''::bytea) AS handling, string_agg(d.waiting, ''::bytea) AS waiting
                 FROM stats_case_days d WHERE ${where}
                GROUP BY 1
                -- A key its cases moved away from keeps a row of zeros: not a group with bookings.
               HAVING sum(d.booked) > 0) n
        ORDER BY ${g.order}`,
      params,
    };
  }

  async cases(actor: Actor, q: CaseStatsQuery): Promise<CaseStatsView> {
    const { sql, params } = this.casesQuery(actor, q);
    const found = ((await this.db.query(sql, params)) as GroupRow[]).map((r) => ({
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
