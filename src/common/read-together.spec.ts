import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { readTogether, statementName } from './read-together.js';

/** A DataSource over a fake pipelining pool: records each checkout, each socket write and what each client was sent. */
function fakeDb(pipeline = true) {
  const clients: { sent: string[]; writes: number; released: unknown[] }[] = [];
  const names: (string | undefined)[] = [];
  const direct: string[] = [];
  const pool = {
    options: { pipeline },
    connect() {
      const c = { sent: [] as string[], writes: 0, released: [] as unknown[] };
      clients.push(c);
      let corked = 0;
      let pending = 0;
      const stream = {
        cork: () => void corked++,
        uncork: () => {
          if (--corked === 0 && pending) {
            c.writes++;
            pending = 0;
          }
        },
      };
      const client = {
        connection: { stream },
        on: () => undefined,
        off: () => undefined,
        release: (err?: unknown) => c.released.push(err),
        query({ name, text: sql, values: params }: { name?: string; text: string; values?: unknown[] }) {
          names.push(name);
          c.sent.push(sql);
          if (corked) pending++;
          else c.writes++;
          return new Promise((resolve, reject) =>
            setImmediate(() =>
              sql.includes('fail') ? reject(Object.assign(new Error('boom'), { code: '42P01' })) : resolve({ rows: [{ sql, params }] }),
            ),
          );
        },
      };
      return Promise.resolve(client);
    },
  };
  const db = {
    driver: { master: pool },
    query: (sql: string) => {
      direct.push(sql);
      return Promise.resolve([{ sql }]);
    },
  } as unknown as DataSource;
  return { db, clients, direct, names };
}

describe('readTogether', () => {
  it('sends the statements of one turn on one client in one write, each answered with its own rows', async () => {
    const f = fakeDb();
    const [a, b, c] = await Promise.all([
      readTogether(f.db, 'SELECT a', [1]),
      readTogether(f.db, 'SELECT b', [2]),
      readTogether(f.db, 'SELECT c'),
    ]);
    expect(a).toEqual([{ sql: 'SELECT a', params: [1] }]);
    expect(b).toEqual([{ sql: 'SELECT b', params: [2] }]);
    expect(c).toEqual([{ sql: 'SELECT c', params: undefined }]);
    expect(f.clients).toHaveLength(1);
    expect(f.clients[0]).toEqual({ sent: ['SELECT a', 'SELECT b', 'SELECT c'], writes: 1, released: [undefined] });
  });

  it('starts a new batch for statements asked after the first has gone', async () => {
    const f = fakeDb();
    await readTogether(f.db, 'SELECT a');
    await readTogether(f.db, 'SELECT b');
    expect(f.clients.map((c) => c.sent)).toEqual([['SELECT a'], ['SELECT b']]);
  });

  it('holds statements asked while a batch is out, and sends them together once it is answered', async () => {
    const f = fakeDb();
    const first = readTogether(f.db, 'SELECT a');
    await new Promise((r) => setImmediate(r)); // the first batch is out, not answered
    const later = Promise.all([readTogether(f.db, 'SELECT b'), readTogether(f.db, 'SELECT c')]);
    await new Promise((r) => setImmediate(r));
    expect(f.clients.map((c) => c.sent)).toEqual([['SELECT a']]);
    await Promise.all([first, later]);
    expect(f.clients.map((c) => c.sent)).toEqual([['SELECT a'], ['SELECT b', 'SELECT c']]);
  });

  it('fails only the statement that failed, as QueryFailedError with the driver error', async () => {
    const f = fakeDb();
    const [a, b] = await Promise.allSettled([readTogether(f.db, 'SELECT fail'), readTogether(f.db, 'SELECT b')]);
    expect(a.status).toBe('rejected');
    const err = (a as PromiseRejectedResult).reason as QueryFailedError;
    expect(err).toBeInstanceOf(QueryFailedError);
    expect((err.driverError as unknown as { code: string }).code).toBe('42P01');
    expect(b).toEqual({ status: 'fulfilled', value: [{ sql: 'SELECT b', params: undefined }] });
    expect(f.clients[0].released).toEqual([undefined]);
  });

  it('sends each text as a named statement, the same text always under the same name', async () => {
    const f = fakeDb();
    await Promise.all([readTogether(f.db, 'SELECT named a', [1]), readTogether(f.db, 'SELECT named b', [2])]);
    await readTogether(f.db, 'SELECT named a', [3]);
    const [a, b, again] = f.names;
    expect(a).toEqual(expect.any(String));
    expect(b).toEqual(expect.any(String));
    expect(b).not.toBe(a);
    expect(again).toBe(a);
  });

  it('stops naming after 64 texts: further texts go unnamed', () => {
    for (let i = 0; i < 64; i++) statementName(`SELECT many ${i}`);
    expect(statementName('SELECT one too many')).toBeUndefined();
    expect(statementName('SELECT many 3')).toEqual(expect.any(String));
  });

  it('goes through DataSource.query when the pool does not pipeline (PGlite)', async () => {
    const f = fakeDb(false);
    expect(await readTogether(f.db, 'SELECT a')).toEqual([{ sql: 'SELECT a' }]);
    expect(f.direct).toEqual(['SELECT a']);
    expect(f.clients).toHaveLength(0);
  });
});
