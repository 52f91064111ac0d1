import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { call, Cleanup, ownPostgres, setUpOffice, sleep, slotStart, startService, tally } from './support.js';

export interface PostgresRestartFigures {
  /** Booking requests answered 2xx (acknowledged) over the whole drill. */
  acked: number;
  /** Acknowledged bookings missing from the database afterwards (must be 0). */
  ackedMissing: number;
  /** Answers by status and code for requests answered while the database was down or coming back. */
  duringOutage: Record<string, number>;
  ackedDuringOutage: number;
  /** Answers 500 and up other than 503 over the whole drill (must be 0). */
  serverErrors: number;
  /** Network failures (no HTTP answer at all) over the whole drill (must be 0). */
  noAnswer: number;
  /** /health answers while the database was stopped. */
  healthWhileDown: Record<string, number>;
  outageMs: number;
  /** From the database accepting connections again to the first 200 on /health. */
  recoveryMs: number;
  /** From the database accepting connections again to the first acknowledged booking. */
  firstBookingAfterMs: number;
}

const WORKERS = 6;
const OUTAGE_MS = 4000;

/**
 * PostgreSQL stopped and started again under a booking load: bookings resume without a restart
 * of the service. The drill's own cluster (initdb + pg_ctl on its own port): the shared server on
 * 5432 is never touched.
 */
export default async function drill(): Promise<PostgresRestartFigures> {
  const cleanup = new Cleanup();
  try {
    const db = await ownPostgres(cleanup);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'drill-data-'));
    cleanup.add(() => rm(dataDir, { recursive: true, force: true }));
    const service = await startService({ DATABASE_URL: db.url, DATA_DIR: dataDir }, cleanup);
    const { url } = service;
    const office = await setUpOffice(url, { notaries: 4, points: 4 });

    type Outcome = { status: number; code?: string; id?: string; at: number };
    const outcomes: Outcome[] = [];
    let next = 0;
    let loading = true;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (loading) {
        const n = next++;
        const point = office.points[n % office.points.length];
        const res = await call<{ id?: string; code?: string }>(url, 'POST', '/api/bookings', point.assistantToken, {
          pointId: point.id,
          matterCode: 'declaration',
          start: slotStart(Math.floor(n / office.points.length)).toISOString(),
          applicant: { name: '王堃', idNumber: '321181199003070013', phone: '13912345678' },
        });
        outcomes.push({ status: res.status, code: res.body?.code, id: res.body?.id, at: performance.now() });
        // Refused at once while the database is down: pace the retries a little.
        if (res.status >= 500 || res.status === 0) await sleep(50);
      }
    });

    const health: { status: number; at: number }[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const r = await call(url, 'GET', '/health');
        health.push({ status: r.status, at: performance.now() });
        await sleep(100);
      }
    })();

    await sleep(3000);
    const stopping = performance.now();
    await db.stop();
    const down = performance.now();
    await sleep(OUTAGE_MS);
    await db.start();
    const back = performance.now();
    const healthyAt = await (async () => {
      for (;;) {
        const h = health.find((x) => x.at > back && x.status === 200);
        if (h) return h.at;
        if (performance.now() - back > 60_000) throw new Error(`no healthy answer within 60 s of the database returning`);
        await sleep(50);
      }
    })();
    await sleep(3000);
    loading = false;
    probing = false;
    await Promise.all([...workers, prober]);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>('SELECT id FROM bookings');
    await client.end();
    const stored = new Set(rows.map((r) => r.id));
    const acked = outcomes.filter((o) => o.status >= 200 && o.status < 300);
    const during = outcomes.filter((o) => o.at >= stopping && o.at <= healthyAt);
    const firstBooking = acked.find((o) => o.at > back);
    const figures: PostgresRestartFigures = {
      acked: acked.length,
      ackedMissing: acked.filter((o) => !o.id || !stored.has(o.id)).length,
      duringOutage: tally(during.map((o) => (o.code ? `${o.status} ${o.code}` : String(o.status)))),
      ackedDuringOutage: during.filter((o) => o.status >= 200 && o.status < 300).length,
      serverErrors: outcomes.filter((o) => o.status >= 500 && o.status !== 503).length,
      noAnswer: outcomes.filter((o) => o.status === 0).length,
      healthWhileDown: tally(health.filter((h) => h.at > down && h.at < back).map((h) => h.status)),
      outageMs: Math.round(back - stopping),
      recoveryMs: Math.round(healthyAt - back),
      firstBookingAfterMs: firstBooking ? Math.round(firstBooking.at - back) : -1,
    };
    console.log(`PostgreSQL restart under booking load (${WORKERS} workers, own cluster on port ${db.port}):`);
    console.log(`  bookings acknowledged: ${figures.acked}, missing from the database afterwards: ${figures.ackedMissing}`);
    console.log(`  database down for ${figures.outageMs} ms (pg_ctl stop -m fast … start)`);
    console.log(`  answers while down/recovering: ${JSON.stringify(figures.duringOutage)} (acknowledged: ${figures.ackedDuringOutage})`);
    console.log(`  /health while down: ${JSON.stringify(figures.healthWhileDown)}`);
    console.log(`  5xx other than 503: ${figures.serverErrors}; requests without any answer: ${figures.noAnswer}`);
    console.log(
      `  first healthy /health ${figures.recoveryMs} ms after the database returned; first booking acknowledged after ${figures.firstBookingAfterMs} ms`,
    );
    if (figures.serverErrors)
      console.log(
        `  the service logged:\n${service.proc
          .output()
          .split('\n')
          .filter((l) => l.includes('ErrorFilter'))
          .slice(0, 10)
          .join('\n')}`,
      );
    return figures;
  } finally {
    await cleanup.run();
  }
}
