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

/** Per DataSource: the statements not sent yet, whether a send is due, and the batches out. */
interface Batches {
  waiting: Waiting[];
  due: boolean;
  out: number;
}
const batches = new WeakMap<DataSource, Batches>();
/**
 * One batch out at a time: on the slots bench (8 clients, 2 cores) it gave 1,298 and 1,322 reads/s
 * against 1,172 and 1,193 sending every turn, and two out at a time 1,294 and 1,125.
 */
const MAX_OUT = 1;

/**
 * The statement name of each text. The callers' texts are fixed (values go as parameters); should
 * one ever vary, names stop at MAX_NAMED and further texts go unnamed, as before, rather than
 * filling every connection with statements.
 */
const names = new Map<string, string>();
const MAX_NAMED = 64;

export function statementName(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_NAMED) names.set(sql, (name = `read-together-${names.size + 1}`));
  return name;
}

/**
 * A read-only statement outside any transaction, resolving as `DataSource.query` does (the rows;
 * QueryFailedError on failure). On the PostgreSQL pool, whose clients pipeline (data-source.ts),
 * the statements asked for in one turn of the event loop go out together on one pooled client, in
 * one socket write, and their answers come back in one read: for the hot public reads, where a
 * socket write costs the server more than the statement does. Each statement is its own implicit
 * transaction (one Sync each), so one failing does not touch the others. Each distinct text is a
 * named statement, parsed once per connection (pg remembers which it has sent): PostgreSQL then
 * binds and runs it without parsing and analysing it again on every request. On PGlite (one
 * session, no pipelining) each goes through `DataSource.query`.
 */
export function readTogether<T>(db: DataSource, sql: string, params?: unknown[]): Promise<T> {
  const pool = (db.driver as unknown as { master?: pg.Pool & { options?: { pipeline?: boolean } } }).master;
  if (!pool?.options?.pipeline) return db.query(sql, params);
  const b = batchesOf(db);
  return new Promise<T>((resolve, reject) => {
    b.waiting.push({ sql, params, resolve: resolve as (rows: unknown) => void, reject });
    dispatch(pool, b);
  });
}

function batchesOf(db: DataSource): Batches {
  let b = batches.get(db);
  if (!b) batches.set(db, (b = { waiting: [], due: false, out: 0 }));
  return b;
}

/**
 * Sends what waits as one batch after the poll phase (every request read in it has had its turn
 * to add a statement), unless MAX_OUT batches are still unanswered: then the statements wait for
 * one to come back and go together. A busy server writes to PostgreSQL once for several requests
 * instead of once each (each write, and each read of its answer, is a system call that costs
 * more than the statement); an idle one sends at once.
 */
function dispatch(pool: pg.Pool, b: Batches): void {
  if (b.due || b.out >= MAX_OUT || !b.waiting.length) return;
  b.due = true;
  setImmediate(() => {
    b.due = false;
    const taken = b.waiting;
    b.waiting = [];
    b.out++;
    void send(pool, taken).finally(() => {
      b.out--;
      dispatch(pool, b);
    });
  });
}

async function send(pool: pg.Pool, batch: Waiting[]): Promise<void> {
  try {
    await withPooledClient(pool, async (client) => {
      const stream = (client as Pipelined).connection?.stream;
      stream?.cork();
      const answered = batch.map((w) =>
        client.query({ name: statementName(w.sql), text: w.sql, values: w.params }).then(
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
