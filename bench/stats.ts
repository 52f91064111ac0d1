import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../src/auth/actor.js';
import type { GroupBy } from '../src/stats/dto/stats.dto.js';
import { StatsService } from '../src/stats/stats.service.js';
import { generateDataset, generateOutcomes } from './booking-dataset.js';
import { benchApp, BENCH_NOW } from './journey.js';
import { percentile } from './support.js';

const RUNS = Number(process.env.BENCH_STATS_RUNS ?? 20);

/**
 * `npm run bench -- stats`: on the million-booking province with its outcomes (check-ins,
 * sessions, certificates), each figures request for a year over one county (its office), as an
 * admin: p50/p99 over RUNS requests per grouping (target p50 ≤ 200 ms), then the plan of the
 * heaviest grouping's query, the very SQL the service runs. The summary the figures read is filled
 * by its triggers while the dataset is written, as the service's own writes fill it.
 */
export default async function bench(): Promise<void> {
  const days = Number(process.env.BENCH_BOOKING_DAYS ?? 365);
  const b = await benchApp({ BOOKING_HORIZON_DAYS: '365' });
  try {
    let started = performance.now();
    const ds = await generateDataset(b.db, BENCH_NOW, days);
    const out = await generateOutcomes(b.db);
    console.log(
      `database: ${b.kind}; ${ds.bookings.toLocaleString('en')} bookings, ${out.sessions.toLocaleString('en')} sessions, ${out.certificates.toLocaleString('en')} certificates (generated in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const token = (
      (await b.call<{ accessToken: string }>('POST', '/api/auth/login', undefined, { username: 'admin', password: 'bench-admin-password' }))
        .body as { accessToken: string }
    ).accessToken;
    const to = new Date(BENCH_NOW.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const fromDate = new Date(`${to}T00:00:00Z`);
    fromDate.setUTCDate(fromDate.getUTCDate() - 364);
    const from = fromDate.toISOString().slice(0, 10);
    const office = ds.offices[0].id;
    const routes = [
      ...['day', 'point', 'matter', 'office', 'notary'].map((g) => `/api/stats/cases?from=${from}&to=${to}&groupBy=${g}&office=${office}`),
      `/api/stats/cases.csv?from=${from}&to=${to}&groupBy=point&office=${office}`,
      `/api/stats/handling?from=${from}&to=${to}&office=${office}`,
    ];
    let worst = { route: '', p50: 0 };
    for (const route of routes) {
      const first = await b.call('GET', route, token);
      if (first.status !== 200) throw new Error(`${route} → ${first.status} ${JSON.stringify(first.body)}`);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        started = performance.now();
        const r = await b.call('GET', route, token);
        times.push(performance.now() - started);
        if (r.status !== 200) throw new Error(`${route} → ${r.status}`);
      }
      times.sort((x, y) => x - y);
      const p50 = percentile(times, 50);
      console.log(
        `${route.split('?')[0]} ${route.match(/groupBy=(\w+)/)?.[1] ?? ''}: p50 ${p50.toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms (${RUNS} requests, a year over one county; target p50 ≤ 200 ms)`,
      );
      if (p50 > worst.p50) worst = { route, p50 };
    }
    const [{ rows: summaryRows }] = (await b.db.query(
      `SELECT count(*)::int AS rows FROM stats_case_days WHERE office_id = $1 AND day BETWEEN $2 AND $3`,
      [office, from, to],
    )) as { rows: number }[];
    const groupBy = (worst.route.match(/groupBy=(\w+)/)?.[1] ?? 'matter') as GroupBy;
    const { sql, params } = b.app.get(StatsService).casesQuery(SYSTEM_ACTOR, { from, to, groupBy, office });
    const plan = (await b.db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params)) as { 'QUERY PLAN': string }[];
    console.log(
      `heaviest: ${worst.route.split('?')[0]} (${worst.p50.toFixed(0)} ms p50); the county's year is ${summaryRows.toLocaleString('en')} summary rows; plan of its query (groupBy=${groupBy}):\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`,
    );
  } finally {
    await b.close();
  }
}
