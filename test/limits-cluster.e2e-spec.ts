import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenService } from '../src/auth/token.service.js';
import { issueJoinToken } from '../src/signalling/join-token.js';
import { startTestApp, type TestApp } from './support/app.js';
import { recordingClient, type Client } from './support/signalling.js';

// Two instances share their limits, through PostgreSQL or through Redis.
// Two instances need a database server (embedded PGlite belongs to one process).
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const run = `${process.pid}-${Date.now().toString(36)}`;
const salt = randomInt(65536);
const STORES = [
  { store: 'postgres', env: { SOCKET_ADAPTER: 'postgres' } as Record<string, string> },
  { store: 'redis', env: { SOCKET_ADAPTER: 'redis', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } },
];
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

describe.each(STORES)('limits across two instances ($store store)', ({ store, env }) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const settings = {
      LOGIN_MAX_FAILURES: '5',
      LOGIN_ACCOUNT_MAX_FAILURES: '8',
      VERIFY_PER_MINUTE: '4',
      PUBLIC_BOOKINGS_PER_HOUR: '3',
      PUBLIC_READS_PER_MINUTE: '40',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      ...env,
    };
    a = await startTestApp(settings);
    b = await startTestApp({ ...settings, DATABASE_URL: a.config.databaseUrl! });
  });
  const open: Client[] = [];
  afterAll(async () => {
    for (const c of open) c.disconnect();
    await b?.close();
    await a?.close();
  });
  // Redis outlives the test run: addresses are random per run so that counters of runs never meet.
  const address = (n: number) => `10.${n * 2 + STORES.findIndex((s) => s.store === store)}.${salt >> 8}.${salt & 255}`;
  const either = (i: number) => (i % 2 ? a : b);

  it('sign-in: 20 parallel wrong passwords split over both give 5 × 401', async () => {
    const res = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        either(i)
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', address(1))
          .send({ username: `nobody-${run}`, password: 'wrong' }),
      ),
    );
    expect(tally(res.map((r) => r.status))).toEqual({ 401: 5, 429: 15 });
  });

  it('sign-in: the per-account limit counts failures from all addresses on both instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(
        (
          await either(i)
            .http()
            .post('/api/auth/login')
            .set('X-Forwarded-For', `10.${200 + i}.${salt >> 8}.${salt & 255}`)
            .send({ username: `spread-${run}`, password: 'wrong' })
        ).status,
      );
    }
    expect(tally(statuses)).toEqual({ 401: 8, 429: 2 });
  });

  it('verify: the per-address limit is shared', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await either(i)
            .http()
            .post('/api/verify')
            .set('X-Forwarded-For', address(3))
            .set('Content-Type', 'application/pdf')
            .send(Buffer.from('x'))
        ).status,
      );
    }
    expect(tally(statuses)).toEqual({ 400: 4, 429: 2 });
  });

  it('public booking and case access: the limits are shared', async () => {
    // Refused bookings (unknown point) still take from the hourly allowance.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (
          await either(i)
            .http()
            .post('/api/bookings')
            .set('X-Forwarded-For', address(4))
            .send({
              pointId: '00000000-0000-4000-8000-000000000000',
              matterCode: 'declaration',
              start: '2030-01-02T10:00:00+08:00',
              applicant: { name: '王堃', idNumber: '321181199003070013', phone: '13912345678' },
            })
        ).status,
      );
    }
    expect(statuses.slice(3)).toEqual([429, 429]);
    const access = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        either(i)
          .http()
          .post('/api/auth/case-access')
          .set('X-Forwarded-For', address(5))
          .send({ caseNo: `RN20300102-${run.slice(-6).toUpperCase().padStart(6, 'X')}`, accessCode: '00000000' }),
      ),
    );
    expect(tally(access.map((r) => r.status))).toEqual({ 401: 5, 429: 7 });
  });

  it('calendar reads: never more than the limit from both instances together, at most a lease short of it', async () => {
    // Each instance takes the address's reads from the store 1, 2, 4 at a time (a tenth of the
    // limit at most) and hands them out itself; an unknown point answers 404 after the count.
    const reads = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        either(i)
          .http()
          .get(
            `/api/points/00000000-0000-4000-8000-000000000000/${i % 3 ? 'slots?date=2030-01-02' : 'availability?from=2030-01-02&to=2030-01-03'}&matter=declaration`,
          )
          .set('X-Forwarded-For', address(6)),
      ),
    );
    const t = tally(reads.map((r) => r.status));
    expect(Object.keys(t).sort()).toEqual(['404', '429']);
    expect(t[404]).toBeLessThanOrEqual(40);
    expect(t[404]).toBeGreaterThanOrEqual(40 - 3);
    // Used up on both.
    for (const on of [a, b])
      expect(
        (
          await on
            .http()
            .get(`/api/points/00000000-0000-4000-8000-000000000000/slots?date=2030-01-02&matter=declaration`)
            .set('X-Forwarded-For', address(6))
        ).status,
      ).toBe(429);
  });

  it('the 4-peer session cap holds for 8 parallel joins spread over both instances', async () => {
    const sessionId = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const on = either(i);
        const token = await issueJoinToken(on.app.get(TokenService), {
          sessionId,
          userId: randomUUID(),
          role: i === 0 ? 'notary' : 'assistant',
        });
        const c = recordingClient(on.url, { token }, open, { reconnection: false });
        return new Promise<string>((resolve) => {
          c.socket.once('joined', () => resolve('joined'));
          c.socket.once('connect_error', (err: Error) => resolve(err.message));
          setTimeout(() => resolve('no answer'), 20_000).unref();
        });
      }),
    );
    expect(tally(outcomes as unknown as number[])).toEqual({ joined: 4, SESSION_FULL: 4 });
  });
});
