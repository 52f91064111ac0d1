import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Sql } from '../common/transaction.js';
import { notFound } from '../common/errors.js';
import { ACTIVE_SQL, assertMove, sourcesOf, type BookingStatus } from './booking-state.js';
import type { Interval } from './slot-finder.js';

export interface BookingRow {
  id: string;
  caseNo: string;
  kind: 'appointment' | 'walk_in';
  status: BookingStatus;
  pointId: string;
  pointName: string;
  pointAddress: string;
  officeId: string;
  officeName: string;
  matterCode: string;
  matterNameZh: string;
  notaryId: string | null;
  notaryName: string | null;
  terminalId: string | null;
  start: Date | null;
  end: Date | null;
  reservedUntil: Date | null;
  applicantName: string;
  applicantIdEnc: string;
  applicantIdMasked: string;
  applicantPhoneMasked: string;
  accessCodeHash: string;
  createdAt: Date;
  claimedAt: Date | null;
  cancelReason: string | null;
  sessionId: string | null;
  certificateId: string | null;
  certificateNo: string | null;
}

const SELECT = `
  SELECT b.id, b.case_no AS "caseNo", b.kind, b.status, b.point_id AS "pointId", p.name AS "pointName", p.address AS "pointAddress",
         b.office_id AS "officeId", o.name AS "officeName", b.matter_code AS "matterCode", m.name_zh AS "matterNameZh",
         b.notary_id AS "notaryId", u.display_name AS "notaryName", b.terminal_id AS "terminalId",
         lower(b.during) AS start, lower(b.during) + make_interval(mins => m.estimated_minutes) AS "end", upper(b.during) AS "reservedUntil",
         b.applicant_name AS "applicantName", b.applicant_id_enc AS "applicantIdEnc", b.applicant_id_masked AS "applicantIdMasked",
         b.applicant_phone_masked AS "applicantPhoneMasked", b.access_code_hash AS "accessCodeHash",
         b.created_at AS "createdAt", b.claimed_at AS "claimedAt", b.cancel_reason AS "cancelReason",
         ls.id AS "sessionId", c.id AS "certificateId", c.number AS "certificateNo"
    FROM bookings b
    JOIN points p ON p.id = b.point_id
    JOIN offices o ON o.id = b.office_id
    JOIN matters m ON m.code = b.matter_code
    LEFT JOIN users u ON u.id = b.notary_id
    LEFT JOIN LATERAL (SELECT s.id FROM sessions s WHERE s.booking_id = b.id ORDER BY s.created_at DESC LIMIT 1) ls ON true
    LEFT JOIN certificates c ON c.booking_id = b.id`;

/** Candidates for a placement, in the order they are tried. */
export interface Placement {
  notaryIds: string[];
  terminalIds: string[];
  reservation: Interval;
  /** The Shanghai day of the reservation, for the notaries' load. */
  day: Interval;
  /** The reference version the candidates were computed from. */
  version: number;
  /** Tried first when free (a reschedule keeps its notary). */
  preferNotary?: string | null;
}

/** The outcome of one placement statement. */
export type Placed =
  | { kind: 'placed'; notaryId: string; terminalId: string; version: number }
  /** No candidate pair is free among committed bookings. `notaryFree`: some notary was, so the terminals were not. */
  | { kind: 'taken'; notaryFree: boolean; version: number }
  /** The chosen pair met a booking committed meanwhile (or a case-number clash): run the statement again. */
  | { kind: 'again'; version: number }
  | { kind: 'stale'; version: number };

/** A booking that holds a notary or a terminal over an interval. */
export type Busy = Interval & { notaryId: string | null; terminalId: string | null };

export interface BookingCount {
  kind: BookingRow['kind'];
  status: BookingStatus;
  n: number;
}

/**
 * An instant as epoch milliseconds, cut to the millisecond as a JavaScript Date keeps it (a
 * number is cheaper to read than a timestamp's text; walk-ins start at `now()`, microseconds).
 * date_part's double holds a millisecond instant exactly enough for the cast to land on it; it
 * costs PostgreSQL a fraction of extract's numeric arithmetic, which was most of the slots read.
 */
const EPOCH_MS = (instant: string) => `(date_part('epoch', date_trunc('milliseconds', ${instant})) * 1000)::bigint`;

/**
 * The office's active bookings between $2 and $3, as one text of four words per booking (notary,
 * terminal, start, end): cheaper to build than JSON for PostgreSQL, and to read. An active booking
 * has all four (bookings' CHECK). One text, built once: `readTogether` names statements by it.
 */
const BUSY = `SELECT (SELECT version FROM booking_reference_version) AS version,
                     coalesce(string_agg(notary_id::text || ' ' || terminal_id::text || ' ' || ${EPOCH_MS('lower(during)')}::text
                                         || ' ' || ${EPOCH_MS('upper(during)')}::text, ' '), '') AS busy
                FROM bookings
               WHERE office_id = $1 AND during && tstzrange($2, $3, '[)') AND status IN ${ACTIVE_SQL}`;

/**
 * The free pair a placement takes: $1 notaries, $2 terminals, $3/$4 the reservation, $5/$6 the
 * day, $7 the reference version the candidates came from, $8 a booking to ignore, $9 a notary to
 * prefer. Fewest bookings that day first, then least recently booked. Only committed rows are
 * seen here; the exclusion constraints decide between transactions still in flight.
 * Indexes: the constraints' partial gist indexes (notary|terminal, during), bookings_notary_load,
 * bookings_notary_created.
 */
const PICK = `
  v AS (SELECT version FROM booking_reference_version),
  pick AS (
    SELECT n.id AS notary_id, t.id AS terminal_id
      FROM unnest($1::uuid[]) WITH ORDINALITY n(id, ord) CROSS JOIN unnest($2::uuid[]) WITH ORDINALITY t(id, ord)
     WHERE (SELECT version FROM v) <= $7
       AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.notary_id = n.id AND b.during && tstzrange($3, $4, '[)') AND b.status IN ${ACTIVE_SQL} AND b.id IS DISTINCT FROM $8::uuid)
       AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.terminal_id = t.id AND b.during && tstzrange($3, $4, '[)') AND b.status IN ${ACTIVE_SQL} AND b.id IS DISTINCT FROM $8::uuid)
     ORDER BY n.id = $9::uuid IS TRUE DESC,
              (SELECT count(*) FROM bookings b WHERE b.notary_id = n.id AND b.during && tstzrange($5, $6, '[)')
                  AND b.status IN ('confirmed', 'checked_in', 'in_session', 'completed') AND b.id IS DISTINCT FROM $8::uuid),
              (SELECT max(b.created_at) FROM bookings b WHERE b.notary_id = n.id AND b.status IN ('confirmed', 'checked_in', 'in_session', 'completed')) NULLS FIRST,
              n.ord, t.ord
     LIMIT 1)`;
const OUTCOME = `
  SELECT (SELECT version FROM v) AS version, (SELECT count(*) FROM pick)::int AS picked,
         (SELECT notary_id FROM placed) AS "notaryId", (SELECT terminal_id FROM placed) AS "terminalId",
         EXISTS (SELECT 1 FROM unnest($1::uuid[]) n(id) WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.notary_id = n.id
                   AND b.during && tstzrange($3, $4, '[)') AND b.status IN ${ACTIVE_SQL} AND b.id IS DISTINCT FROM $8::uuid)) AS "notaryFree"`;

function pickParams(p: Placement, ignore: string | null): unknown[] {
  return [
    p.notaryIds,
    p.terminalIds,
    p.reservation.start,
    p.reservation.end,
    p.day.start,
    p.day.end,
    p.version,
    ignore,
    p.preferNotary ?? null,
  ];
}

function outcome(
  r: { version: string; picked: number; notaryId: string | null; terminalId: string | null; notaryFree: boolean },
  wanted: number,
): Placed {
  const version = Number(r.version);
  if (version > wanted) return { kind: 'stale', version };
  if (r.notaryId && r.terminalId) return { kind: 'placed', notaryId: r.notaryId, terminalId: r.terminalId, version };
  return r.picked ? { kind: 'again', version } : { kind: 'taken', notaryFree: r.notaryFree, version };
}

/** An applicant as stored: encrypted, masked and digested; never raw. */
export interface SealedApplicant {
  name: string;
  idEnc: string;
  idDigest: string;
  idMasked: string;
  phoneEnc: string;
  phoneMasked: string;
  phoneDigest: string;
}

export interface NewBooking {
  id: string;
  caseNo: string;
  accessCodeHash: string;
  kind: 'appointment' | 'walk_in';
  pointId: string;
  officeId: string;
  matterCode: string;
  applicant: SealedApplicant;
  createdBy: string;
  createdAt: Date;
}

/** The bookings table: its one writer. Every status write goes through the state machine. */
@Injectable()
export class BookingRepository {
  constructor(private readonly clock: Clock) {}

  async find(m: EntityManager, id: string, lock = false): Promise<BookingRow | undefined> {
    const [row] = (await m.query(`${SELECT} WHERE b.id = $1${lock ? ' FOR UPDATE OF b' : ''}`, [id])) as BookingRow[];
    return row;
  }

  /**
   * The hot path: one statement picks a free notary and terminal and inserts the confirmed
   * booking. ON CONFLICT DO NOTHING takes the exclusion constraints as arbiters, so a
   * concurrent insert of an overlapping row makes this one wait and then insert nothing, instead
   * of both waiting on each other (the deadlock plain INSERTs into exclusion constraints can hit).
   */
  async insertConfirmed(m: Sql, b: NewBooking, p: Placement): Promise<Placed> {
    const [row] = (await m.query(
      `WITH ${PICK},
       placed AS (
         INSERT INTO bookings (id, case_no, access_code_hash, kind, status, point_id, office_id, matter_code, notary_id, terminal_id, during,
                               applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc, applicant_phone_masked,
                               created_by, created_at, updated_at)
         SELECT $10, $11, $12, 'appointment', 'confirmed', $13, $14, $15, pick.notary_id, pick.terminal_id, tstzrange($3, $4, '[)'),
                $16, $17, $18, $19, $20, $21, $22, $23, $23 FROM pick
         ON CONFLICT DO NOTHING
         RETURNING notary_id, terminal_id)
       ${OUTCOME}`,
      [...pickParams(p, null), ...rowParams(b)],
    )) as Parameters<typeof outcome>[0][];
    return outcome(row, p.version);
  }

  async insertWaiting(m: EntityManager, b: NewBooking): Promise<void> {
    await m.query(
      `INSERT INTO bookings (id, case_no, access_code_hash, kind, status, point_id, office_id, matter_code,
                             applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc, applicant_phone_masked,
                             created_by, created_at, updated_at)
       VALUES ($1, $2, $3, 'walk_in', 'waiting', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
      rowParams(b),
    );
  }

  /**
   * Moves a booking (a reschedule, or a claimed walk-in becoming confirmed) to a free pair.
   * An UPDATE has no ON CONFLICT: a clash with a booking still in flight raises 23P01, which
   * this turns into `again` under a savepoint so the caller's transaction lives on.
   */
  async place(m: EntityManager, id: string, p: Placement, claim?: { from: BookingStatus; at: Date }): Promise<Placed> {
    if (claim) assertMove(claim.from, 'confirmed');
    await m.query('SAVEPOINT place');
    try {
      const [row] = (await m.query(
        `WITH ${PICK},
         placed AS (
           UPDATE bookings SET notary_id = pick.notary_id, terminal_id = pick.terminal_id, during = tstzrange($3, $4, '[)'), updated_at = $10
                               ${claim ? `, status = 'confirmed', claimed_at = $10` : ''}
             FROM pick WHERE bookings.id = $8
           RETURNING bookings.notary_id, bookings.terminal_id)
         ${OUTCOME}`,
        [...pickParams(p, id), claim?.at ?? this.clock.now()],
      )) as Parameters<typeof outcome>[0][];
      await m.query('RELEASE SAVEPOINT place');
      return outcome(row, p.version);
    } catch (err) {
      await m.query('ROLLBACK TO SAVEPOINT place');
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23P01')
        return { kind: 'again', version: p.version };
      throw err;
    }
  }

  // ── status moves: the state machine's only writers ───────────────────────────

  /**
   * One statement: locks the row, moves it when the machine allows, and reports where it was.
   * 409 ILLEGAL_TRANSITION when it may not move; 404 when there is no such booking.
   */
  private async move(m: EntityManager, id: string, to: BookingStatus, set = '', params: unknown[] = []): Promise<BookingStatus> {
    const [row] = (await m.query(
      `WITH old AS (SELECT id, status FROM bookings WHERE id = $1 FOR NO KEY UPDATE),
       moved AS (UPDATE bookings b SET status = $2, updated_at = $3${set} FROM old WHERE b.id = old.id AND old.status = ANY($4::text[]) RETURNING b.id)
       SELECT old.status AS "from", EXISTS (SELECT 1 FROM moved) AS moved FROM old`,
      [id, to, this.clock.now(), sourcesOf(to), ...params],
    )) as { from: BookingStatus; moved: boolean }[];
    if (!row) throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
    if (!row.moved) assertMove(row.from, to);
    return row.from;
  }

  markCheckedIn(m: EntityManager, id: string) {
    return this.move(m, id, 'checked_in');
  }

  markInSession(m: EntityManager, id: string) {
    return this.move(m, id, 'in_session');
  }

  markCompleted(m: EntityManager, id: string) {
    return this.move(m, id, 'completed');
  }

  /** A rejected case is finished; an aborted session leaves the applicant checked in to try again. */
  endSession(m: EntityManager, id: string, how: 'rejected' | 'aborted') {
    return this.move(m, id, how === 'rejected' ? 'completed' : 'confirmed');
  }

  cancel(m: EntityManager, id: string, reason: string) {
    return this.move(m, id, 'cancelled', ', cancel_reason = $5', [reason]);
  }

  markNoShow(m: EntityManager, id: string) {
    return this.move(m, id, 'no_show');
  }

  /** Walk-ins waiting since before `cutoff` expire (waiting → expired is the machine's move). */
  async expireWaiting(m: EntityManager, cutoff: Date): Promise<{ id: string; caseNo: string; officeId: string; pointId: string }[]> {
    const rows = (await m.query(
      `UPDATE bookings SET status = 'expired', updated_at = $2 WHERE status = ANY($3::text[]) AND status = 'waiting' AND created_at < $1
       RETURNING id, case_no AS "caseNo", office_id AS "officeId", point_id AS "pointId"`,
      [cutoff, this.clock.now(), sourcesOf('expired')],
    )) as [{ id: string; caseNo: string; officeId: string; pointId: string }[], number];
    return rows[0];
  }

  /** Failed identity checks on a booking: counted toward the check-in lock-out, reset by the notary's override. */
  async countCheckInFailure(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE bookings SET check_in_failures = check_in_failures + 1 WHERE id = $1`, [id]);
  }

  async resetCheckInFailures(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE bookings SET check_in_failures = 0 WHERE id = $1`, [id]);
  }

  /** The booking's state and failed identity checks; with `lock`, under its row lock. */
  async checkInState(m: EntityManager, id: string, lock = false): Promise<{ status: BookingStatus; failures: number }> {
    const [row] = (await m.query(`SELECT status, check_in_failures AS failures FROM bookings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ])) as { status: BookingStatus; failures: number }[];
    return row;
  }

  /**
   * The office's bookings that hold a notary or a terminal between two instants, with the
   * reference version the statement saw. Index: bookings_office_active, gist (office_id, during)
   * WHERE status IN active.
   */
  async busy(m: Sql, officeId: string, from: Date, until: Date): Promise<{ version: string; busy: Busy[] }> {
    const [row] = (await m.query(BUSY, [officeId, from, until])) as { version: string; busy: string }[];
    const words = row.busy ? row.busy.split(' ') : [];
    const busy: Busy[] = [];
    for (let i = 0; i < words.length; i += 4)
      busy.push({
        notaryId: words[i],
        terminalId: words[i + 1],
        start: new Date(Number(words[i + 2])),
        end: new Date(Number(words[i + 3])),
      });
    return { version: row.version, busy };
  }

  /**
   * A day's bookings (`from` … `until`): its appointments, plus walk-ins created that day (which
   * have no time until claimed), in one point or one office when asked (an office of null matches none), in time order.
   */
  async ofDay(m: EntityManager, from: Date, until: Date, within: { pointId?: string; officeId?: string | null }): Promise<BookingRow[]> {
    const params: unknown[] = [from, until];
    const where: string[] = [];
    if (within.pointId) {
      params.push(within.pointId);
      where.push(`b.point_id = $${params.length}`);
    } else if (within.officeId !== undefined) {
      params.push(within.officeId);
      where.push(`b.office_id = $${params.length}`);
    }
    return (await m.query(
      `${SELECT} WHERE (b.during && tstzrange($1, $2) OR (b.during IS NULL AND b.created_at >= $1 AND b.created_at < $2))
        ${where.map((w) => `AND ${w}`).join(' ')} ORDER BY coalesce(lower(b.during), b.created_at)`,
      params,
    )) as BookingRow[];
  }

  /** The booking with this case number (as stored: upper case). */
  async byCaseNo(m: EntityManager, caseNo: string): Promise<BookingRow | undefined> {
    const [row] = (await m.query(`${SELECT} WHERE b.case_no = $1`, [caseNo])) as BookingRow[];
    return row;
  }

  /** The office's waiting walk-ins, oldest first. */
  async waitingAt(m: EntityManager, officeId: string | null): Promise<BookingRow[]> {
    return (await m.query(`${SELECT} WHERE b.office_id = $1 AND b.status = 'waiting' ORDER BY b.created_at`, [officeId])) as BookingRow[];
  }

  /** How many bookings there are of each kind and status. */
  async countByKindAndStatus(m: EntityManager): Promise<BookingCount[]> {
    return (await m.query('SELECT kind, status, count(*)::int AS n FROM bookings GROUP BY kind, status')) as BookingCount[];
  }
}

/** A new booking's own columns, in the order both insert statements list them. */
function rowParams(b: NewBooking): unknown[] {
  const a = b.applicant;
  return [
    b.id,
    b.caseNo,
    b.accessCodeHash,
    b.pointId,
    b.officeId,
    b.matterCode,
    a.name,
    a.idEnc,
    a.idDigest,
    a.idMasked,
    a.phoneEnc,
    a.phoneMasked,
    b.createdBy,
    b.createdAt,
  ];
}
