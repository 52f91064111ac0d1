import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { AuditService } from '../src/audit/audit.service.js';
import { ADMIN, freshDatabase, startTestApp, type TestApp } from './support/app.js';
import { run, waitFor, type Running } from './support/process.js';
import { freePort } from './support/scratch.js';

/**
 * Several instances on one PostgreSQL (so, like the signalling cluster test, server only): one
 * integrates, the others wait on the advisory lock. The integrating process is killed with
 * SIGKILL while its batch transaction is open; nothing may be lost, duplicated or reordered,
 * and another instance takes the lock over.
 */
describe('evidence log integrator across instances', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let writer: TestApp;
  let probe: pg.Client;
  const instances: Running[] = [];

  const holder = async () => {
    const { rows } = await probe.query<{ pid: number }>(
      `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name = 'remote-notary-integrator'`,
    );
    return rows[0]?.pid;
  };
  const start = async () => {
    const port = await freePort();
    const p = run('dist/src/main.js', { ...db.env, PORT: String(port), ADMIN_PASSWORD: ADMIN.password, SEED_DEMO: 'false' });
    await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), 60_000);
    instances.push(p);
    return p;
  };

  beforeAll(async () => {
    db = await freshDatabase();
    // The in-test instance only writes: it never competes for the lease.
    writer = await startTestApp({ ...db.env, LOG_INTEGRATOR: 'false' });
    probe = new pg.Client({ connectionString: db.env.DATABASE_URL });
    await probe.connect();
  }, 120_000);

  afterAll(async () => {
    for (const p of instances) {
      p.child.kill('SIGKILL');
      await p.exited;
    }
    await probe?.end();
    await writer?.close();
    await db?.drop();
  });

  it('loses, duplicates and reorders nothing when the integrator is killed mid-batch, and another instance takes over', async () => {
    const a = await start();
    const firstHolder = await waitFor(holder, 30_000);
    await start();
    const audit = writer.app.get(AuditService);
    const token = await writer.login();
    let writing = true;
    const written: number[] = [0, 0, 0, 0];
    const writers = written.map(async (_, w) => {
      while (writing) {
        await writer.db.transaction((m) =>
          audit.append(m, {
            actor: 'system',
            action: 'certificate.log-proof.stored',
            subjectType: 'writer',
            subjectId: String(w),
            payload: { index: written[w] },
          }),
        );
        written[w]++;
      }
    });
    // Kill the holder while its batch transaction is open (seen from pg_stat_activity).
    await waitFor(async () => {
      const { rows } = await probe.query(
        `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND xact_start IS NOT NULL AND (SELECT count(*) FROM audit_entries WHERE leaf_index IS NOT NULL) > 50`,
        [firstHolder],
      );
      return rows.length ? true : undefined;
    }, 30_000);
    a.child.kill('SIGKILL');
    await a.exited;
    const killedAt = performance.now();
    const next = await waitFor(async () => {
      const h = await holder();
      return h && h !== firstHolder ? h : undefined;
    }, 30_000);
    const takeoverMs = performance.now() - killedAt;
    expect(next).not.toBe(firstHolder);
    await new Promise((r) => setTimeout(r, 500));
    writing = false;
    await Promise.all(writers);
    await waitFor(async () => {
      const { rows } = await probe.query(`SELECT count(*)::int AS n FROM audit_entries WHERE leaf_index IS NULL`);
      return rows[0].n === 0 ? true : undefined;
    }, 30_000);

    const {
      rows: [all],
    } = await probe.query(
      `SELECT count(*)::int AS n, max(leaf_index)::int AS hi, count(DISTINCT leaf_index)::int AS leaves FROM audit_entries`,
    );
    expect(all.hi).toBe(all.n - 1);
    expect(all.leaves).toBe(all.n);
    for (let w = 0; w < written.length; w++) {
      const { rows } = await probe.query<{ i: number }>(
        `SELECT (payload->>'index')::int AS i FROM audit_entries WHERE subject_type = 'writer' AND subject_id = $1 ORDER BY leaf_index`,
        [String(w)],
      );
      // Every committed append, exactly once, in the order its writer committed them.
      expect(rows.map((r) => r.i)).toEqual(Array.from({ length: written[w] }, (_, i) => i));
    }
    const verdict = (await writer.http().get('/api/audit/verify').set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(verdict).toMatchObject({ ok: true, length: all.n, treeSize: all.n, pending: 0 });
    console.log(`integrator takeover after kill -9: ${Math.round(takeoverMs)} ms; ${written.reduce((x, y) => x + y)} appends`);
  });
});
