import { performance } from 'node:perf_hooks';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { AuditService } from '../src/audit/audit.service.js';
import { LogRepository } from '../src/audit/log/log.repository.js';
import { LogService } from '../src/audit/log/log.service.js';
import { SystemClock } from '../src/common/clock.js';
import { CryptoRandom } from '../src/common/random.js';
import type { AppConfig } from '../src/config/config.js';
import { benchDatabase, percentile, rate, requireBaseline } from './support.js';

const PER_WRITER = 400;
const PROOFS = 20_000;

/**
 * Evidence log v2: appends per second with 1, 8 and 32 writers beside a plain INSERT of
 * the same rows into a table shaped like audit_entries, in the same run; integration lag (commit →
 * in a signed checkpoint) p50/p99 while 8 writers append; inclusion proofs served per second.
 */
export default async function bench(): Promise<void> {
  const db = await benchDatabase();
  const ds = db.dataSource;
  const server = db.kind.startsWith('PostgreSQL');
  const audit = new AuditService(ds, new SystemClock(), new AuditRepository(ds));
  const config = {
    publicBaseUrl: 'https://bench.example',
    databaseUrl: server ? (ds.options as { url: string }).url : undefined,
    logIntegrator: true,
  } as AppConfig;
  const log = new LogService(new LogRepository(ds), new CryptoRandom(), config);
  await log.onApplicationBootstrap();
  const committed = new Map<number, number>();
  const lags: number[] = [];
  let measuring = false;
  log.integrator.on('integrated', (_size: number, seqs: number[]) => {
    const now = performance.now();
    for (const s of seqs) {
      const at = committed.get(s);
      if (at !== undefined) {
        lags.push(now - at);
        committed.delete(s);
      }
    }
  });
  try {
    await ds.query(`CREATE TABLE bench_plain (LIKE audit_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
    console.log(`database: ${db.kind}; ${PER_WRITER} operations per writer, each in its own transaction`);
    let k = 0;
    for (const writers of [1, 8, 32]) {
      const plain = await timed(writers, () =>
        ds.transaction((m) =>
          m.query(
            `INSERT INTO bench_plain (occurred_at, actor, action, subject_type, subject_id, payload, hash) VALUES (now(), 'system', 'certificate.log-proof.stored', NULL, NULL, '{"index":1}', $1)`,
            [(++k).toString(16).padStart(64, '0')],
          ),
        ),
      );
      measuring = writers === 8;
      const appended = await timed(writers, async () => {
        const e = await ds.transaction((m) =>
          audit.append(m, { actor: 'system', action: 'certificate.log-proof.stored', payload: { index: 1 } }),
        );
        if (measuring) committed.set(e.seq, performance.now());
      });
      measuring = false;
      const n = writers * PER_WRITER;
      const [{ plainRows }] = (await ds.query(`SELECT count(*)::int AS "plainRows" FROM bench_plain`)) as { plainRows: number }[];
      requireBaseline(`${writers} writer(s): plain INSERT into bench_plain`, plainRows, k);
      console.log(
        `${String(writers).padStart(2)} writer(s): audit append ${rate(n, appended)}  |  plain INSERT ${rate(n, plain)}  |  append/INSERT ${(plain / appended).toFixed(2)}`,
      );
    }
    const deadline = performance.now() + 30_000;
    while (committed.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sorted = [...lags].sort((a, b) => a - b);
    console.log(
      `integration lag (commit → in a signed checkpoint), 8 writers, ${sorted.length} entries: p50 ${Math.round(percentile(sorted, 50))} ms, p99 ${Math.round(percentile(sorted, 99))} ms${committed.size ? `, ${committed.size} NOT integrated within 30 s` : ''}`,
    );

    const { size } = await log.checkpoint();
    await log.inclusionProof(0, size); // warm the tile cache
    let started = performance.now();
    for (let i = 0; i < PROOFS; i++) await log.inclusionProof(Math.floor(Math.random() * size), size);
    console.log(`inclusion proofs (service, tree of ${size}, tiles cached): ${rate(PROOFS, performance.now() - started)}`);
    started = performance.now();
    const r = await audit.verify();
    console.log(`audit:verify: ${r.length} leaves recomputed and checked in ${Math.round(performance.now() - started)} ms (ok=${r.ok})`);
  } finally {
    await log.onModuleDestroy();
    await db.close();
  }
}

async function timed(writers: number, op: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = 0; i < PER_WRITER; i++) await op();
    }),
  );
  return performance.now() - started;
}
