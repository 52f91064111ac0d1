import { performance } from 'node:perf_hooks';
import { AuditService } from '../src/audit/audit.service.js';
import { SystemClock } from '../src/common/clock.js';
import { benchDatabase, rate } from './support.js';

const PER_WRITER = 400;

/** Appends per second with 1 and 8 writers, beside a plain INSERT into an unchained table. */
export default async function bench(): Promise<void> {
  const db = await benchDatabase();
  const ds = db.dataSource;
  const audit = new AuditService(ds, new SystemClock());
  try {
    await ds.query(`CREATE TABLE bench_plain (id bigserial PRIMARY KEY, at timestamptz NOT NULL, actor text, action text, payload jsonb)`);
    console.log(`database: ${db.kind}; ${PER_WRITER} operations per writer, each in its own transaction`);
    for (const writers of [1, 8]) {
      const plain = await timed(writers, () =>
        ds.transaction((m) => m.query(`INSERT INTO bench_plain (at, actor, action, payload) VALUES (now(), 'system', 'bench', '{"i":1}')`)),
      );
      const chained = await timed(writers, () =>
        ds.transaction((m) => audit.append(m, { actor: 'system', action: 'bench.appended', payload: { i: 1 } })),
      );
      const n = writers * PER_WRITER;
      console.log(
        `${writers} writer(s): audit append ${rate(n, chained)}  |  plain INSERT ${rate(n, plain)}  |  ratio ${(chained / plain).toFixed(2)}× slower`,
      );
    }
    const started = performance.now();
    const r = await audit.verify();
    console.log(`verify: ${r.length} entries in ${Math.round(performance.now() - started)} ms (ok=${r.ok})`);
  } finally {
    await db.close();
  }
}

async function timed(writers: number, op: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, async () => {
    for (let i = 0; i < PER_WRITER; i++) await op();
  }));
  return performance.now() - started;
}
