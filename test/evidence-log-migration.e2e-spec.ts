import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/index.js';
import { entryHash, entryLeafHash, formatMicros, GENESIS_HASH, type AuditRecord } from '../src/audit/audit-encoding.js';
import { LogService } from '../src/audit/log/log.service.js';
import { verifyInclusion } from '../src/audit/log/merkle.js';
import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { freshDatabase, startTestApp, type TestApp } from './support/app.js';
import { waitFor } from './support/process.js';

/**
 * The upgrade: a database made by the previous release (schema up to 1764300000500, a v1 hash
 * chain written the way v1 wrote it: under the locked head row) is opened by this release. Its
 * entries become the log's first leaves in seq order, unchanged, and everything verifies.
 */
describe('evidence log migration from the v1 hash chain', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let t: TestApp;
  const OLD = 40;
  const old: (AuditRecord & { hash: string })[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    const embedded = db.env.DATABASE_URL ? undefined : await EmbeddedPostgres.start(db.env.DATA_DIR);
    const previous = new DataSource({
      type: 'postgres',
      url: db.env.DATABASE_URL ?? embedded!.url,
      // The v1 schema: without the evidence-log migrations (0600–0999), and without those written
      // after the log (2000 on), which may build on its columns.
      migrations: MIGRATIONS.filter((m) => !/EvidenceLog|1764300000[6-9]\d\d|176430000[2-9]\d{3}/.test(m.name)),
      migrationsTransactionMode: 'each',
      extra: { max: 1 },
    });
    await previous.initialize();
    await previous.runMigrations();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= OLD; seq++) {
      const r: AuditRecord = {
        seq,
        occurredAt: formatMicros(1_764_000_000_000_000n + BigInt(seq) * 1000n),
        actor: 'system',
        action: 'legacy.event',
        subjectType: 'thing',
        subjectId: `t${seq}`,
        payload: { n: seq, 名: '公证' },
        prevHash: prev,
      };
      const hash = entryHash(r);
      await previous.transaction(async (m) => {
        await m.query(`SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE`);
        await m.query(
          `INSERT INTO audit_entries (seq, occurred_at, actor, action, subject_type, subject_id, payload, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
          [seq, r.occurredAt, r.actor, r.action, r.subjectType, r.subjectId, JSON.stringify(r.payload), prev, hash],
        );
        await m.query(`UPDATE audit_head SET seq = $1, hash = $2, occurred_at = $3 WHERE id = 1`, [seq, hash, r.occurredAt]);
      });
      old.push({ ...r, hash });
      prev = hash;
    }
    await previous.destroy();
    await embedded?.stop();
    t = await startTestApp(db.env);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('makes the chain entries the first leaves, in seq order, and keeps the old head', async () => {
    await waitFor(async () => {
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE leaf_index IS NULL`);
      return n === 0 ? true : undefined;
    }, 30_000);
    const rows = (await t.db.query(`SELECT seq::int AS seq, leaf_index::int AS i, hash FROM audit_entries WHERE seq <= $1 ORDER BY seq`, [
      OLD,
    ])) as {
      seq: number;
      i: number;
      hash: string;
    }[];
    expect(rows.map((r) => r.i)).toEqual(old.map((_, k) => k));
    expect(rows.map((r) => r.hash)).toEqual(old.map((e) => e.hash));
    const [head] = await t.db.query(`SELECT seq::int AS seq, hash FROM audit_chain_v1_head`);
    expect(head).toEqual({ seq: OLD, hash: old[OLD - 1].hash });
    // Entries of this release come after, with fresh seq numbers.
    const [{ lo }] = await t.db.query(`SELECT min(seq)::int AS lo FROM audit_entries WHERE prev_hash IS NULL`);
    expect(lo).toBe(OLD + 1);
  });

  it('proves an old entry in the new tree and verifies the whole log, v1 links included', async () => {
    const log = t.app.get(LogService);
    const { size, root } = await log.checkpoint();
    const p = await log.inclusionProof(7, size);
    expect(Buffer.from(p.leafHash, 'base64').equals(entryLeafHash(old[7]))).toBe(true);
    expect(() =>
      verifyInclusion(
        7,
        size,
        entryLeafHash(old[7]),
        p.proof.map((h) => Buffer.from(h, 'base64')),
        root,
      ),
    ).not.toThrow();
    const token = await t.login();
    const v = (await t.http().get('/api/audit/verify').set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(v).toMatchObject({ ok: true });
    expect(v.length).toBeGreaterThan(OLD);
  });
});
