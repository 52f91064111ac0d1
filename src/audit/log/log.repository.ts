import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { AuditEntry, AuditRecord } from '../audit-encoding.js';
import { ENTRY_COLUMNS } from '../audit.repository.js';
import type { TileReader } from './tiles.js';

/** Runs one statement: on the pool, a query runner or a plain pg client alike. */
export type Sql = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Statements on a DataSource (its pool) or on one of its query runners. */
export const sqlOf =
  (db: Pick<DataSource, 'query'>): Sql =>
  (text, params) =>
    db.query(text, params) as Promise<Record<string, unknown>[]>;

/** Statements on a plain pg client (the integrator's own session). */
export const sqlOfClient =
  (c: pg.Client): Sql =>
  async (text, params) =>
    (await c.query(text, params)).rows as Record<string, unknown>[];

export interface LogState {
  origin: string;
  keySeed: Buffer;
  size: number;
  root: Buffer;
  checkpoint: string;
  cosignedSize: number | null;
  cosignedCheckpoint: string | null;
}

/**
 * The SQL of the evidence log: `log_state`, `log_tiles`, `log_witnesses`, and `audit_entries` as the
 * integrator and the verifier read them (by leaf index) and write them (the leaf index, once).
 * Every read of a tile is a primary-key lookup on log_tiles; the pending queue is the partial index
 * audit_entries_pending (leaf_index IS NULL). Methods that take a `Sql` run on that session, in the
 * caller's transaction; the others on the pool.
 */
@Injectable()
export class LogRepository {
  /** Statements on the pool. */
  readonly pool: Sql;

  constructor(private readonly db: DataSource) {
    this.pool = sqlOf(db);
  }

  /** The log's one row; with `forUpdate`, locked until the transaction ends. */
  async state(sql: Sql = this.pool, forUpdate = false): Promise<LogState | undefined> {
    const [r] = await sql(
      `SELECT origin, key_seed AS "keySeed", size::text AS size, root, checkpoint, cosigned_size::text AS "cosignedSize",
            cosigned_checkpoint AS "cosignedCheckpoint"
       FROM log_state WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
    );
    if (!r) return undefined;
    return {
      origin: r.origin as string,
      keySeed: r.keySeed as Buffer,
      size: Number(r.size),
      root: r.root as Buffer,
      checkpoint: r.checkpoint as string,
      cosignedSize: r.cosignedSize === null ? null : Number(r.cosignedSize),
      cosignedCheckpoint: r.cosignedCheckpoint as string | null,
    };
  }

  /** The log's identity and key with the empty tree's checkpoint, unless it exists. */
  async createState(s: { origin: string; keySeed: Buffer; root: Buffer; checkpoint: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO log_state (id, origin, key_seed, size, root, checkpoint) VALUES (1, $1, $2, 0, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [s.origin, s.keySeed, s.root, s.checkpoint],
    );
  }

  /** The integrator's new tree: its size, root and signed checkpoint. */
  async setTree(sql: Sql, size: number, root: Buffer, checkpoint: string): Promise<void> {
    await sql(`UPDATE log_state SET size = $1, root = $2, checkpoint = $3, updated_at = now() WHERE id = 1`, [size, root, checkpoint]);
  }

  /** The checkpoint of `size` with the witnesses' cosignatures, unless the tree has grown since. */
  async setCosigned(size: number, cosignedCheckpoint: string): Promise<void> {
    await this.db.query(`UPDATE log_state SET cosigned_size = $1, cosigned_checkpoint = $2 WHERE id = 1 AND size = $1`, [
      size,
      cosignedCheckpoint,
    ]);
  }

  /** Reads tiles from `log_tiles`; a tile not stored at that width is an error. */
  tiles(sql: Sql = this.pool): TileReader {
    return async (level, n, width) => {
      const [r] = await sql(`SELECT hashes FROM log_tiles WHERE level = $1 AND n = $2`, [level, n]);
      const hashes = r?.hashes as Buffer | undefined;
      if (!hashes || hashes.length < width * 32) throw new Error(`tile ${level}/${n} of width ${width} is not stored`);
      return hashes.subarray(0, width * 32);
    };
  }

  async writeTiles(sql: Sql, tiles: readonly { level: number; n: number; hashes: Buffer }[]): Promise<void> {
    await sql(
      `INSERT INTO log_tiles (level, n, hashes) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])
       ON CONFLICT (level, n) DO UPDATE SET hashes = EXCLUDED.hashes`,
      [tiles.map((t) => t.level), tiles.map((t) => t.n), tiles.map((t) => t.hashes)],
    );
  }

  /** The tree size a witness last cosigned, if it ever did. */
  async witnessSize(name: string): Promise<number | undefined> {
    const [row] = (await this.db.query(`SELECT size::text AS size FROM log_witnesses WHERE name = $1`, [name])) as {
      size: string;
    }[];
    return row ? Number(row.size) : undefined;
  }

  /** A witness has cosigned `size` (never moves back). */
  async setWitnessSize(name: string, size: number): Promise<void> {
    await this.db.query(
      `INSERT INTO log_witnesses (name, size) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET size = GREATEST(log_witnesses.size, EXCLUDED.size)`,
      [name, size],
    );
  }

  /** Entry `seq`, whether integrated or pending. */
  async entry(seq: number, sql: Sql = this.pool): Promise<AuditEntry | undefined> {
    const [e] = (await sql(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq = $1`, [seq])) as unknown as AuditEntry[];
    return e;
  }

  /** Entry `seq`'s leaf index; undefined while it is pending (or when there is no such entry). */
  async leafIndex(seq: number): Promise<number | undefined> {
    const [r] = (await this.db.query(`SELECT leaf_index::text AS i FROM audit_entries WHERE seq = $1`, [seq])) as { i: string | null }[];
    return r?.i == null ? undefined : Number(r.i);
  }

  /** The leaf indexes of those of `seqs` that are integrated. */
  async leafIndexes(seqs: readonly number[]): Promise<{ seq: number; leafIndex: number }[]> {
    const rows = (await this.db.query(
      `SELECT seq::int AS seq, leaf_index::text AS i FROM audit_entries WHERE seq = ANY($1::bigint[]) AND leaf_index IS NOT NULL`,
      [seqs],
    )) as { seq: number; i: string }[];
    return rows.map((r) => ({ seq: r.seq, leafIndex: Number(r.i) }));
  }

  /** Up to `limit` integrated entries after leaf index `after`, in leaf order. */
  async integrated(sql: Sql, after: number, limit: number): Promise<AuditEntry[]> {
    return (await sql(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE leaf_index > $1 ORDER BY leaf_index LIMIT ${limit}`, [
      after,
    ])) as unknown as AuditEntry[];
  }

  /** Every pending entry, in seq order. */
  async pending(sql: Sql): Promise<AuditEntry[]> {
    return (await sql(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE leaf_index IS NULL ORDER BY seq`)) as unknown as AuditEntry[];
  }

  /** Whether any entry waits for its leaf index: one read of the partial index, no transaction, no lock. */
  async hasPending(sql: Sql): Promise<boolean> {
    const [r] = await sql(`SELECT EXISTS (SELECT 1 FROM audit_entries WHERE leaf_index IS NULL) AS pending`);
    return r.pending === true;
  }

  /** The next batch to integrate: the first `limit` pending entries in seq order. */
  async nextBatch(sql: Sql, limit: number): Promise<AuditRecord[]> {
    return (await sql(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE leaf_index IS NULL ORDER BY seq LIMIT ${limit}`,
    )) as unknown as AuditRecord[];
  }

  /** Gives entries `seqs[k]` the leaf index `indexes[k]`. */
  async setLeafIndexes(sql: Sql, seqs: readonly number[], indexes: readonly number[]): Promise<void> {
    await sql(`UPDATE audit_entries e SET leaf_index = v.i FROM unnest($1::bigint[], $2::bigint[]) AS v(seq, i) WHERE e.seq = v.seq`, [
      seqs,
      indexes,
    ]);
  }

  /** Takes the session-level advisory lock `key` on `client` if it is free; true when taken. */
  async tryAdvisoryLock(client: pg.Client, key: bigint): Promise<boolean> {
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [key.toString()]);
    return rows[0].ok;
  }

  /** Listens on `channel` on the integrator's own connection (its notifications come as `notification` events). */
  async listen(client: pg.Client, channel: string): Promise<void> {
    await client.query(`LISTEN ${channel}`);
  }

  /** Wakes every listener on `channel` (NOTIFY, on the pool). */
  async notify(channel: string): Promise<void> {
    await this.db.query(`SELECT pg_notify($1, '')`, [channel]);
  }

  /** `work` in a transaction on `sql`'s session: BEGIN, then COMMIT, or ROLLBACK when it throws. */
  async inTransaction<T>(sql: Sql, work: (sql: Sql) => Promise<T>): Promise<T> {
    await sql('BEGIN');
    try {
      const result = await work(sql);
      await sql('COMMIT');
      return result;
    } catch (err) {
      await sql('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** `work` in a transaction on a query runner of the pool. */
  async inRunnerTransaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const result = await work(sqlOf(runner));
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** `work` in one read-only REPEATABLE READ snapshot, on a query runner of the pool. */
  async inSnapshot<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction('REPEATABLE READ');
      await runner.query('SET TRANSACTION READ ONLY');
      const result = await work(sqlOf(runner));
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }
}
