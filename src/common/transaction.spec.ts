import { describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { EventEmitter } from 'node:events';
import { Transaction, withPooledClient } from './transaction.js';

/**
 * A pg client that answers each statement on a later turn of the event loop, in order, and
 * records what was sent and how many statements were out at once.
 */
function fakeClient(pipeline: boolean, fail: (sql: string) => boolean = () => false) {
  const sent: string[] = [];
  let out = 0;
  let mostOut = 0;
  let status = 'I';
  let chain = Promise.resolve();
  const client = {
    pipeline,
    getTransactionStatus: () => status,
    query(sql: string) {
      sent.push(sql);
      mostOut = Math.max(mostOut, ++out);
      const answer = chain.then(
        () =>
          new Promise<pg.QueryResult>((resolve, reject) =>
            setImmediate(() => {
              out--;
              if (sql === 'START TRANSACTION') status = 'T';
              if (sql === 'COMMIT' || sql === 'ROLLBACK') status = 'I';
              if (status === 'E' && sql !== 'COMMIT' && sql !== 'ROLLBACK')
                return reject(Object.assign(new Error('aborted'), { code: '25P02' }));
              if (fail(sql)) {
                status = 'E';
                return reject(Object.assign(new Error(`failed: ${sql}`), { code: '40P01' }));
              }
              resolve({ command: sql.split(' ')[0], rows: [{ sql }], rowCount: 1 } as unknown as pg.QueryResult);
            }),
          ),
      );
      chain = answer.then(
        () => undefined,
        () => undefined,
      );
      return answer;
    },
  };
  return { client: client as unknown as pg.Client, sent, mostOut: () => mostOut };
}

describe('Transaction', () => {
  it('sends START TRANSACTION with the first statement and COMMIT with the last, all out at once when the client pipelines', async () => {
    const f = fakeClient(true);
    const result = await Transaction.run(f.client, async (tx) => {
      const a = tx.query('SELECT a');
      const b = tx.query('SELECT b');
      expect(f.sent).toEqual(['START TRANSACTION', 'SELECT a', 'SELECT b']);
      await Promise.all([a, b]);
      return tx.commit({ sql: 'INSERT c' });
    });
    expect(result).toEqual([{ sql: 'INSERT c' }]);
    expect(f.sent).toEqual(['START TRANSACTION', 'SELECT a', 'SELECT b', 'INSERT c', 'COMMIT']);
    expect(f.mostOut()).toBe(3);
  });

  it('sends the same statements one at a time, in order, when the client does not pipeline', async () => {
    const f = fakeClient(false);
    await Transaction.run(f.client, async (tx) => {
      await Promise.all([tx.query('SELECT a'), tx.query('SELECT b')]);
      await tx.commit({ sql: 'INSERT c' });
    });
    expect(f.sent).toEqual(['START TRANSACTION', 'SELECT a', 'SELECT b', 'INSERT c', 'COMMIT']);
    expect(f.mostOut()).toBe(1);
  });

  it.each([true, false])(
    'rolls back after a failed statement once the statements still out have answered (pipeline: %s)',
    async (pipeline) => {
      const f = fakeClient(pipeline, (sql) => sql === 'SELECT a');
      const failure = Transaction.run(f.client, async (tx) => {
        const a = tx.query('SELECT a');
        const b = tx.query('SELECT b');
        b.catch(() => undefined);
        await a;
        await b;
        return tx.commit();
      });
      await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
      await expect(failure).rejects.toMatchObject({ driverError: { code: '40P01' } });
      expect(f.sent).toEqual(['START TRANSACTION', 'SELECT a', 'SELECT b', 'ROLLBACK']);
    },
  );

  it('reports the last statement’s failure when COMMIT rolled back for it, and sends no ROLLBACK', async () => {
    const f = fakeClient(true, (sql) => sql === 'INSERT c');
    const failure = Transaction.run(f.client, async (tx) => {
      await tx.query('SELECT a');
      return tx.commit({ sql: 'INSERT c' });
    });
    await expect(failure).rejects.toMatchObject({ driverError: { code: '40P01' } });
    expect(f.sent).toEqual(['START TRANSACTION', 'SELECT a', 'INSERT c', 'COMMIT']);
  });

  it('sends nothing for work that ran no statement, and refuses statements after the end', async () => {
    const f = fakeClient(true);
    let kept!: Transaction;
    await Transaction.run(f.client, async (tx) => {
      kept = tx;
    });
    expect(f.sent).toEqual([]);
    await expect(kept.query('SELECT late')).rejects.toThrow('This transaction has ended.');
  });
});

describe('withPooledClient', () => {
  /** A pool of one client that can lose its connection while checked out. */
  function fakePool() {
    const released: unknown[] = [];
    const client = Object.assign(new EventEmitter(), {
      _queryable: true,
      release: (err?: unknown) => void released.push(err),
    });
    const pool = { connect: () => Promise.resolve(client) } as unknown as pg.Pool;
    return { pool, client, released };
  }

  it('gives a healthy client back to the pool', async () => {
    const f = fakePool();
    expect(await withPooledClient(f.pool, () => Promise.resolve('done'))).toBe('done');
    expect(f.released).toEqual([undefined]);
    expect(f.client.listenerCount('error')).toBe(0);
  });

  it("drops a client whose connection failed while checked out, with no unhandled 'error' event", async () => {
    const f = fakePool();
    const lost = new Error('terminating connection due to administrator command');
    await expect(
      withPooledClient(f.pool, async (client) => {
        client.emit('error', lost); // would throw, were nothing listening
        (client as unknown as { _queryable: boolean })._queryable = false;
        throw new Error('the statement failed');
      }),
    ).rejects.toThrow('the statement failed');
    expect(f.released).toEqual([lost]);
    expect(f.client.listenerCount('error')).toBe(0);
  });

  it('drops a client found unqueryable even when no error event came', async () => {
    const f = fakePool();
    await withPooledClient(f.pool, (client) => {
      (client as unknown as { _queryable: boolean })._queryable = false;
      return Promise.resolve();
    });
    expect(f.released).toHaveLength(1);
    expect(f.released[0]).toBeInstanceOf(Error);
  });
});
