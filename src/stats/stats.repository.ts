import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { GroupBy } from './dto/stats.dto.js';

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

/** Which rows of `stats_case_days` a figure covers: a range of Shanghai days, then equalities, in the order given. */
export interface CaseDaysScope {
  from: string;
  to: string;
  only: { column: 'office_id' | 'point_id' | 'matter_code'; value: string | null }[];
}

export interface GroupRow {
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

/** The WHERE clause of a scope and its parameters. */
function where(scope: CaseDaysScope): { where: string; params: unknown[] } {
  const params: unknown[] = [scope.from, scope.to];
  const where = ['d.day >= $1::date', 'd.day <= $2::date'];
  for (const { column, value } of scope.only) {
    params.push(value);
    where.push(`d.${column} = $${params.length}`);
  }
  return { where: where.join(' AND '), params };
}

/** The SQL of the figures: reads of `stats_case_days` (kept by triggers) and the names its keys point to. Writes nothing. */
@Injectable()
export class StatsRepository {
  constructor(private readonly db: DataSource) {}

  /** Every handling minute of the scope, packed (see minutes.ts); null when there is none. */
  async handling(scope: CaseDaysScope): Promise<Uint8Array | null | undefined> {
    const { where: w, params } = where(scope);
    const [row] = (await this.db.query(
      `SELECT string_agg(d.handling, ''::bytea) AS handling FROM stats_case_days d WHERE ${w}`,
      params,
    )) as {
      handling: Uint8Array | null;
    }[];
    return row?.handling;
  }

  /**
   * The figures' one query: one row per group with bookings, its counts summed over its summary
   * rows and its minutes (handling, waiting) concatenated, for the percentiles the caller
   * computes: a copy per summary row, nothing per value (sorting tens of thousands of values per
   * grouping in `percentile_cont` was most of the request's time).
   * Public so that the bench can print its plan.
   */
  casesQuery(scope: CaseDaysScope, groupBy: GroupBy): { sql: string; params: unknown[] } {
    const { where: w, params } = where(scope);
    const g = GROUPS[groupBy];
    return {
      sql: `SELECT n.*, ${g.label} AS label
         FROM (SELECT ${g.key} AS key,
                      sum(d.booked)::int AS booked, sum(d.completed)::int AS completed, sum(d.rejected)::int AS rejected,
                      sum(d.cancelled)::int AS cancelled, sum(d.no_show)::int AS "noShow", sum(d.certificates)::int AS certificates,
                      string_agg(d.handling, ''::bytea) AS handling, string_agg(d.waiting, ''::bytea) AS waiting
                 FROM stats_case_days d WHERE ${w}
                GROUP BY 1
                -- A key its cases moved away from keeps a row of zeros: not a group with bookings.
               HAVING sum(d.booked) > 0) n
        ORDER BY ${g.order}`,
      params,
    };
  }

  async cases(scope: CaseDaysScope, groupBy: GroupBy): Promise<GroupRow[]> {
    const { sql, params } = this.casesQuery(scope, groupBy);
    return (await this.db.query(sql, params)) as GroupRow[];
  }
}
