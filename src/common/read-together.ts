import type { Socket } from 'node:net';
import type pg from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';
import { withPooledClient } from './transaction.js';

interface Waiting {
  sql: string;
  params?: unknown[];
  resolve(rows: unknown): void;
  reject(err: unknown): void;
}

type Pipelined = pg.PoolClient & { connection?: { stream?: Socket } };

const waiting = new WeakMap<DataSource, Waiting[]>();

/**
 * A read-only statement outside any transaction, resolving as `DataSource.query` does (the rows;
 * QueryFailedError on failure). On the PostgreSQL pool, whose clients pipeline (data-source.ts),
 * the statements asked for in one turn of the event loop go out together on one pooled client, in
 * one socket write, and their answers come back in one read: for the hot public reads, where a
 * socket write costs the server more than the statement does. Each statement is its own implicit
 * transaction (one Sync each), so one failing does not touch the others. On PGlite (one session,
 * no pipelining) each goes through `DataSource.query`.
 */
export function readTogether<T>(db: DataSource, sql: string, params?: unknown[]): Promise<T> {
  const pool = (db.driver as unknown as { master?: pg.Pool & { options?: { pipeline?: boolean } } }).master;
  if (!pool?.options?.pipeline) return db.query(sql, params);
  return new Promise<T>((resolve, reject) => {
    let batch = waiting.get(db);
    if (!batch) {
      batch = [];
      waiting.set(db, batch);
      // After the poll phase: every request read in it has had its turn to add a statement.
      setImmediate(() => {
        const taken = waiting.get(db) ?? [];
        waiting.delete(db);
        void send(pool, taken);
      });
    }
    batch.push({ sql, params, resolve: resolve as (rows: unknown) => void, reject });
  });
}

async function send(pool: pg.Pool, batch: Waiting[]): Promise<void> {
  try {
    await withPooledClient(pool, async (client) => {
      const stream = (client as Pipelined).connection?.stream;
      stream?.cork();
      const answered = batch.map((w) =>
        client.query(w.sql, w.params).then(
          (r) => w.resolve(r.rows),
          (err: Error) => w.reject(new QueryFailedError(w.sql, w.params, err)),
        ),
      );
      stream?.uncork();
      await Promise.all(answered);
    });
  } catch (err) {
    // No client could be had: every statement of the batch fails with that.
    for (const w of batch) w.reject(err);
  }
}
