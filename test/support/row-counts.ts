import type { TestApp } from './app.js';

/**
 * Row count of every table in the public schema plus the audit head: a refused request must
 * leave all of them unchanged. Generic on purpose, so a table added later is covered too.
 * `rate_limits` is left out: its counters are charged before the check they guard, by design
 * (docs/security.md), so a refused request does count there.
 */
export async function allRowCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = (await t.db.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'rate_limits') ORDER BY table_name`,
  )) as { name: string }[];
  const sql = tables.map((x) => `SELECT '${x.name}' AS name, count(*)::int AS n FROM "${x.name}"`).join(' UNION ALL ');
  const rows = (await t.db.query(sql)) as { name: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}
