import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertCan } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import type { CaseStatsQuery, GroupBy, StatsFilterQuery } from './dto/stats.dto.js';
import type { CaseFigures, CaseStatsRow, CaseStatsView, HandlingDistributionView } from './dto/stats.response.js';
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

/** p50 and p90 of one array column's values, per group and over all (`total`). */
const percentiles = (column: string) => `
  SELECT key, GROUPING(key) = 1 AS total,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90
    FROM d, unnest(d.${column}) v GROUP BY GROUPING SETS ((key), ())`;

interface FigureRow {
  key: string | null;
  label: string | null;
  total: boolean;
  booked: number;
  completed: number;
  rejected: number;
  cancelled: number;
  noShow: number;
  certificates: number;
  h50: number | null;
  h90: number | null;
  w50: number | null;
  w90: number | null;
}

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

function figures(r: FigureRow): CaseFigures {
  return {
    booked: r.booked,
    completed: r.completed,
    rejected: r.rejected,
    cancelled: r.cancelled,
    noShow: r.noShow,
    certificates: r.certificates,
    handlingMinutes: { p50: oneDecimal(r.h50), p90: oneDecimal(r.h90) },
    waitingMinutes: { p50: oneDecimal(r.w50), p90: oneDecimal(r.w90) },
  };
}

/**
 * Case figures. It reads `stats_case_days`, the figures per Shanghai day, point, office, matter and
 * notary that triggers keep with the facts (see migration StatsCaseDays), and writes nothing.
 * Handling time runs from the check-in the session was opened on to the certificate's issue;
 * waiting time from that check-in to the notary joining; each row holds those minutes raw, so
 * that the percentiles over any range are exact.
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
    const minutes = `SELECT v FROM stats_case_days d, unnest(d.handling) v WHERE ${where}`;
    const rows = (await this.db.query(
      `SELECT least(floor(v / 2), 30)::int AS bucket, count(*)::int AS cases FROM (${minutes}) m GROUP BY 1`,
      params,
    )) as { bucket: number; cases: number }[];
    const [p] = (await this.db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90 FROM (${minutes}) m`,
      params,
    )) as { p50: number | null; p90: number | null }[];
    const count = new Map(rows.map((r) => [Math.max(0, r.bucket), r.cases]));
    return {
      buckets: Array.from({ length: 31 }, (_, i) => ({
        fromMinutes: i * 2,
        toMinutes: i === 30 ? null : i * 2 + 2,
        cases: count.get(i) ?? 0,
      })),
      handlingMinutes: { p50: oneDecimal(p.p50), p90: oneDecimal(p.p90) },
    };
  }

  /**
   * The figures' one query: counts add up across summary rows; percentiles are taken over the
   * rows' concatenated minutes. Public so that the bench can print its plan.
   */
  casesQuery(actor: Actor, q: CaseStatsQuery): { sql: string; params: unknown[] } {
    const { where, params } = this.scope(actor, q);
    const g = GROUPS[q.groupBy];
    return {
      sql: `WITH d AS (SELECT ${g.key} AS key, d.* FROM stats_case_days d WHERE ${where}),
       n AS (
         SELECT key, GROUPING(key) = 1 AS total,
                coalesce(sum(booked), 0)::int AS booked, coalesce(sum(completed), 0)::int AS completed,
                coalesce(sum(rejected), 0)::int AS rejected, coalesce(sum(cancelled), 0)::int AS cancelled,
                coalesce(sum(no_show), 0)::int AS "noShow", coalesce(sum(certificates), 0)::int AS certificates
           FROM d GROUP BY GROUPING SETS ((key), ())
         -- A key its cases moved away from keeps a row of zeros: not a group with bookings.
         HAVING GROUPING(key) = 1 OR sum(booked) > 0),
       h AS (${percentiles('handling')}),
       w AS (${percentiles('waiting')})
       SELECT n.*, h.p50 AS h50, h.p90 AS h90, w.p50 AS w50, w.p90 AS w90, CASE WHEN n.total THEN NULL ELSE ${g.label} END AS label
         FROM n
         LEFT JOIN h ON h.total = n.total AND h.key IS NOT DISTINCT FROM n.key
         LEFT JOIN w ON w.total = n.total AND w.key IS NOT DISTINCT FROM n.key
        ORDER BY n.total, ${g.order}`,
      params,
    };
  }

  async cases(actor: Actor, q: CaseStatsQuery): Promise<CaseStatsView> {
    const { sql, params } = this.casesQuery(actor, q);
    const rows = await this.db.transaction(async (m) => {
      // A county's year is tens of thousands of minutes to sort per grouping: in memory, not on disk.
      await m.query(`SET LOCAL work_mem = '32MB'`);
      return (await m.query(sql, params)) as FigureRow[];
    });

    const totalRow = rows.find((r) => r.total);
    const groups: CaseStatsRow[] = rows.filter((r) => !r.total).map((r) => ({ key: r.key, label: r.label ?? r.key ?? '', ...figures(r) }));
    const total = totalRow ? figures(totalRow) : ZERO;
    if (q.groupBy !== 'day') return { rows: groups, total };
    // Every day of the range has its row, so a chart's axis has no holes.
    const byDay = new Map(groups.map((r) => [r.key, r]));
    return { rows: eachDay(q.from, q.to).map((day) => byDay.get(day) ?? { key: day, label: day, ...ZERO }), total };
  }
}
