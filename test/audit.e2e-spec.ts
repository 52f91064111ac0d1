import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../src/audit/audit.service.js';
import { startTestApp, type TestApp } from './support/app.js';

describe('audit chain', () => {
  let t: TestApp;
  let audit: AuditService;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    adminToken = await t.login();
  });
  afterAll(() => t.close());

  const verify = async (query = '') =>
    (await t.http().get(`/api/audit/verify${query}`).set('Authorization', `Bearer ${adminToken}`).expect(200)).body;

  it('stays gapless, unforked and verifiable under 8 concurrent writers × 200 appends', async () => {
    const [{ seq: before }] = await t.db.query(`SELECT seq::int AS seq FROM audit_head`);
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 200; i++) {
          await t.db.transaction((m) =>
            audit.append(m, { actor: 'system', action: 'test.appended', subjectType: 'writer', subjectId: String(w), payload: { i } }),
          );
        }
      }),
    );
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n, min(seq)::int AS lo, max(seq)::int AS hi, count(DISTINCT prev_hash)::int AS prevs,
              bool_and(occurred_at > lag_at) AS increasing
         FROM (SELECT seq, prev_hash, occurred_at, lag(occurred_at, 1, '-infinity') OVER (ORDER BY seq) AS lag_at FROM audit_entries) e`,
    );
    expect(row.n).toBe(row.hi);
    expect(row.lo).toBe(1);
    expect(row.hi).toBe(before + 1600);
    expect(row.prevs).toBe(row.n); // no two entries claim the same predecessor: no fork
    expect(row.increasing).toBe(true);
    const [{ n: perWriter }] = await t.db.query(
      `SELECT min(c)::int AS n FROM (SELECT count(*) AS c FROM audit_entries WHERE action = 'test.appended' GROUP BY subject_id) x`,
    );
    expect(perWriter).toBe(200);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, length: row.n });
  });

  it('rolls an entry back with the business change it belongs to', async () => {
    const [{ seq: before }] = await t.db.query(`SELECT seq::int AS seq FROM audit_head`);
    await expect(
      t.db.transaction(async (m) => {
        await audit.append(m, { actor: 'system', action: 'test.doomed' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const [{ seq: after }] = await t.db.query(`SELECT seq::int AS seq FROM audit_head`);
    expect(after).toBe(before);
    expect(await t.db.query(`SELECT 1 FROM audit_entries WHERE action = 'test.doomed'`)).toHaveLength(0);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(audit.append(t.db.manager, { actor: 'system', action: 'test.loose' })).rejects.toThrow(/inside the caller's transaction/);
  });

  it('rejects UPDATE, DELETE and TRUNCATE on entries in the database itself', async () => {
    await expect(t.db.query(`UPDATE audit_entries SET actor = 'mallory' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_entries WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_entries`)).rejects.toThrow(/append-only/);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('pages entries in seq order for admins', async () => {
    const page1 = (await t.http().get('/api/audit?after=0&limit=5').set('Authorization', `Bearer ${adminToken}`).expect(200)).body;
    expect(page1.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(page1.next).toBe(5);
    const page2 = (await t.http().get('/api/audit?after=5&limit=2').set('Authorization', `Bearer ${adminToken}`).expect(200)).body;
    expect(page2.entries[0].prevHash).toBe(page1.entries[4].hash);
    expect(page1.entries[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const bad = await t.http().get('/api/audit?limit=0').set('Authorization', `Bearer ${adminToken}`).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    await t.http().get('/api/audit/verify?seq=3').set('Authorization', `Bearer ${adminToken}`).expect(400);
  });

  it('checks a remembered head', async () => {
    const [head] = await t.db.query(`SELECT seq::int AS seq, hash FROM audit_head`);
    expect(await verify(`?seq=${head.seq}&hash=${head.hash}`)).toMatchObject({ ok: true });
    expect(await verify(`?seq=${head.seq}&hash=${'0'.repeat(64)}`)).toMatchObject({ ok: false, problem: 'REMEMBERED_HEAD_MISMATCH' });
  });

  // Tampering needs the trigger bypassed, as only a superuser can; these run last in this file.
  describe('after a superuser bypasses the trigger', () => {
    async function asSuperuser(sql: string) {
      await t.db.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(sql);
      });
    }

    it('names a changed payload', async () => {
      await asSuperuser(`UPDATE audit_entries SET payload = '{"i": 999}' WHERE seq = 40`);
      expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: 40, problem: 'HASH_MISMATCH' });
      await asSuperuser(`UPDATE audit_entries SET payload = '{"i": 999}' WHERE seq = 20`);
      expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: 20 });
    });

    it('names a changed timestamp and a removed entry', async () => {
      await asSuperuser(`UPDATE audit_entries SET occurred_at = occurred_at + interval '1 microsecond' WHERE seq = 12`);
      expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: 12, problem: 'HASH_MISMATCH' });
      await asSuperuser(`DELETE FROM audit_entries WHERE seq = 8`);
      expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: 8, problem: 'SEQ_GAP' });
    });
  });
});
