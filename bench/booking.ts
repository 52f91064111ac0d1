import { performance } from 'node:perf_hooks';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { AuditService } from '../src/audit/audit.service.js';
import { generateDataset, type Dataset } from './booking-dataset.js';
import { benchApp, BENCH_NOW, ID_NUMBER, type BenchApp } from './journey.js';
import { percentile, rate, requireBaseline } from './support.js';

/** Bookable starts of a day at the dataset's points: 08:30–11:30 and 13:30–17:00, every half hour (20 min + 10 min buffer). */
const STARTS = [...[0, 1, 2, 3, 4, 5, 6].map((k) => 8 * 60 + 30 + 30 * k), ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => 13 * 60 + 30 + 30 * k)];
const NOTARIES_PER_OFFICE = 10;

interface Request {
  pointId: string;
  start: string;
}

/** Statement counts and time by kind, from every query TypeORM sends (the bench's profile; not in the service). */
const profile = { on: false, counts: new Map<string, { n: number; ms: number }>() };
function kindOf(sql: string): string {
  if (/audit_/.test(sql)) return 'audit';
  if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/.test(sql)) return 'transaction';
  if (/INSERT INTO bookings/.test(sql)) return 'placement';
  return 'other';
}
const original = PostgresQueryRunner.prototype.query;
PostgresQueryRunner.prototype.query = async function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
  if (!profile.on) return original.apply(this, args);
  const started = performance.now();
  try {
    return await original.apply(this, args);
  } finally {
    const k = kindOf(String(args[0]).trim());
    const c = profile.counts.get(k) ?? { n: 0, ms: 0 };
    c.n += 1;
    c.ms += performance.now() - started;
    profile.counts.set(k, c);
  }
} as typeof original;

/**
 * `npm run bench -- booking`: on a generated province-scale dataset (~1 million bookings),
 * slots latency and a month of availability; confirmed bookings per second over HTTP with 8 and 32 clients over 20 offices
 * and 8 within one office, each beside a raw INSERT of the same rows; a profile of the
 * statements a booking costs, with and without the audit append; the 10,000-request race.
 */
export default async function bench(): Promise<void> {
  const days = Number(process.env.BENCH_BOOKING_DAYS ?? 365);
  const b = await benchApp({ BOOKING_HORIZON_DAYS: '365', BOOKING_MIN_NOTICE_MINUTES: '0' });
  try {
    let started = performance.now();
    const ds = await generateDataset(b.db, BENCH_NOW, days);
    console.log(
      `database: ${b.kind}; dataset: ${ds.bookings.toLocaleString('en')} bookings over ${days} days, 400 points, 200 notaries in 20 offices (generated in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );

    await slots(b, ds);
    await availability(b, ds);
    // A quick look at the reads alone (the writes and the race take minutes more).
    if (process.env.BENCH_BOOKING_ONLY === 'reads') return;

    let day = 0;
    const plan = (offices: Dataset['offices'], count: number): Request[] => {
      const out: Request[] = [];
      for (; out.length < count; day++) {
        const date = addDays(ds.firstFreeDay, day);
        for (const minute of STARTS) {
          for (let k = 0; k < NOTARIES_PER_OFFICE; k++) {
            for (const o of offices) out.push({ pointId: o.points[2 * k].id, start: `${date}T${hhmm(minute)}:00+08:00` });
          }
        }
      }
      return out.slice(0, count);
    };
    await writes(b, '8 clients, 20 offices', plan(ds.offices, 2000), 8);
    await writes(b, '32 clients, 20 offices', plan(ds.offices, 2000), 32);
    await writes(b, '8 clients, one office', plan(ds.offices.slice(0, 1), 1000), 8);
    const audit = b.app.get(AuditService);
    const append = audit.append.bind(audit);
    audit.append = (async () => ({})) as unknown as typeof audit.append; // profile only: what the audit append costs
    await writes(b, '8 clients, 20 offices, audit append skipped (profile only)', plan(ds.offices, 2000), 8, false);
    audit.append = append;

    // The race: 10,000 requests for 100 slots (10 points in 10 offices, 10 starts each), 32 clients.
    const slotsWanted = plan(ds.offices.slice(0, 10), 100);
    const race = Array.from({ length: 10_000 }, (_, i) => slotsWanted[(i * 37) % 100]);
    started = performance.now();
    const { replies } = await clients(b, race, 32);
    const ms = performance.now() - started;
    const won = replies.filter((r) => r === '201').length;
    const taken = replies.filter((r) => r === '409 SLOT_TAKEN').length;
    console.log(
      `race: 10,000 requests for 100 slots in ${(ms / 1000).toFixed(1)} s (${rate(10_000, ms)}) → ${won} confirmed, ${taken} × 409 SLOT_TAKEN, ${10_000 - won - taken} other`,
    );
  } finally {
    await b.close();
  }
}

/** Each request's outcome ('201' or 'status CODE'), and the ids of the bookings confirmed. */
async function clients(b: BenchApp, requests: Request[], n: number): Promise<{ replies: string[]; ids: string[] }> {
  const out: string[] = new Array(requests.length);
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const r = requests[i];
        const res = await b.call<{ code?: string; id?: string }>('POST', '/api/bookings', undefined, {
          pointId: r.pointId,
          matterCode: 'declaration',
          start: r.start,
          applicant: { name: '王堃', idNumber: ID_NUMBER, phone: '13912345678' },
        });
        out[i] = res.status === 201 ? '201' : `${res.status} ${res.body.code}`;
        if (res.status === 201 && res.body.id) ids.push(res.body.id);
      }
    }),
  );
  return { replies: out, ids };
}

async function writes(b: BenchApp, label: string, requests: Request[], n: number, baseline = true): Promise<void> {
  profile.counts.clear();
  profile.on = true;
  const started = performance.now();
  const { replies, ids } = await clients(b, requests, n);
  const ms = performance.now() - started;
  profile.on = false;
  const confirmed = replies.filter((r) => r === '201').length;
  const refused = Object.entries(
    replies.filter((r) => r !== '201').reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}),
  );
  const per = [...profile.counts.entries()]
    .map(([k, c]) => `${k} ${(c.n / requests.length).toFixed(1)} × ${(c.ms / c.n).toFixed(1)} ms`)
    .join(', ');
  let line = `${label}: ${confirmed}/${requests.length} confirmed${refused.length ? ` (refused: ${refused.map(([k, v]) => `${v} × ${k}`).join(', ')})` : ''}, ${rate(confirmed, ms)}`;
  if (baseline) {
    // The same rows, inserted again one by one by as many clients into a copy of the table without its indexes and constraints.
    // They are found by the ids the service answered: the app runs on a shifted clock, so their
    // created_at says nothing about when this run made them.
    const rows = (await b.db.query(`SELECT * FROM bookings WHERE id = ANY($1::uuid[])`, [ids])) as Record<string, unknown>[];
    requireBaseline(`${label}: raw INSERT of the confirmed rows`, rows.length, Math.max(100, confirmed));
    await b.db.query(`CREATE TABLE IF NOT EXISTS bench_raw (LIKE bookings INCLUDING DEFAULTS)`);
    const cols = Object.keys(rows[0] ?? {});
    let next = 0;
    const rawStarted = performance.now();
    await Promise.all(
      Array.from({ length: n }, async () => {
        for (let i = next++; i < rows.length; i = next++) {
          await b.db.query(
            `INSERT INTO bench_raw (${cols.join(', ')}) VALUES (${cols.map((_, j) => `$${j + 1}`).join(', ')})`,
            cols.map((c) => rows[i][c]),
          );
        }
      }),
    );
    const rawMs = performance.now() - rawStarted;
    line += `  |  raw INSERT ${rate(rows.length, rawMs)}  |  ${(ms / confirmed / (rawMs / rows.length)).toFixed(1)}× the raw cost`;
  }
  console.log(`${line}\n  statements per request: ${per}`);
}

async function slots(b: BenchApp, ds: Dataset): Promise<void> {
  const points = ds.offices.flatMap((o) => o.points);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(ds.firstFreeDay, i - 7)); // the coming week: the busiest days
  const get = async (i: number) => {
    const started = performance.now();
    const res = await b.call(
      'GET',
      `/api/points/${points[(i * 7919) % points.length].id}/slots?date=${dates[i % dates.length]}&matter=declaration`,
    );
    if (res.status !== 200) throw new Error(`slots: ${res.status} ${JSON.stringify(res.body)}`);
    return performance.now() - started;
  };
  for (let i = 0; i < points.length; i++) await get(i); // warm the reference cache, as a running instance has it
  for (const n of [1, 8]) {
    const times: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: n }, async () => {
        for (let i = next++; i < 2000; i = next++) times.push(await get(i));
      }),
    );
    const ms = performance.now() - started;
    times.sort((x, y) => x - y);
    console.log(
      `GET /api/points/:id/slots, ${n} client${n > 1 ? 's' : ''}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (target ≤ 20 ms), ${rate(2000, ms)}`,
    );
  }
  const office = ds.offices[0];
  const plan = (await b.db.query(
    `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT (SELECT version FROM booking_reference_version) AS version,
            coalesce(json_agg(json_build_array(notary_id, terminal_id, lower(during), upper(during))), '[]') AS busy
       FROM bookings
      WHERE office_id = $1 AND during && tstzrange($2, $3, '[)') AND status IN ('confirmed', 'checked_in', 'in_session')`,
    [office.id, `${dates[1]}T00:00:00+08:00`, `${addDays(dates[1], 1)}T00:00:00+08:00`],
  )) as { 'QUERY PLAN': string }[];
  console.log(
    `the slots statement's plan (one office, one day of the coming week):\n${plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`,
  );
}

/**
 * The date picker's read: a month of free-time counts for one point, from the first day of the
 * coming week (its bookings) on. One statement reads the office's month; the counting is slots'
 * own code, once per day.
 */
async function availability(b: BenchApp, ds: Dataset): Promise<void> {
  const points = ds.offices.flatMap((o) => o.points);
  const from = addDays(ds.firstFreeDay, -7);
  const to = addDays(from, 30);
  const get = async (i: number) => {
    const started = performance.now();
    const res = await b.call(
      'GET',
      `/api/points/${points[(i * 7919) % points.length].id}/availability?from=${from}&to=${to}&matter=declaration`,
    );
    if (res.status !== 200) throw new Error(`availability: ${res.status} ${JSON.stringify(res.body)}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 50; i++) await get(i);
  for (const n of [1, 8]) {
    const times: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: n }, async () => {
        for (let i = next++; i < 1000; i = next++) times.push(await get(i));
      }),
    );
    const ms = performance.now() - started;
    times.sort((x, y) => x - y);
    console.log(
      `GET /api/points/:id/availability, a month (${from} … ${to}), ${n} client${n > 1 ? 's' : ''}: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (target ≤ 50 ms), ${rate(1000, ms)}`,
    );
  }
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
