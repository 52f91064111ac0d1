import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertCan } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import type { CaseStatsQuery, GroupBy, StatsFilterQuery } from './dto/stats.dto.js';
import type { CaseFigures, CaseStatsRow, CaseStatsView, HandlingDistributionView } from './dto/stats.response.js';
import { eachDay, rangeInstants } from './stats-range.js';

/** The column each grouping keys on, and how its rows are named and ordered. */
const GROUPS: Record<GroupBy, { key: string; label: string; order: string }> = {
  day: { key: `to_char(c.day, 'YYYY-MM-DD')`, label: `g.key`, order: `g.key` },
  point: { key: `c.point_id::text`, label: `(SELECT p.name FROM points p WHERE p.id = g.key::uuid)`, order: `label, g.key` },
  office: { key: `c.office_id::text`, label: `(SELECT o.name FROM offices o WHERE o.id = g.key::uuid)`, order: `label, g.key` },
  notary: {
    key: `c.notary_id::text`,
    label: `coalesce((SELECT u.display_name FROM users u WHERE u.id = g.key::uuid), '未指派公证员')`,
    order: `g.key IS NULL, label, g.key`,
  },
  matter: {
    key: `c.matter_code`,
    label: `(SELECT m.name_zh FROM matters m WHERE m.code = g.key)`,
    order: `(SELECT m.sort_order FROM matters m WHERE m.code = g.key), g.key`,
  },
};

const minutes = (to: string) => `extract(epoch FROM c.${to} - c.checked_in_at)::float8 / 60`;

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
 * Case figures. It reads the `stats_cases` read model (a view over bookings, sessions, check-ins
 * and certificates) and writes nothing. Handling time runs from the check-in the session was
 * opened on to the certificate's issue; waiting time from that check-in to the notary joining.
 */
@Injectable()
export class StatsService {
  constructor(private readonly db: DataSource) {}

  /** The WHERE clause and its parameters: the range, the caller's own scope, then the filters asked for (which only narrow it). */
  private scope(actor: Actor, q: StatsFilterQuery): { where: string; params: unknown[] } {
    assertCan(actor, 'read', { kind: 'stats', officeId: q.office, pointId: q.point });
    const { start, end } = rangeInstants(q.from, q.to);
    const params: unknown[] = [start, end];
    const where = ['c.at >= $1', 'c.at < $2'];
    const only = (column: string, value: unknown) => {
      params.push(value);
      where.push(`c.${column} = $${params.length}`);
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
    const rows = (await this.db.query(
      `SELECT least(floor(${minutes('issued_at')} / 2), 30)::int AS bucket, count(*)::int AS cases
         FROM stats_cases c WHERE ${where} AND c.issued_at IS NOT NULL GROUP BY 1`,
      params,
    )) as { bucket: number; cases: number }[];
    const [p] = (await this.db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes('issued_at')}) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes('issued_at')}) AS p90
         FROM stats_cases c WHERE ${where} AND c.issued_at IS NOT NULL`,
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

  async cases(actor: Actor, q: CaseStatsQuery): Promise<CaseStatsView> {
    const { where, params } = this.scope(actor, q);
    const g = GROUPS[q.groupBy];
    const rows = (await this.db.query(
      `WITH g AS (
         SELECT ${g.key} AS key,
                GROUPING(${g.key}) = 1 AS total,
                count(*)::int AS booked,
                count(*) FILTER (WHERE c.session_status = 'approved')::int AS completed,
                count(*) FILTER (WHERE c.session_status = 'rejected')::int AS rejected,
                count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled,
                count(*) FILTER (WHERE c.status = 'no_show')::int AS "noShow",
                count(c.issued_at)::int AS certificates,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes('issued_at')}) AS h50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes('issued_at')}) AS h90,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes('live_at')}) AS w50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes('live_at')}) AS w90
           FROM stats_cases c
          WHERE ${where}
          GROUP BY GROUPING SETS ((${g.key}), ())
       )
       SELECT g.*, CASE WHEN g.total THEN NULL ELSE ${g.label} END AS label
         FROM g ORDER BY g.total, ${g.order}`,
      params,
    )) as FigureRow[];

    const totalRow = rows.find((r) => r.total);
    const groups: CaseStatsRow[] = rows.filter((r) => !r.total).map((r) => ({ key: r.key, label: r.label ?? r.key ?? '', ...figures(r) }));
    const total = totalRow ? figures(totalRow) : ZERO;
    if (q.groupBy !== 'day') return { rows: groups, total };
    // Every day of the range has its row, so a chart's axis has no holes.
    const byDay = new Map(groups.map((r) => [r.key, r]));
    return { rows: eachDay(q.from, q.to).map((day) => byDay.get(day) ?? { key: day, label: day, ...ZERO }), total };
  }
}
