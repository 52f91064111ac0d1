import type { Socket } from 'node:net';
import type pg from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * What a statement runs on: an EntityManager inside a TypeORM transaction, or a Transaction below.
 * `query` resolves as TypeORM's does: the rows (for UPDATE and DELETE, [rows, count]).
 */
export interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as EntityManager.query
  query(sql: string, params?: unknown[]): Promise<any>;
  readonly queryRunner?: { readonly isTransactionActive: boolean };
}

export interface Statement {
  sql: string;
  params?: unknown[];
}

type Client = pg.Client | pg.PoolClient;

/**
 * Runs `work` on a client checked out of `pool`, and gives it back. The pool listens for a
 * client's errors only while it is idle: a connection that fails while checked out (the server
 * shutting down) is recorded here instead of being an unhandled 'error' event, and a client whose
 * connection failed is dropped, not given back.
 */
export async function withPooledClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } finally {
    client.off('error', onError);
    if (!broken && (client as unknown as { _queryable?: boolean })._queryable === false) broken = new Error('The connection was lost.');
    client.release(broken);
  }
}

/**
 * A transaction on one pg client, without TypeORM's QueryRunner: for the booking write path, where
 * the service pays for every statement (each is a socket write and a turn of the event loop).
 *
 * START TRANSACTION goes out with the first statement, and COMMIT with the last one handed to
 * `commit(last)`; statements issued before the earlier ones have answered (the guard's user
 * re-read beside the placement) go out with them. On a client in pg's `pipeline` mode (the
 * PostgreSQL pool, data-source.ts) they share one socket write and one round trip; otherwise
 * (PGlite) the same statements go one at a time, in the same order. PostgreSQL runs them in
 * order either way: a failed statement aborts the transaction, the statements after it fail
 * (25P02) or, for COMMIT, roll back, and each caller sees its own statement's outcome.
 *
 * Errors are TypeORM's QueryFailedError, as from an EntityManager, so the retry rules and the
 * error filter treat both alike.
 */
export class Transaction implements Sql {
  readonly queryRunner = { isTransactionActive: true };
  private begun = false;
  private ended = false;
  /** The last statement sent, when the client does not pipeline: the next waits for it. */
  private tail: Promise<unknown> = Promise.resolve();
  /** Every statement sent and not yet answered: the client goes back only when all have. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private corked = false;

  private constructor(private readonly client: Client) {}

  /** Runs `work` in a transaction on a client of the DataSource's pool, and returns the client. */
  static on<T>(db: DataSource, work: (tx: Transaction) => Promise<T>): Promise<T> {
    return withPooledClient((db.driver as unknown as { master: pg.Pool }).master, (client) => Transaction.run(client, work));
  }

  /** Runs `work` in a transaction on `client`: COMMIT when it returns (unless it committed), ROLLBACK when it throws. */
  static async run<T>(client: Client, work: (tx: Transaction) => Promise<T>): Promise<T> {
    const tx = new Transaction(client);
    try {
      const result = await work(tx);
      if (!tx.ended) await tx.commit();
      return result;
    } catch (err) {
      await tx.abandon();
      throw err;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as EntityManager.query
  query(sql: string, params?: unknown[]): Promise<any> {
    if (this.ended) return Promise.reject(new Error('This transaction has ended.'));
    if (!this.begun) {
      this.begun = true;
      void this.send('START TRANSACTION');
    }
    return this.send(sql, params);
  }

  /** Sends `last` (when given) and COMMIT together; resolves with `last`'s rows. */
  async commit(last?: Statement): Promise<unknown> {
    if (this.ended) throw new Error('This transaction has ended.');
    const rows = last && this.query(last.sql, last.params);
    this.ended = true;
    if (!this.begun) return undefined; // nothing was sent: nothing to commit
    const committed = this.send('COMMIT');
    // `last` failing aborts the transaction, and COMMIT then rolls it back: report `last`'s error.
    const [r] = await Promise.all([rows, committed]);
    return r;
  }

  /** After a failure: waits for the statements still out, then rolls back if the transaction is open. */
  private async abandon(): Promise<void> {
    this.ended = true;
    await Promise.allSettled([...this.inFlight]);
    const status = (this.client as unknown as { getTransactionStatus?: () => string | null }).getTransactionStatus?.();
    if (this.begun && status !== 'I' && (this.client as unknown as { _queryable?: boolean })._queryable !== false) {
      await this.send('ROLLBACK').catch(() => undefined);
    }
  }

  private send(sql: string, params?: unknown[]): Promise<unknown> {
    const client = this.client;
    const pipelined = (client as unknown as { pipeline?: boolean }).pipeline === true;
    if (pipelined) this.cork();
    const issue = () =>
      client.query(sql, params).then(
        (r) => (r.command === 'UPDATE' || r.command === 'DELETE' ? [r.rows, r.rowCount] : r.rows),
        (err: Error) => {
          throw new QueryFailedError(sql, params, err);
        },
      );
    const p = pipelined ? issue() : this.tail.then(issue, issue);
    if (!pipelined) this.tail = p.catch(() => undefined);
    this.inFlight.add(p);
    void p.then(
      () => this.inFlight.delete(p),
      () => this.inFlight.delete(p),
    );
    return p;
  }

  /** The statements sent in this turn of the event loop leave in one socket write. */
  private cork(): void {
    if (this.corked) return;
    const stream = (this.client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
    if (!stream?.cork) return;
    this.corked = true;
    stream.cork();
    process.nextTick(() => {
      this.corked = false;
      stream.uncork();
    });
  }
}
