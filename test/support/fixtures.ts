import { ADMIN, type TestApp } from './app.js';
import { buildOffice, cjkDigits, httpWorld, type Person, type Terminal } from './world.js';

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
export { ALL_WEEK, ID_NUMBERS } from './world.js';

let counter = 0;
let worlds = 0;
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
  terminals: Terminal[];
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

/** The world builder's steps against a test app, over HTTP. */
export const steps = (t: TestApp) => httpWorld(t.url, ADMIN);

/**
 * A province › city › county › townships tree, an office in the county with notaries,
 * and one active point with an assistant (test/support/world.ts). Codes are made unique per call.
 */
export async function buildWorld(
  t: TestApp,
  opts: { notaries?: number; townships?: number; hours?: object; terminals?: number; schedule?: object; terminalLabels?: string[] } = {},
): Promise<World> {
  // Each world gets a province of its own (each test file has its own database).
  const n = ++worlds;
  if (n > 89) throw new Error('too many worlds in one test file');
  const built = await buildOffice(steps(t), {
    county: `${10 + n}0181`,
    label: '测试',
    tag: String(n),
    certificatePrefix: `苏测${cjkDigits(String(n).padStart(2, '0'))}`,
    notaries: opts.notaries,
    townships: opts.townships ?? 3,
    openingHours: opts.hours ?? WEEKDAY_HOURS,
    schedule: opts.schedule,
    terminals: opts.terminalLabels ?? Array.from({ length: opts.terminals ?? 1 }, (_, i) => `终端${i + 1}`),
    username: (role) => uniq(role),
  });
  const [point] = built.points;
  const person = (p: Person<string>) => ({ id: p.id, username: p.username, password: p.password, token: p.as });
  return {
    adminToken: built.admin,
    province: built.province,
    city: built.city,
    county: built.county,
    townships: built.townships,
    officeId: built.officeId,
    notaries: built.notaries.map(person),
    pointId: point.id,
    assistant: person(point.assistant),
    terminals: point.terminals,
  };
}

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
