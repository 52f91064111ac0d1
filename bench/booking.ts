import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/database/data-source.js';
import { ROOT, run, stopAll, waitFor, type Running } from '../test/support/process.js';
import { freePort, scratchDatabase } from '../test/support/scratch.js';
import type { BookingRequest, LoadJob, LoadResult } from './booking-load.js';
import { generateDataset, type Dataset } from './booking-dataset.js';
import { summarise } from './profile-summary.js';
import { percentile, rate, requireBaseline } from './support.js';

/** Bookable starts of a day at the dataset's points: 08:30–11:30 and 13:30–17:00, every half hour (20 min + 10 min buffer). */
const STARTS = [...[0, 1, 2, 3, 4, 5, 6].map((k) => 8 * 60 + 30 + 30 * k), ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => 13 * 60 + 30 + 30 * k)];
const NOTARIES_PER_OFFICE = 10;
const ADMIN_PASSWORD = 'bench-admin-password';
/** The target: bookings over HTTP at no less than this share of the same statements sent directly. */
const TARGET_RATIO = 0.7;

/**
 * `npm run bench -- booking`: the server in a process of its own, started as `npm start` starts it,
 * on a generated province (~1 million bookings); the load from another process (bench/booking-load.ts).
 * Slots latency with 1 and 8 clients; bookings per second over HTTP with 8 and 32 clients over
 * 20 offices and 8 within one office, each beside the same statements sent directly by as many pg
 * clients (A/B alternating rounds), and a raw INSERT of the same rows for information; the
 * 10,000-request race; a month of availability (BENCH_BOOKING_ONLY=reads stops after the reads).
 * BENCH_PROFILE=DIR adds a profiled run (node --cpu-prof) and its summary (of the reads, each on its
 * own, with BENCH_BOOKING_ONLY=reads); BENCH_AB=PATH/dist/src/main.js measures a second build in the
 * same rounds, reads and writes; BENCH_WORKERS=N runs the server with WORKERS=N (BENCH_AB_WORKERS=N the
 * second server: BENCH_AB=dist/src/main.js BENCH_AB_WORKERS=2 compares one worker and two in the same rounds).
 */
/** Bookings over HTTP before the write rounds, unmeasured: a round's worth. */
const WRITE_WARMUP = 2000;

export default async function bench(): Promise<void> {
  const days = Number(process.env.BENCH_BOOKING_DAYS ?? 365);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const scratch = await scratchDatabase('bench');
  if (!scratch.env.DATABASE_URL) throw new Error('the booking bench needs DATABASE_URL: the server and the load run in separate processes');
  const jobDir = await mkdtemp(path.join(tmpdir(), 'bench-booking-'));
  let server: Running | undefined;
  try {
    // The server first: its start migrates the database and loads the reference data (the matters) the dataset refers to.
    let s = await startServer(scratch.env);
    server = s.server;
    const url = s.url;
    const db = await openDatabase({ databaseUrl: scratch.env.DATABASE_URL, dataDir: scratch.env.DATA_DIR }, { runMigrations: false });
    const started = performance.now();
    let ds: Dataset;
    try {
      ds = await generateDataset(db.dataSource, new Date(), days);
    } finally {
      await db.close();
    }
    console.log(
      `database: ${scratch.kind}; server: ${process.env.BENCH_WORKERS ?? 1} worker(s); dataset: ${ds.bookings.toLocaleString('en')} bookings over ${days} days, 400 points, 200 notaries in 20 offices (generated in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const load = loader(jobDir);

    // BENCH_AB=other/dist/src/main.js: a second server from another build on the same database,
    // measured in the same rounds (A, B, direct, A, B, direct…), so a change is judged in one machine state.
    let other: { server: Running; url: string } | undefined;
    if (process.env.BENCH_AB)
      other = await startServer(scratch.env, [], path.relative(ROOT, path.resolve(process.env.BENCH_AB)), process.env.BENCH_AB_WORKERS);

    // BENCH_BOOKING_ONLY=writes: the bookings alone (the reads take minutes at this load).
    if (process.env.BENCH_BOOKING_ONLY !== 'writes') {
      const pids = new Map([[url, server.child.pid], ...(other ? [[other.url, other.server.child.pid] as const] : [])]);
      await reads(load, url, ds, rounds, other?.url, pids);
    }
    // A quick look at the reads alone (the writes and the race take minutes more).
    if (process.env.BENCH_BOOKING_ONLY === 'reads' || process.env.BENCH_BOOKING_ONLY === 'slots') {
      if (other) {
        other.server.child.kill('SIGTERM');
        await other.server.exited;
      }
      if (process.env.BENCH_PROFILE) {
        server.child.kill('SIGTERM');
        await server.exited;
        server = undefined;
        await profileReads(load, scratch.env, ds, path.resolve(process.env.BENCH_PROFILE));
      }
      return;
    }

    let day = 0;
    const plan = (offices: Dataset['offices'], count: number): BookingRequest[] => {
      const out: BookingRequest[] = [];
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
    const http = (requests: BookingRequest[], clients: number, at = url) =>
      load({ kind: 'http', url: at, username: 'admin', password: ADMIN_PASSWORD, requests, clients });
    // Warm the server's caches (reference data, the statement plans, JIT) before anything is measured.
    // 200 requests were not enough: the first measured round was the slowest in every run (HTTP/direct
    // 0.59–0.67 against 0.71–0.85 in the rounds after it), while the direct statements ran flat.
    await http(plan(ds.offices, WRITE_WARMUP), 8);
    if (other) await http(plan(ds.offices, WRITE_WARMUP), 8, other.url);
    const compare = async (label: string, offices: Dataset['offices'], count: number, clients: number) => {
      const h = { n: 0, ms: 0, ids: [] as string[], lat: [] as number[] };
      const d = { n: 0, ms: 0, lat: [] as number[] };
      const b = { n: 0, ms: 0 };
      const rows: string[] = [];
      for (let r = 0; r < rounds; r++) {
        // With BENCH_AB the two servers take turns going first.
        const bFirst = other && r % 2 === 1 ? await http(plan(offices, count), clients, other.url) : undefined;
        const viaHttp = await http(plan(offices, count), clients);
        let abLine = '';
        if (other) {
          const viaB = bFirst ?? (await http(plan(offices, count), clients, other.url));
          const bn = confirmedOf(viaB, `${label}, HTTP on B`);
          b.n += bn;
          b.ms += viaB.ms;
          abLine = `, B (BENCH_AB) ${rate(bn, viaB.ms)}`;
        }
        const direct = await load({
          kind: 'direct',
          databaseUrl: scratch.env.DATABASE_URL,
          requests: plan(offices, count),
          clients,
        });
        const hn = confirmedOf(viaHttp, `${label}, HTTP`);
        const dn = confirmedOf(direct, `${label}, direct`);
        requireBaseline(`${label}: the same statements sent directly`, dn, Math.max(100, Math.floor(count * 0.9)));
        requireBaseline(`${label}: bookings over HTTP (the measured side)`, hn, Math.max(100, Math.floor(count * 0.9)));
        h.n += hn;
        h.ms += viaHttp.ms;
        h.ids.push(...viaHttp.ids);
        h.lat.push(...viaHttp.latencies);
        d.n += dn;
        d.ms += direct.ms;
        d.lat.push(...direct.latencies);
        rows.push(
          `    round ${r + 1}: HTTP ${rate(hn, viaHttp.ms)}${abLine}, direct ${rate(dn, direct.ms)}, HTTP/direct ${((hn / viaHttp.ms) * (direct.ms / dn)).toFixed(2)}`,
        );
      }
      const raw = await load({ kind: 'raw', databaseUrl: scratch.env.DATABASE_URL, ids: h.ids.slice(0, count), clients });
      requireBaseline(`${label}: raw INSERT of the confirmed rows`, raw.replies.length, Math.min(count, h.ids.length));
      const ratio = (h.n / h.ms) * (d.ms / d.n);
      h.lat.sort((x, y) => x - y);
      d.lat.sort((x, y) => x - y);
      console.log(
        `${label}: HTTP ${rate(h.n, h.ms)} (p50 ${percentile(h.lat, 50).toFixed(1)} ms)  |  same statements direct ${rate(d.n, d.ms)} (p50 ${percentile(d.lat, 50).toFixed(1)} ms)  |  HTTP/direct ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO})  |  raw INSERT ${rate(raw.replies.length, raw.ms)} (information)${
          other
            ? `\n    B (${process.env.BENCH_AB}): ${rate(b.n, b.ms)}, B/direct ${((b.n / b.ms) * (d.ms / d.n)).toFixed(2)}, A/B ${(h.n / h.ms / (b.n / b.ms)).toFixed(2)}`
            : ''
        }\n${rows.join('\n')}`,
      );
    };
    await compare('8 clients, 20 offices', ds.offices, 2000, 8);
    await compare('32 clients, 20 offices', ds.offices, 2000, 32);
    await compare('8 clients, one office', ds.offices.slice(0, 1), 1000, 8);

    if (process.env.BENCH_RACE !== '0') {
      // The race: 10,000 requests for 100 slots (10 points in 10 offices, 10 starts each), 32 clients.
      const slotsWanted = plan(ds.offices.slice(0, 10), 100);
      const race = Array.from({ length: 10_000 }, (_, i) => slotsWanted[(i * 37) % 100]);
      const res = await http(race, 32);
      const won = res.replies.filter((r) => r === '201').length;
      const taken = res.replies.filter((r) => r === '409 SLOT_TAKEN').length;
      console.log(
        `race: 10,000 requests for 100 slots in ${(res.ms / 1000).toFixed(1)} s (${rate(10_000, res.ms)}) → ${won} confirmed, ${taken} × 409 SLOT_TAKEN, ${10_000 - won - taken} other`,
      );
    }

    if (other) {
      other.server.child.kill('SIGTERM');
      await other.server.exited;
    }
    const profileDir = process.env.BENCH_PROFILE;
    if (profileDir) {
      // A server of its own under --cpu-prof, the same load; samples before the load are left out.
      server.child.kill('SIGTERM');
      await server.exited;
      const dir = path.resolve(profileDir);
      await mkdir(dir, { recursive: true });
      const spawned = performance.now();
      s = await startServer(scratch.env, [`--cpu-prof`, `--cpu-prof-dir=${dir}`]);
      server = s.server;
      const before = new Set(await readdir(dir));
      await load({ kind: 'http', url: s.url, username: 'admin', password: ADMIN_PASSWORD, requests: plan(ds.offices, 200), clients: 8 });
      const from = performance.now() - spawned;
      const res = await load({
        kind: 'http',
        url: s.url,
        username: 'admin',
        password: ADMIN_PASSWORD,
        requests: plan(ds.offices, 2000),
        clients: 8,
      });
      const to = performance.now() - spawned;
      console.log(`profiled run: 8 clients, 20 offices, ${rate(confirmedOf(res, 'profiled run'), res.ms)} under --cpu-prof`);
      server.child.kill('SIGTERM');
      await server.exited;
      server = undefined;
      const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
      if (!file) throw new Error(`no .cpuprofile written into ${dir}`);
      console.log(
        `profile: ${path.join(dir, file)} (samples from ${(from / 1000).toFixed(1)} s to ${(to / 1000).toFixed(1)} s after the spawn)`,
      );
      console.log(await summarise(path.join(dir, file), { top: 25, fromMs: from, toMs: to }));
    }
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await stopAll();
    await scratch.drop();
    await rm(jobDir, { recursive: true, force: true });
  }
}

/** The service as `npm start` runs it (node dist/src/main.js), on the scratch database and a free port. */
async function startServer(
  env: Record<string, string>,
  nodeArgs: string[] = [],
  script = 'dist/src/main.js',
  workersOverride?: string,
): Promise<{ server: Running; url: string }> {
  const port = await freePort();
  // BENCH_WORKERS=N: the service as node:cluster with N workers (WORKERS); the LISTEN/NOTIFY socket
  // adapter, which several workers need, costs the booking routes nothing.
  const workers = Number(workersOverride ?? process.env.BENCH_WORKERS ?? 1);
  const server = run(
    script,
    {
      ...env,
      WORKERS: String(workers),
      ...(workers > 1 ? { SOCKET_ADAPTER: 'postgres' } : {}),
      PORT: String(port),
      ADMIN_PASSWORD,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      BOOKING_HORIZON_DAYS: '365',
      BOOKING_MIN_NOTICE_MINUTES: '0',
      // The load comes from one address: the per-address limit on public calendar reads would measure itself.
      PUBLIC_READS_PER_MINUTE: '1000000',
    },
    [],
    [...(await startFlags(script)), ...nodeArgs],
  );
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([
    waitFor(
      async () =>
        (await fetch(`${url}/health`)).ok && (workers === 1 || server.output().includes(`all ${workers} workers listening`))
          ? true
          : undefined,
      180_000,
    ),
    server.exited.then((code) => {
      throw new Error(`the server exited (${code}) before it was healthy:\n${server.output()}`);
    }),
  ]);
  return { server, url };
}

/**
 * The node flags `npm start` gives the server (package.json's `start`: `node FLAGS dist/src/main.js`),
 * read from the package.json of the build `script` belongs to, so that a BENCH_AB build runs with its own.
 */
async function startFlags(script: string): Promise<string[]> {
  const root = path.resolve(ROOT, script, '../../..');
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').split(/\s+/);
  return words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
}

/** Runs one job in a load process of its own (bench/booking-load.ts) and returns its result. */
function loader(dir: string): (job: LoadJob) => Promise<LoadResult> {
  let n = 0;
  return async (job) => {
    const file = path.join(dir, `job-${n++}.json`);
    await writeFile(file, JSON.stringify(job));
    const child = run('dist/bench/booking-load.js', {}, [file]);
    const code = await child.exited;
    const out = child.output().trim().split('\n');
    if (code !== 0) throw new Error(`load process (${job.kind}) exited ${code}:\n${out.slice(-20).join('\n')}`);
    return JSON.parse(out[out.length - 1]) as LoadResult;
  };
}

function confirmedOf(r: LoadResult, what: string): number {
  const confirmed = r.replies.filter((x) => x === '201').length;
  const refused = Object.entries(
    r.replies.filter((x) => x !== '201').reduce<Record<string, number>>((acc, x) => ({ ...acc, [x]: (acc[x] ?? 0) + 1 }), {}),
  );
  if (refused.length) console.log(`  ${what}: refused ${refused.map(([k, v]) => `${v} × ${k}`).join(', ')}`);
  return confirmed;
}

type Load = (job: LoadJob) => Promise<LoadResult>;

/** One kind of read: its label, target, the requests of a measured run and of the warm-up. */
interface ReadKind {
  label: string;
  target: number;
  paths: (count: number) => string[];
  count: number;
  warm: string[];
}

function readKinds(ds: Dataset): ReadKind[] {
  // BENCH_READS: requests per measured run of slots (availability: half as many); fewer for a quick look.
  const count = Number(process.env.BENCH_READS ?? 2000);
  const points = ds.offices.flatMap((o) => o.points);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(ds.firstFreeDay, i - 7)); // the coming week: the busiest days
  const slotPath = (i: number) =>
    `/api/points/${points[(i * 7919) % points.length].id}/slots?date=${dates[i % dates.length]}&matter=declaration`;
  // The date picker's read: a month of free-time counts for one point, from the first day of the coming week (its bookings) on.
  const from = addDays(ds.firstFreeDay, -7);
  const to = addDays(from, 30);
  const monthPath = (i: number) =>
    `/api/points/${points[(i * 7919) % points.length].id}/availability?from=${from}&to=${to}&matter=declaration`;
  const many = (pathOf: (i: number) => string) => (count: number) => Array.from({ length: count }, (_, i) => pathOf(i));
  const kinds: ReadKind[] = [
    // Warm the reference cache (every point), as a running instance has it.
    { label: 'GET /api/points/:id/slots', target: 20, paths: many(slotPath), count, warm: points.map((_, i) => slotPath(i)) },
    {
      label: `GET /api/points/:id/availability, a month (${from} … ${to})`,
      target: 50,
      paths: many(monthPath),
      count: Math.ceil(count / 2),
      warm: many(monthPath)(50),
    },
  ];
  // BENCH_BOOKING_ONLY=slots: the slots reads alone.
  return process.env.BENCH_BOOKING_ONLY === 'slots' ? kinds.slice(0, 1) : kinds;
}

/**
 * The public reads, anonymous (each pays the per-address throttle): slots of a day in the coming
 * week, and a month of availability, with 1 and 8 clients. With `other` (BENCH_AB) the two servers
 * take turns over `rounds` rounds (A first, then B first…) and the line prints both and A/B.
 */
async function reads(
  load: Load,
  url: string,
  ds: Dataset,
  rounds: number,
  other?: string,
  pids = new Map<string, number | undefined>(),
): Promise<void> {
  const run = async (at: string, kind: ReadKind, clients: number) => {
    const res = await load({ kind: 'slots', url: at, paths: kind.paths(kind.count), clients });
    const ok = res.replies.filter((r) => r === 'ok').length;
    if (ok !== res.replies.length)
      throw new Error(`${kind.label}: ${res.replies.find((r) => r !== 'ok')} (${res.replies.length - ok} failed)`);
    return res;
  };
  for (const kind of readKinds(ds)) {
    for (const at of other ? [url, other] : [url]) await load({ kind: 'slots', url: at, paths: kind.warm, clients: 1 });
    for (const clients of [1, 8]) {
      const a = { n: 0, ms: 0, cpu: 0, lat: [] as number[] };
      const b = { n: 0, ms: 0, cpu: 0, lat: [] as number[] };
      for (let r = 0; r < (other ? rounds : 1); r++) {
        const order = other && r % 2 === 1 ? [other, url] : other ? [url, other] : [url];
        for (const at of order) {
          const cpuBefore = await cpuMs(pids.get(at));
          const res = await run(at, kind, clients);
          const side = at === url ? a : b;
          side.cpu += (await cpuMs(pids.get(at))) - cpuBefore;
          side.n += res.replies.length;
          side.ms += res.ms;
          side.lat.push(...res.latencies);
        }
      }
      a.lat.sort((x, y) => x - y);
      b.lat.sort((x, y) => x - y);
      const [p50, p99] = [percentile(a.lat, 50), percentile(a.lat, 99)];
      console.log(
        `${kind.label}, ${clients} client${clients > 1 ? 's' : ''}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (target ≤ ${kind.target} ms), ${rate(a.n, a.ms)}, server CPU ${(a.cpu / a.n).toFixed(2)} ms/request${
          other
            ? `\n    B (${process.env.BENCH_AB}): p50 ${percentile(b.lat, 50).toFixed(1)} ms, p99 ${percentile(b.lat, 99).toFixed(1)} ms, ${rate(b.n, b.ms)}, server CPU ${(b.cpu / b.n).toFixed(2)} ms/request; A/B p50 ${(p50 / percentile(b.lat, 50)).toFixed(2)}, p99 ${(p99 / percentile(b.lat, 99)).toFixed(2)}, rate ${(a.n / a.ms / (b.n / b.ms)).toFixed(2)}, CPU ${(a.cpu / a.n / (b.cpu / b.n)).toFixed(2)}`
            : ''
        }`,
      );
    }
  }
}

/**
 * CPU time (user + system, ms) a server has used so far, with its node:cluster workers (its
 * children): the cost of a run whatever else the machine runs. Linux /proc only; 0 elsewhere.
 */
async function cpuMs(pid: number | undefined): Promise<number> {
  if (pid === undefined) return 0;
  const ticks = async (p: string) => {
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) || 0) + (Number(f[12]) || 0); // utime, stime (fields 14 and 15)
  };
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(' ').filter(Boolean);
  const all = await Promise.all([String(pid), ...children].map(ticks));
  return (all.reduce((x, y) => x + y, 0) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** BENCH_PROFILE with BENCH_BOOKING_ONLY=reads: the server under --cpu-prof, each read with 8 clients, each summarised on its own. */
async function profileReads(load: Load, env: Record<string, string>, ds: Dataset, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const before = new Set(await readdir(dir));
  const spawned = performance.now();
  const s = await startServer(env, [`--cpu-prof`, `--cpu-prof-dir=${dir}`]);
  const windows: { label: string; from: number; to: number }[] = [];
  try {
    for (const kind of readKinds(ds)) {
      await load({ kind: 'slots', url: s.url, paths: kind.warm, clients: 1 });
      const from = performance.now() - spawned;
      const res = await load({ kind: 'slots', url: s.url, paths: kind.paths(kind.count), clients: 8 });
      const to = performance.now() - spawned;
      const times = [...res.latencies].sort((x, y) => x - y);
      console.log(
        `profiled: ${kind.label}, 8 clients: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms under --cpu-prof`,
      );
      windows.push({ label: kind.label, from, to });
    }
  } finally {
    s.server.child.kill('SIGTERM');
    await s.server.exited;
  }
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (!file) throw new Error(`no .cpuprofile written into ${dir}`);
  for (const w of windows) {
    console.log(`profile of ${w.label}: ${path.join(dir, file)} ${w.from.toFixed(0)} ${w.to.toFixed(0)}`);
    console.log(await summarise(path.join(dir, file), { top: 25, fromMs: w.from, toMs: w.to }));
  }
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
