import { expect } from '@jest/globals';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import type { TestApp } from './app.js';

export const WEEKDAY_HOURS = {
  mon: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ],
  tue: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ],
  wed: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ],
  thu: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ],
  fri: [
    ['08:30', '12:00'],
    ['13:30', '17:30'],
  ],
};
export const ALL_WEEK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

let counter = 0;
let worlds = 0;
const CJK_DIGITS = '零一二三四五六七八九';
/** Unique per call within a test process, so tests never collide on names. */
export const uniq = (prefix: string) => `${prefix}${process.pid % 1000}x${++counter}`;

export interface World {
  adminToken: string;
  province: string;
  city: string;
  county: string;
  townships: string[];
  officeId: string;
  notaries: { id: string; username: string; password: string; token: string }[];
  pointId: string;
  assistant: { id: string; username: string; password: string; token: string };
  terminals: { id: string; kid: string; privateKey: CryptoKey; publicJwk: JWK }[];
}

/** Posts as admin and expects the status, returning the body. */
export async function adminPost(t: TestApp, token: string, url: string, body: unknown, status = 201) {
  const res = await t
    .http()
    .post(url)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
  if (res.status !== status) throw new Error(`POST ${url} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A province › city › county › townships tree, an office in the county with notaries,
 * and one active point with an assistant. Codes are made unique per call.
 */
export async function buildWorld(
  t: TestApp,
  opts: { notaries?: number; townships?: number; hours?: object; terminals?: number } = {},
): Promise<World> {
  const adminToken = await t.login();
  // Each world gets a province of its own (each test file has its own database).
  const n = ++worlds;
  if (n > 89) throw new Error('too many worlds in one test file');
  const province = `${10 + n}0000`;
  const city = `${10 + n}0100`;
  const county = `${10 + n}0181`;
  const townships = Array.from({ length: opts.townships ?? 3 }, (_, i) => `${county}${101 + i}`);
  await adminPost(t, adminToken, '/api/regions', [
    { code: province, name: `测试省${n}`, level: 'province' },
    { code: city, name: `测试市${n}`, level: 'city', parentCode: province },
    { code: county, name: `测试县${n}`, level: 'county', parentCode: city },
    ...townships.map((code, i) => ({ code, name: `测试镇${n}-${i + 1}`, level: 'township', parentCode: county, illustrative: true })),
  ]);
  const office = await adminPost(t, adminToken, '/api/offices', {
    name: `测试公证处${n}`,
    regionCode: county,
    certificatePrefix: `苏测${CJK_DIGITS[Math.floor(n / 10)]}${CJK_DIGITS[n % 10]}`,
    address: '测试路1号',
    phone: '0511-86000000',
  });
  const notaries = [];
  for (let i = 0; i < (opts.notaries ?? 1); i++) {
    const username = uniq('notary');
    const password = 'notary-password-1';
    const u = await adminPost(t, adminToken, `/api/offices/${office.id}/notaries`, {
      username,
      password,
      displayName: `公证员${i}`,
      licenseNo: uniq('LIC'),
    });
    notaries.push({ id: u.id, username, password, token: await t.login(username, password) });
  }
  const point = await adminPost(t, adminToken, '/api/points', {
    name: `服务点${uniq('p')}`,
    regionCode: townships[0],
    officeId: office.id,
    address: '镇政府院内',
    phone: '0511-86111111',
    openingHours: opts.hours ?? WEEKDAY_HOURS,
  });
  const username = uniq('assistant');
  const a = await adminPost(t, adminToken, `/api/points/${point.id}/assistants`, {
    username,
    password: 'assistant-password-1',
    displayName: '辅助员',
  });
  const assistant = { id: a.id, username, password: 'assistant-password-1', token: await t.login(username, 'assistant-password-1') };
  const terminals = [];
  for (let i = 0; i < (opts.terminals ?? 1); i++) {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    // Registered by the admin, so active at once (an assistant's registration awaits approval).
    const reg = await adminPost(t, adminToken, `/api/points/${point.id}/terminals`, { label: `终端${i + 1}`, publicKeyJwk: publicJwk });
    terminals.push({ id: reg.id, kid: reg.kid, privateKey, publicJwk });
  }
  expect(point.id).toBeDefined();
  return { adminToken, province, city, county, townships, officeId: office.id, notaries, pointId: point.id, assistant, terminals };
}

/** Valid GB 11643 numbers for test applicants. */
export const ID_NUMBERS = ['321181199003070013', '321181198505120020', '321181200002290036', '32118119781111015X'];

/** Counts that must not move when a request is refused. */
export async function writeCounters(t: TestApp) {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM audit_entries) AS audit, (SELECT count(*)::int FROM users) AS users,
            (SELECT count(*)::int FROM regions) AS regions, (SELECT count(*)::int FROM offices) AS offices,
            (SELECT count(*)::int FROM points) AS points, (SELECT count(*)::int FROM terminals) AS terminals,
            (SELECT count(*)::int FROM bookings) AS bookings,
            (SELECT coalesce(max(updated_at)::text, '') FROM bookings) AS "bookingsChanged"`,
  );
  return row as Record<string, number | string>;
}

export { RECORDING_DURATION_MS, RECORDING_WEBM, recordingChunks, uploadRecording } from './recording.js';
