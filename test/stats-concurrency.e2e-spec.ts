/**
 * The case summary under concurrent writes, on the real server (two connections; embedded PGlite
 * has one). Two transactions change cases of the same summary row through different tables —
 * a booking made, a certificate issued, a check-in re-timed, a booking moved between two rows
 * while another moves the other way — the second one waits for the row the first holds, and once
 * both committed, the summary equals its rebuild from the facts: no change is lost or counted twice.
 * The waits are observed (pg_locks), never guessed with a sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { QueryRunner } from 'typeorm';

/** Where a statement runs: the pool, or one transaction's connection. */
type Db = { query(sql: string, params?: unknown[]): Promise<unknown> };
import { buildWorld, type World } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { caseSummary, rebuiltCaseSummary } from './support/stats.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

describe('case summary under concurrent writes', () => {
  let t: TestApp;
  let w: World;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, { notaries: 2 });
  }, 300_000);
  afterAll(() => t?.close());

  /** A past booking at `at` (Shanghai time), its check-in, session and (if `issued`) certificate, as one statement each. */
  const booking = async (db: Db, at: string, o: { matter?: string; completed?: boolean } = {}) => {
    const n = ++seq;
    const [b] = (await db.query(
      `INSERT INTO bookings (case_no, access_code_hash, kind, status, point_id, office_id, matter_code, notary_id, terminal_id, during,
                             applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc,
                             applicant_phone_masked, created_by, created_at, updated_at)
       VALUES ('CC-' || $1, 'x', 'appointment', $2, $3, $4, $5, $6, $7, tstzrange($8::timestamptz, $8::timestamptz + interval '30 minutes'),
               '数据', 'x', 'x', '3211**********0013', 'x', '139****5678', 'concurrency', $8::timestamptz, $8::timestamptz)
       RETURNING id`,
      [
        n,
        o.completed === false ? 'cancelled' : 'completed',
        w.pointId,
        w.officeId,
        o.matter ?? 'declaration',
        w.notaries[0].id,
        w.terminals[0].id,
        at,
      ],
    )) as { id: string }[];
    return b.id;
  };
  const checkIn = async (db: Db, bookingId: string, at: string) => {
    const [c] = (await db.query(
      `INSERT INTO check_ins (booking_id, method, terminal_id, jti, outcome, claims_sha256, created_at)
       VALUES ($1, 'terminal_attested', $2, $4, 'checked_in', 'x', $3) RETURNING id`,
      [bookingId, w.terminals[0].id, at, `cc-${bookingId}`],
    )) as { id: string }[];
    const [s] = (await db.query(
      `INSERT INTO sessions (booking_id, status, point_id, office_id, notary_id, terminal_id, check_in_id, created_by, created_at, live_at, ended_at, signature_sha256)
       VALUES ($1, 'approved', $2, $3, $4, $5, $6, $4, $7, $7::timestamptz + interval '95.5 seconds', $7::timestamptz + interval '20 minutes', 'x')
       RETURNING id`,
      [bookingId, w.pointId, w.officeId, w.notaries[0].id, w.terminals[0].id, c.id, at],
    )) as { id: string }[];
    return { checkInId: c.id, sessionId: s.id };
  };
  const certificate = (db: Db, sessionId: string, issuedAt: string) =>
    db.query(
      `INSERT INTO certificates (id, session_id, booking_id, office_id, point_id, notary_id, matter_code, year, seq, number,
                                 holder_name, holder_id_masked, holder_digest, wording, issued_at, receipt_jws, audit_seq, audit_hash)
       SELECT gen_random_uuid(), s.id, s.booking_id, s.office_id, s.point_id, s.notary_id, b.matter_code, 2026,
              1000 + (SELECT count(*) FROM certificates), 'CC-' || s.id, '数据', '3211**********0013', 'x', 'x', $2, 'x', 0, repeat('0', 64)
         FROM sessions s JOIN bookings b ON b.id = s.booking_id WHERE s.id = $1`,
      [sessionId, issuedAt],
    );

  /** Two open transactions; `second` runs while `first` holds its locks, and must wait for it. */
  const race = async (first: (db: QueryRunner) => Promise<unknown>, second: (db: QueryRunner) => Promise<unknown>) => {
    const [a, b] = [t.db.createQueryRunner(), t.db.createQueryRunner()];
    await a.connect();
    await b.connect();
    try {
      await a.startTransaction();
      await b.startTransaction();
      const [{ pid }] = (await b.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
      await first(a);
      // How the second transaction's work ended, once it has (read through a call: set by callbacks).
      let settled: { error?: unknown } | undefined;
      const outcome = () => settled;
      const running = second(b).then(
        () => (settled = {}),
        (error: unknown) => (settled = { error }),
      );
      // The second transaction is blocked on a lock the first holds (polled, however slow the machine).
      for (;;) {
        const early = outcome();
        if (early) throw new Error(`the second transaction did not wait for the first: ${String(early.error ?? 'it finished')}`);
        const [{ waiting }] = (await t.db.query(`SELECT cardinality(pg_blocking_pids($1)) > 0 AS waiting`, [pid])) as {
          waiting: boolean;
        }[];
        if (waiting) break;
        await new Promise((r) => setImmediate(r));
      }
      await a.commitTransaction();
      await running;
      const done = outcome();
      if (done?.error) throw done.error;
      await b.commitTransaction();
    } finally {
      for (const qr of [a, b]) {
        if (qr.isTransactionActive) await qr.rollbackTransaction();
        await qr.release();
      }
    }
  };

  it('counts a booking made while another transaction writes the same row', async () => {
    await race(
      (a) => booking(a, '2026-05-04T09:00:00+08:00'),
      (b) => booking(b, '2026-05-04T10:00:00+08:00'),
    );
    const [row] = (await t.db.query(`SELECT booked FROM stats_case_days WHERE day = '2026-05-04' AND point_id = $1`, [w.pointId])) as {
      booked: number;
    }[];
    expect(row.booked).toBe(2);
    expect(await caseSummary(t.db)).toEqual(await rebuiltCaseSummary(t.db));
  });

  it('keeps a certificate issued and a check-in re-timed at once, on cases of one row', async () => {
    const one = await booking(t.db, '2026-05-05T09:00:00+08:00');
    const two = await booking(t.db, '2026-05-05T11:00:00+08:00');
    const s1 = await checkIn(t.db, one, '2026-05-05T09:01:02.345678+08:00');
    const s2 = await checkIn(t.db, two, '2026-05-05T11:03:00.5+08:00');
    await certificate(t.db, s2.sessionId, '2026-05-05T11:15:00+08:00');
    await race(
      (a) => certificate(a, s1.sessionId, '2026-05-05T09:13:07.000001+08:00'),
      (b) => b.query(`UPDATE check_ins SET created_at = created_at - interval '42.25 seconds' WHERE id = $1`, [s2.checkInId]),
    );
    const [row] = (await t.db.query(
      `SELECT certificates, length(handling) / 8 AS handled, length(waiting) / 8 AS waited FROM stats_case_days WHERE day = '2026-05-05'`,
    )) as { certificates: number; handled: number; waited: number }[];
    expect(row).toEqual({ certificates: 2, handled: 2, waited: 2 });
    expect(await caseSummary(t.db)).toEqual(await rebuiltCaseSummary(t.db));
  });

  it('keeps two bookings moved across two rows in opposite directions at once (no deadlock, nothing lost)', async () => {
    const x = await booking(t.db, '2026-05-06T09:00:00+08:00', { matter: 'declaration' });
    const y = await booking(t.db, '2026-05-06T10:00:00+08:00', { matter: 'entrustment' });
    const [s] = [await checkIn(t.db, x, '2026-05-06T09:00:30+08:00')];
    await certificate(t.db, s.sessionId, '2026-05-06T09:20:00+08:00');
    await race(
      (a) => a.query(`UPDATE bookings SET matter_code = 'entrustment' WHERE id = $1`, [x]),
      (b) => b.query(`UPDATE bookings SET matter_code = 'declaration', status = 'cancelled' WHERE id = $1`, [y]),
    );
    const rows = (await t.db.query(
      `SELECT matter_code, booked, cancelled, certificates FROM stats_case_days WHERE day = '2026-05-06' AND booked > 0 ORDER BY 1`,
    )) as unknown[];
    expect(rows).toEqual([
      { matter_code: 'declaration', booked: 1, cancelled: 1, certificates: 0 },
      { matter_code: 'entrustment', booked: 1, cancelled: 0, certificates: 1 },
    ]);
    expect(await caseSummary(t.db)).toEqual(await rebuiltCaseSummary(t.db));
  });

  it('drops a deleted booking from its row while another transaction adds one to it', async () => {
    const gone = await booking(t.db, '2026-05-07T09:00:00+08:00', { completed: false });
    await race(
      (a) => a.query(`DELETE FROM bookings WHERE id = $1`, [gone]),
      (b) => booking(b, '2026-05-07T15:00:00+08:00'),
    );
    const [row] = (await t.db.query(`SELECT booked, cancelled FROM stats_case_days WHERE day = '2026-05-07'`)) as unknown[];
    expect(row).toEqual({ booked: 1, cancelled: 0 });
    expect(await caseSummary(t.db)).toEqual(await rebuiltCaseSummary(t.db));
  });
});
