import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import { ShiftedClock } from '../src/common/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminPost, buildWorld, ID_NUMBERS, uniq, WEEKDAY_HOURS } from './support/fixtures.js';

// Monday 2026-11-30 08:00 in Shanghai: the race is for Tuesday to Friday, the second wave for the next week.
const NOW = new Date('2026-11-30T08:00:00+08:00');
const FIRST_DAYS = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
const SECOND_DAYS = ['2026-12-07', '2026-12-08'];
const STARTS = ['08:30', '09:30', '10:30', '13:30', '14:30'];
/**
 * Requests in the first wave, spread evenly over the 100 slots (a multiple of 100). Each slot is
 * won within its first few requests; the rest only prove that every loser gets 409, so 2,000 (20
 * per slot, with 64 clients in flight) already races every slot and every shared notary. The
 * full 10,000 runs by hand: `BOOKING_RACE_REQUESTS=10000 npm test -- test/booking-race`; CI's
 * embedded-database phase runs 1,000.
 */
const REQUESTS = Number(process.env.BOOKING_RACE_REQUESTS ?? 2_000);
if (!Number.isInteger(REQUESTS) || REQUESTS < 100 || REQUESTS % 100 !== 0)
  throw new Error(`BOOKING_RACE_REQUESTS must be a multiple of 100, at least 100 (got ${process.env.BOOKING_RACE_REQUESTS})`);
/** New bookings in the second wave, racing the reschedules and cancellations: a tenth as many per week. */
const SECOND_WAVE = REQUESTS / 10;
/** Concurrent HTTP clients; each keeps its connection alive. */
const CLIENTS = 64;
/** Fails instead of hanging; not a speed claim. */
const CEILING_MS = 20 * 60_000;

interface Point {
  id: string;
  officeId: string;
  token: string;
}
interface Reply {
  status: number;
  body: { code?: string; id?: string; start?: string; status?: string };
}

/** Shuffles with a fixed seed, so a failure can be replayed. */
function shuffle<T>(items: T[], seed = 11): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('booking race at scale', () => {
  let t: TestApp;
  const points: Point[] = [];
  /** Office A's three points share its two notaries; B and C have one point each. */
  let crowded: string;

  async function send(method: string, path: string, token: string, body: object): Promise<Reply> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply['body'] };
  }

  /** Runs the jobs through CLIENTS concurrent clients, keeping each reply. */
  async function run<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
    const out: T[] = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < jobs.length; i = next++) out[i] = await jobs[i]();
      }),
    );
    return out;
  }

  const book = (p: Point, day: string, hhmm: string, i: number) => () =>
    send('POST', '/api/bookings', p.token, {
      pointId: p.id,
      matterCode: 'declaration',
      start: `${day}T${hhmm}:00+08:00`,
      applicant: { name: '王堃', idNumber: ID_NUMBERS[i % ID_NUMBERS.length], phone: '13912345678' },
    });

  /** Pairs of active bookings that share a notary or a terminal and overlap: must be none. */
  const overlaps = async () =>
    (
      await t.db.query(
        `SELECT count(*)::int AS n FROM bookings a JOIN bookings b ON a.id < b.id AND a.during && b.during
                 AND (a.notary_id = b.notary_id OR a.terminal_id = b.terminal_id)
          WHERE a.status IN ('confirmed', 'checked_in', 'in_session') AND b.status IN ('confirmed', 'checked_in', 'in_session')`,
      )
    )[0].n as number;

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' }, { clock: new ShiftedClock(NOW) });
    const [a, b, c] = [await buildWorld(t, { notaries: 2 }), await buildWorld(t, { notaries: 2 }), await buildWorld(t, { notaries: 2 })];
    crowded = a.officeId;
    for (const w of [a, b, c]) points.push({ id: w.pointId, officeId: w.officeId, token: w.assistant.token });
    for (let i = 0; i < 2; i++) {
      const point = await adminPost(t, a.adminToken, '/api/points', {
        name: `服务点${uniq('race')}`,
        regionCode: a.townships[1 + i],
        officeId: a.officeId,
        address: '村委会',
        phone: '0511-86222222',
        openingHours: WEEKDAY_HOURS,
      });
      const username = uniq('assistant');
      await adminPost(t, a.adminToken, `/api/points/${point.id}/assistants`, {
        username,
        password: 'assistant-password-1',
        displayName: '辅助员',
      });
      const token = await t.login(username, 'assistant-password-1');
      const { publicKey } = await generateKeyPair('EdDSA', { extractable: true });
      await adminPost(t, a.adminToken, `/api/points/${point.id}/terminals`, { label: '终端', publicKeyJwk: await exportJWK(publicKey) });
      points.push({ id: point.id, officeId: a.officeId, token });
    }
  }, CEILING_MS);
  afterAll(() => t?.close());

  let confirmed: Reply[] = [];

  it(
    `confirms each of 100 slots at most once per notary and terminal out of ${REQUESTS.toLocaleString('en')} requests; every loser gets 409 SLOT_TAKEN`,
    async () => {
      const slots = points.flatMap((p) => FIRST_DAYS.flatMap((day) => STARTS.map((hhmm) => ({ p, day, hhmm }))));
      expect(slots).toHaveLength(100);
      const jobs = shuffle(Array.from({ length: REQUESTS }, (_, i) => ({ ...slots[i % slots.length], i }))).map((j) =>
        book(j.p, j.day, j.hhmm, j.i),
      );
      const replies = await run(jobs);

      const other = replies.filter((r) => r.status !== 201 && !(r.status === 409 && r.body.code === 'SLOT_TAKEN'));
      expect(other.map((r) => `${r.status} ${r.body.code}`)).toEqual([]);
      confirmed = replies.filter((r) => r.status === 201);
      // B and C: one terminal each, two notaries: every slot once. A: three points, two notaries: two per start.
      expect(confirmed).toHaveLength(2 * 20 + 2 * 20);
      const rows = (await t.db.query(
        `SELECT office_id AS "officeId", point_id AS "pointId", lower(during) AS start FROM bookings WHERE status = 'confirmed'`,
      )) as {
        officeId: string;
        pointId: string;
        start: Date;
      }[];
      expect(rows).toHaveLength(confirmed.length);
      const perSlot = new Map<string, number>();
      for (const r of rows)
        perSlot.set(`${r.pointId} ${r.start.toISOString()}`, (perSlot.get(`${r.pointId} ${r.start.toISOString()}`) ?? 0) + 1);
      expect(Math.max(...perSlot.values())).toBe(1);
      const perStartInA = new Map<string, number>();
      for (const r of rows.filter((x) => x.officeId === crowded))
        perStartInA.set(r.start.toISOString(), (perStartInA.get(r.start.toISOString()) ?? 0) + 1);
      expect([...perStartInA.values()]).toEqual(Array(20).fill(2));
      expect(await overlaps()).toBe(0);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'booking.created'`);
      expect(n).toBe(confirmed.length);
    },
    CEILING_MS,
  );

  it(
    'stays exact with reschedules and cancellations racing new bookings',
    async () => {
      const mine = new Map(points.map((p) => [p.id, p]));
      const rows = (await t.db.query(`SELECT id, point_id AS "pointId" FROM bookings WHERE status = 'confirmed' ORDER BY case_no`)) as {
        id: string;
        pointId: string;
      }[];
      const cancels = rows.filter((_, i) => i % 3 === 0);
      const moves = rows.filter((_, i) => i % 3 !== 0);
      const later = points.flatMap((p) => SECOND_DAYS.flatMap((day) => STARTS.map((hhmm) => ({ p, day, hhmm }))));
      const first = points.flatMap((p) => FIRST_DAYS.flatMap((day) => STARTS.map((hhmm) => ({ p, day, hhmm }))));
      const jobs = shuffle(
        [
          ...cancels.map((b) => ({
            kind: 'cancel',
            run: () => send('POST', `/api/bookings/${b.id}/cancel`, mine.get(b.pointId)!.token, { reason: '改期' }),
          })),
          ...moves.map((b, i) => {
            const to = later[(i * 7) % later.length];
            return {
              kind: 'reschedule',
              run: () =>
                send('POST', `/api/bookings/${b.id}/reschedule`, mine.get(b.pointId)!.token, { start: `${to.day}T${to.hhmm}:00+08:00` }),
            };
          }),
          // New bookings for the freed first-week slots and the second week's.
          ...Array.from({ length: SECOND_WAVE }, (_, i) => ({
            kind: 'book',
            run: book(first[i % first.length].p, first[i % first.length].day, first[i % first.length].hhmm, i),
          })),
          ...Array.from({ length: SECOND_WAVE }, (_, i) => ({
            kind: 'book',
            run: book(later[i % later.length].p, later[i % later.length].day, later[i % later.length].hhmm, i),
          })),
        ],
        23,
      );
      const replies = await run(jobs.map((j) => async () => ({ kind: j.kind, reply: await j.run() })));

      const unexpected = replies.filter(({ kind, reply }) =>
        kind === 'cancel'
          ? reply.status !== 200
          : !(reply.status === (kind === 'book' ? 201 : 200) || (reply.status === 409 && reply.body.code === 'SLOT_TAKEN')),
      );
      expect(unexpected.map(({ kind, reply }) => `${kind} ${reply.status} ${reply.body.code}`)).toEqual([]);
      expect(await overlaps()).toBe(0);

      const ok = (kind: string) => replies.filter((r) => r.kind === kind && r.reply.status < 300).map((r) => r.reply.body);
      const [counts] = await t.db.query(
        `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
                (SELECT count(*)::int FROM audit_entries WHERE action = 'booking.rescheduled') AS rescheduled,
                (SELECT count(*)::int FROM audit_entries WHERE action = 'booking.created') AS created
           FROM bookings`,
      );
      expect(counts).toEqual({
        confirmed: confirmed.length - cancels.length + ok('book').length,
        cancelled: cancels.length,
        rescheduled: ok('reschedule').length,
        created: confirmed.length + ok('book').length,
      });
      // Each moved booking is where its 200 said it is.
      for (const moved of ok('reschedule')) {
        const [row] = await t.db.query(`SELECT lower(during) AS start FROM bookings WHERE id = $1`, [moved.id]);
        expect(new Date(row.start).getTime()).toBe(new Date(moved.start!).getTime());
      }
      // The office with more points than notaries still fills two per start in the second week, never three.
      const perStart = (await t.db.query(
        `SELECT count(*)::int AS n FROM bookings WHERE office_id = $1 AND status = 'confirmed' GROUP BY lower(during)`,
        [crowded],
      )) as { n: number }[];
      expect(Math.max(...perStart.map((r) => r.n))).toBeLessThanOrEqual(2);
    },
    CEILING_MS,
  );
});
