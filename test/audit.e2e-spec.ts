import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { entryHash } from '../src/audit/audit-encoding.js';
import { AuditService } from '../src/audit/audit.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { waitFor } from './support/process.js';

describe('audit log', () => {
  let t: TestApp;
  let audit: AuditService;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    adminToken = await t.login();
  });
  afterAll(() => t.close());

  /** Until the integrator has given every committed entry its leaf index. */
  const integrated = () =>
    waitFor(async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE leaf_index IS NULL`);
      return n === 0 ? true : undefined;
    }, 30_000);
  const count = async () => (await t.db.query(`SELECT count(*)::int AS n FROM audit_entries`))[0].n as number;

  const verify = async (query = '') =>
    (await t.http().get(`/api/audit/verify${query}`).set('Authorization', `Bearer ${adminToken}`).expect(200)).body;

  it('integrates 8 concurrent writers × 200 appends into a gapless, verifiable log', async () => {
    const before = await count();
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 200; i++) {
          await t.db.transaction((m) =>
            audit.append(m, {
              actor: 'system',
              action: 'certificate.log-proof.stored',
              subjectType: 'writer',
              subjectId: String(w),
              payload: { index: i },
            }),
          );
        }
      }),
    );
    await integrated();
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n, min(leaf_index)::int AS lo, max(leaf_index)::int AS hi, count(DISTINCT leaf_index)::int AS leaves,
              count(DISTINCT seq)::int AS seqs
         FROM audit_entries`,
    );
    expect(row.n).toBe(before + 1600);
    expect(row.lo).toBe(0);
    expect(row.hi).toBe(row.n - 1); // leaf indexes 0 … n-1: no gap
    expect(row.leaves).toBe(row.n); // no two entries share a leaf: no fork
    expect(row.seqs).toBe(row.n);
    // Each writer's entries keep their commit order in the log.
    const [{ ordered }] = await t.db.query(
      `SELECT bool_and(i > prev_i) AS ordered FROM (
         SELECT (payload->>'index')::int AS i, lag((payload->>'index')::int, 1, -1) OVER (PARTITION BY subject_id ORDER BY leaf_index) AS prev_i
           FROM audit_entries WHERE subject_type = 'writer') x`,
    );
    expect(ordered).toBe(true);
    const [{ n: perWriter }] = await t.db.query(
      `SELECT min(c)::int AS n FROM (SELECT count(*) AS c FROM audit_entries WHERE subject_type = 'writer' GROUP BY subject_id) x`,
    );
    expect(perWriter).toBe(200);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, length: row.n, treeSize: row.n, pending: 0 });
  });

  it('rolls an entry back with the business change it belongs to', async () => {
    const before = await count();
    await expect(
      t.db.transaction(async (m) => {
        await audit.append(m, { actor: 'system', action: 'auth.user.password_reset', subjectType: 'user', subjectId: 'doomed' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await count()).toBe(before);
    expect(await t.db.query(`SELECT 1 FROM audit_entries WHERE subject_id = 'doomed'`)).toHaveLength(0);
  });

  it('refuses an entry whose action is unlisted or whose payload names a field its schema lacks, and writes nothing', async () => {
    const before = await count();
    const append = (entry: object) => t.db.transaction((m) => audit.append(m, entry as never));
    await expect(
      append({ actor: 'system', action: 'booking.cancelled', payload: { from: 'confirmed', reason: '改期', idNumber: 'x' } }),
    ).rejects.toThrow(/does not fit its action: booking\.cancelled/);
    await expect(append({ actor: 'system', action: 'booking.cancelled', payload: { from: 'confirmed' } })).rejects.toThrow(/reason/);
    await expect(append({ actor: 'system', action: 'booking.gossip', payload: {} })).rejects.toThrow(
      /unknown audit action booking\.gossip/,
    );
    expect(await count()).toBe(before);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(audit.append(t.db.manager, { actor: 'system', action: 'auth.user.password_reset' })).rejects.toThrow(
      /inside the caller's transaction/,
    );
  });

  it('rejects UPDATE, DELETE and TRUNCATE on entries in the database itself', async () => {
    await expect(t.db.query(`UPDATE audit_entries SET actor = 'mallory' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_entries WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
    // The integrator's one write, a leaf index set once, cannot be changed afterwards either.
    await expect(t.db.query(`UPDATE audit_entries SET leaf_index = leaf_index + 100000 WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE audit_entries SET leaf_index = NULL WHERE seq = 1`)).rejects.toThrow(/append-only/);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('pages entries in seq order for admins', async () => {
    const page1 = (await t.http().get('/api/audit?after=0&limit=5').set('Authorization', `Bearer ${adminToken}`).expect(200)).body;
    expect(page1.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(page1.next).toBe(5);
    const page2 = (await t.http().get('/api/audit?after=5&limit=2').set('Authorization', `Bearer ${adminToken}`).expect(200)).body;
    expect(page2.entries[0].seq).toBe(6);
    expect(page1.entries[4].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(page1.entries[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const bad = await t.http().get('/api/audit?limit=0').set('Authorization', `Bearer ${adminToken}`).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http().get('/api/audit/verify?seq=3').set('Authorization', `Bearer ${adminToken}`).expect(400);
  });

  it('checks a remembered entry and a remembered checkpoint', async () => {
    await integrated();
    const [e] = await t.db.query(`SELECT seq::int AS seq, hash FROM audit_entries ORDER BY leaf_index DESC LIMIT 1`);
    expect(await verify(`?seq=${e.seq}&hash=${e.hash}`)).toMatchObject({ ok: true });
    expect(await verify(`?seq=${e.seq}&hash=${'0'.repeat(64)}`)).toMatchObject({ ok: false, problem: 'REMEMBERED_HEAD_MISMATCH' });
    const now = await verify();
    const root = encodeURIComponent(now.rootHash);
    expect(await verify(`?size=${now.treeSize}&root=${root}`)).toMatchObject({ ok: true });
    expect(await verify(`?size=5&root=${encodeURIComponent(Buffer.alloc(32, 7).toString('base64'))}`)).toMatchObject({
      ok: false,
      problem: 'INCONSISTENT_WITH_REMEMBERED',
    });
    await t.http().get('/api/audit/verify?size=5').set('Authorization', `Bearer ${adminToken}`).expect(400);
    await t.http().get('/api/audit/verify?size=5&root=abc').set('Authorization', `Bearer ${adminToken}`).expect(400);
  });

  // Tampering needs the trigger bypassed, as only a superuser can; these run last in this file.
  describe('after a superuser bypasses the trigger', () => {
    async function asSuperuser(sql: string) {
      await t.db.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(sql);
      });
    }

    const leafOf = async (seq: number) =>
      (await t.db.query(`SELECT leaf_index::int AS i FROM audit_entries WHERE seq = $1`, [seq]))[0].i as number;

    it('names a changed payload, even with its stored hash recomputed', async () => {
      await integrated();
      const [e] = await audit.range(40, 1);
      const forged = { ...e, payload: { i: 999 } };
      await asSuperuser(`UPDATE audit_entries SET payload = '{"i": 999}', hash = '${entryHash(forged)}' WHERE seq = 40`);
      // The entry is self-consistent now; its leaf no longer matches the signed tree.
      expect(await verify()).toMatchObject({
        ok: false,
        firstInvalidSeq: 40,
        firstInvalidIndex: await leafOf(40),
        problem: 'HASH_MISMATCH',
      });
      await asSuperuser(`UPDATE audit_entries SET payload = '{"i": 999}' WHERE seq = 20`);
      expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: 20 });
    });

    it('names a changed timestamp and a removed entry', async () => {
      await asSuperuser(`UPDATE audit_entries SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = 12`);
      expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: 12, problem: 'HASH_MISMATCH' });
      const gone = await leafOf(8);
      await asSuperuser(`DELETE FROM audit_entries WHERE seq = 8`);
      expect(await verify()).toMatchObject({ ok: false, firstInvalidIndex: gone, problem: 'SEQ_GAP' });
    });
  });
});
