import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { Clock, ShiftedClock } from '../src/common/clock.js';
import { loadConfig } from '../src/config/config.js';
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { uploadRecording } from '../test/support/recording.js';
import { scratchDatabase } from '../test/support/scratch.js';

/** Monday 08:00 in Shanghai: every bench books the following days, whatever today is. */
export const BENCH_NOW = new Date('2026-11-30T08:00:00+08:00');
const ADMIN_PASSWORD = 'bench-admin-password';
export const ID_NUMBER = '321181199003070013';
const ALL_WEEK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

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

export interface BenchOffice {
  adminToken: string;
  officeId: string;
  notaries: { id: string; token: string }[];
  points: { id: string; assistantToken: string; terminal: SimulatedTerminal }[];
}

/** One office with `notaries` notaries and `points` points (one assistant and one terminal each), open all week. */
export async function benchOffice(b: BenchApp, n: { notaries: number; points: number; tag: string; code: string }): Promise<BenchOffice> {
  const must = async <T>(p: Promise<{ status: number; body: T }>, status = 201) => {
    const r = await p;
    if (r.status !== status) throw new Error(`bench set-up failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const login = async (username: string, password: string) =>
    (await must(b.call<{ accessToken: string }>('POST', '/api/auth/login', undefined, { username, password }), 200)).accessToken;
  const adminToken = await login('admin', ADMIN_PASSWORD);
  const { code } = n;
  const townships = Array.from({ length: n.points }, (_, i) => `${code}81${String(101 + i)}`);
  await must(
    b.call('POST', '/api/regions', adminToken, [
      { code: `${code}0000`, name: `基准省${n.tag}`, level: 'province' },
      { code: `${code}0100`, name: `基准市${n.tag}`, level: 'city', parentCode: `${code}0000` },
      { code: `${code}0181`, name: `基准县${n.tag}`, level: 'county', parentCode: `${code}0100` },
      ...townships.map((t, i) => ({
        code: `${code}0181${101 + i}`,
        name: `基准镇${n.tag}${i}`,
        level: 'township',
        parentCode: `${code}0181`,
        illustrative: true,
      })),
    ]),
  );
  const office = await must(
    b.call<{ id: string }>('POST', '/api/offices', adminToken, {
      name: `基准公证处${n.tag}`,
      regionCode: `${code}0181`,
      certificatePrefix: `苏基${n.tag}`,
      address: '基准路1号',
      phone: '0511-86000000',
    }),
  );
  const notaries = [];
  for (let i = 0; i < n.notaries; i++) {
    const u = await must(
      b.call<{ id: string }>('POST', `/api/offices/${office.id}/notaries`, adminToken, {
        username: `bn${code}-${i}`,
        password: 'bench-password-1',
        displayName: `公证员${i}`,
        licenseNo: `BENCH-${code}-${i}`,
      }),
    );
    await must(b.call('PUT', `/api/notaries/${u.id}/schedule`, adminToken, { weekly: ALL_WEEK, exceptions: [] }), 200);
    notaries.push({ id: u.id, token: await login(`bn${code}-${i}`, 'bench-password-1') });
  }
  const points = [];
  for (let i = 0; i < n.points; i++) {
    const p = await must(
      b.call<{ id: string }>('POST', '/api/points', adminToken, {
        name: `基准点${n.tag}${i}`,
        regionCode: `${code}0181${101 + i}`,
        officeId: office.id,
        address: '镇政府',
        phone: '0511-86111111',
        openingHours: ALL_WEEK,
      }),
    );
    await must(
      b.call('POST', `/api/points/${p.id}/assistants`, adminToken, {
        username: `ba${code}-${i}`,
        password: 'bench-password-1',
        displayName: '辅助员',
      }),
    );
    const assistantToken = await login(`ba${code}-${i}`, 'bench-password-1');
    const terminal = await createSimulatedTerminal();
    terminal.kid = (
      await must(
        b.call<{ kid: string }>('POST', `/api/points/${p.id}/terminals`, adminToken, { label: '终端', publicKeyJwk: terminal.publicJwk }),
      )
    ).kid;
    points.push({ id: p.id, assistantToken, terminal });
  }
  return { adminToken, officeId: office.id, notaries, points };
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
  const p = o.points[pointIndex];
  const ok = async <T>(r: Promise<{ status: number; body: T }>) => {
    const res = await r;
    if (res.status >= 300) throw new Error(`bench journey failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const booking = await ok(
    b.call<{ id: string; notary: { id: string } }>('POST', '/api/bookings', p.assistantToken, {
      pointId: p.id,
      matterCode: 'declaration',
      start: start.toISOString(),
      applicant: { name: '王堃', idNumber: ID_NUMBER, phone: '13912345678' },
    }),
  );
  const now = b.app.get(Clock).now();
  const attestation = await attest(
    p.terminal,
    {
      bookingId: booking.id,
      idCard: { name: '王堃', idNumber: ID_NUMBER, validUntil: '长期' },
      faceMatch: { score: 0.95, liveness: true },
      photo: new Uint8Array([1]),
    },
    { now },
  );
  await ok(b.call('POST', `/api/bookings/${booking.id}/check-in`, p.assistantToken, { attestation }));
  const session = await ok(b.call<{ id: string }>('POST', '/api/sessions', p.assistantToken, { bookingId: booking.id }));
  const notary = o.notaries.find((x) => x.id === booking.notary.id)!;
  await ok(b.call('GET', `/api/sessions/${session.id}/join`, notary.token));
  await ok(b.call('POST', `/api/sessions/${session.id}/notice-ack`, p.assistantToken));
  const record = await ok(
    b.call<{ recordSha256: string }>('PUT', `/api/sessions/${session.id}/record`, notary.token, {
      entries: [{ question: '是否真实？', answer: '是。' }],
    }),
  );
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  await ok(b.call('POST', `/api/sessions/${session.id}/signature`, p.assistantToken, { imagePng: png, recordSha256: record.recordSha256 }));
  if (opts.recording !== false) await uploadRecording(b.url, p.assistantToken, session.id);
  await ok(
    b.call('PUT', `/api/sessions/${session.id}/matter-fields`, notary.token, {
      fields: { documentTitle: '声明书', declarationSummary: '基准测试声明', signingMethod: '以电子签名方式签名' },
    }),
  );
  return session.id;
}
