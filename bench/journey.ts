import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { Clock, ShiftedClock } from '../src/common/clock.js';
import { loadConfig } from '../src/config/config.js';
import { scratchDatabase } from '../test/support/scratch.js';
import { ALL_WEEK, buildOffice, DECLARATION_FIELDS, httpWorld, signedCase, tokensOf, type OfficeTokens } from '../test/support/world.js';

/** Monday 08:00 in Shanghai: every bench books the following days, whatever today is. */
export const BENCH_NOW = new Date('2026-11-30T08:00:00+08:00');
const ADMIN_PASSWORD = 'bench-admin-password';

export interface BenchApp {
  app: INestApplication;
  url: string;
  db: DataSource;
  kind: string;
  call<T = Record<string, unknown>>(method: string, route: string, token?: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** The whole service on a throw-away database (a fresh one on DATABASE_URL's server, or PGlite). */
export async function benchApp(env: Record<string, string> = {}): Promise<BenchApp> {
  const scratch = await scratchDatabase('bench');
  const config = loadConfig({
    ...scratch.env,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    PORT: '0',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    PUBLIC_BOOKINGS_PER_HOUR: '100000',
    PUBLIC_READS_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await createApp(config, { clock: new ShiftedClock(BENCH_NOW) });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as import('node:net').AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    db: app.get(DataSource),
    kind: scratch.kind,
    async call(method, route, token, body) {
      const res = await fetch(url + route, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, body: (type.includes('json') ? await res.json() : await res.arrayBuffer()) as never };
    },
    async close() {
      await app.close();
      await scratch.drop();
    },
  };
}

export type BenchOffice = OfficeTokens;

const steps = (b: BenchApp) => httpWorld(b.url, { username: 'admin', password: ADMIN_PASSWORD });

/** One office with `notaries` notaries and `points` points (one assistant and one terminal each), open all week. */
export async function benchOffice(b: BenchApp, n: { notaries: number; points: number; tag: string; code: string }): Promise<BenchOffice> {
  const built = await buildOffice(steps(b), {
    county: `${n.code}0181`,
    label: '基准',
    tag: n.tag,
    certificatePrefix: `苏基${n.tag}`,
    notaries: n.notaries,
    points: n.points,
    schedule: ALL_WEEK,
    username: (role, i) => `b${role[0]}${n.code}-${i}`,
    password: 'bench-password-1',
  });
  return tokensOf(built);
}

/**
 * Book, check in, open, join, acknowledge, record and sign: a session ready for approval. With
 * `recording: false` the recording is left to the caller (the session still takes chunks).
 */
export async function signedSession(
  b: BenchApp,
  o: BenchOffice,
  pointIndex: number,
  start: Date,
  opts: { recording?: boolean } = {},
): Promise<string> {
  const { sessionId } = await signedCase(steps(b), o.built, {
    start,
    now: b.app.get(Clock).now(),
    point: pointIndex,
    recording: opts.recording,
    matterFields: { ...DECLARATION_FIELDS, declarationSummary: '基准测试声明' },
  });
  return sessionId;
}
