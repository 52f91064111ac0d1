import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ListScope } from '../auth/access.js';
import type { SessionStatus } from './session-state.js';

export interface SessionRow {
  id: string;
  bookingId: string;
  status: SessionStatus;
  pointId: string;
  officeId: string;
  notaryId: string;
  terminalId: string;
  checkInId: string;
  createdAt: Date;
  liveAt: Date | null;
  signingAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  noticeText: string | null;
  noticeSha256: string | null;
  noticeAckAt: Date | null;
  recordVersion: number;
  recordSha256: string | null;
  signatureSha256: string | null;
  signedRecordSha256: string | null;
  caseNo: string;
  matterCode: string;
}

export interface RecordEntry {
  question: string;
  answer: string;
}

/** How a session's applicant was checked in, as the consoles show it. */
export interface CheckInSummary {
  method: 'terminal_attested' | 'service_verified';
  checkedAt: Date;
  faceScore: number | null;
  distance: number | null;
  threshold: number | null;
  liveness: boolean | null;
  steps: { asked?: string[] } | null;
  model: string | null;
  cardSource: 'reader' | 'scan' | null;
  images: boolean;
}

/** A session's status and its user's account, as signalling checks them at every connection. */
export interface PeerStandingRow {
  /** null: no such session (the protocol tests and the benchmark sign tokens for rooms of their own). */
  status: SessionStatus | null;
  disabledAt: Date | null;
}

export interface SessionCount {
  status: SessionStatus;
  n: number;
}

const SELECT = `
  SELECT s.id, s.booking_id AS "bookingId", s.status, s.point_id AS "pointId", s.office_id AS "officeId", s.notary_id AS "notaryId",
         s.terminal_id AS "terminalId", s.check_in_id AS "checkInId", s.created_at AS "createdAt", s.live_at AS "liveAt",
         s.signing_at AS "signingAt", s.ended_at AS "endedAt", s.end_reason AS "endReason", s.notice_text AS "noticeText",
         s.notice_sha256 AS "noticeSha256", s.notice_ack_at AS "noticeAckAt", s.record_version AS "recordVersion",
         s.record_sha256 AS "recordSha256", s.signature_sha256 AS "signatureSha256", s.signed_record_sha256 AS "signedRecordSha256",
         b.case_no AS "caseNo", b.matter_code AS "matterCode"
    FROM sessions s JOIN bookings b ON b.id = s.booking_id`;

/**
 * The SQL of `sessions` and `session_records`, and the reads a session view needs. Methods that take
 * an EntityManager run in the caller's transaction; the caller has checked the move with
 * session-state (modules above session use setMatterFields and markApproved).
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: DataSource) {}

  async find(m: EntityManager, id: string, lock = false): Promise<SessionRow | undefined> {
    const [row] = (await m.query(`${SELECT} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id])) as SessionRow[];
    return row;
  }

  /** The sessions opened on a Shanghai day, oldest first. */
  async listOnDay(day: string, scope: ListScope): Promise<SessionRow[]> {
    const [where, params] =
      'notaryId' in scope
        ? ['s.notary_id = $2', [day, scope.notaryId]]
        : 'pointId' in scope
          ? ['s.point_id = $2', [day, scope.pointId]]
          : ['TRUE', [day]];
    return (await this.db.query(
      `${SELECT} WHERE (s.created_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date AND ${where} ORDER BY s.created_at`,
      params,
    )) as SessionRow[];
  }

  async certificateOf(sessionId: string): Promise<{ id: string; number: string } | undefined> {
    const [cert] = (await this.db.query(`SELECT id, number FROM certificates WHERE session_id = $1`, [sessionId])) as {
      id: string;
      number: string;
    }[];
    return cert;
  }

  async checkInSummary(checkInId: string): Promise<CheckInSummary | undefined> {
    const [ci] = (await this.db.query(
      `SELECT c.method, c.created_at AS "checkedAt", c.face_score::float AS "faceScore", c.face_distance::float AS distance,
              c.face_threshold::float AS threshold, c.liveness, c.liveness_steps AS steps, c.model, c.id_card_source AS "cardSource",
              EXISTS (SELECT 1 FROM identity_images i WHERE i.check_in_id = c.id) AS images
         FROM check_ins c WHERE c.id = $1`,
      [checkInId],
    )) as CheckInSummary[];
    return ci;
  }

  /** The booking's latest successful check-in, which a new session stands on. */
  async latestCheckIn(m: EntityManager, bookingId: string): Promise<{ id: string; terminalId: string } | undefined> {
    const [checkIn] = (await m.query(
      `SELECT id, terminal_id AS "terminalId" FROM check_ins WHERE booking_id = $1 AND outcome = 'checked_in' ORDER BY created_at DESC LIMIT 1`,
      [bookingId],
    )) as { id: string; terminalId: string }[];
    return checkIn;
  }

  /** Whether the booking's last session was aborted and its check-in is still the latest successful one. */
  async lastAbortedOnLatestCheckIn(m: EntityManager, bookingId: string): Promise<boolean> {
    const [row] = (await m.query(
      `SELECT s.status = 'aborted' AND s.check_in_id = (SELECT id FROM check_ins WHERE booking_id = $1 AND outcome = 'checked_in' ORDER BY created_at DESC LIMIT 1) AS ok
         FROM sessions s WHERE s.booking_id = $1 ORDER BY s.created_at DESC LIMIT 1`,
      [bookingId],
    )) as { ok: boolean }[];
    return row?.ok === true;
  }

  async insertWaiting(
    m: EntityManager,
    s: Pick<SessionRow, 'bookingId' | 'pointId' | 'officeId' | 'terminalId' | 'checkInId' | 'createdAt'> & {
      notaryId: string | null;
      createdBy: string;
    },
  ): Promise<string> {
    const [{ id }] = (await m.query(
      `INSERT INTO sessions (booking_id, status, point_id, office_id, notary_id, terminal_id, check_in_id, created_by, created_at)
       VALUES ($1, 'waiting_notary', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [s.bookingId, s.pointId, s.officeId, s.notaryId, s.terminalId, s.checkInId, s.createdBy, s.createdAt],
    )) as { id: string }[];
    return id;
  }

  /** `live`, `signing` or an end, with the moment of the move in its column. */
  async setStatus(m: EntityManager, id: string, to: 'live' | 'signing' | 'rejected' | 'aborted', at: Date, reason?: string): Promise<void> {
    if (to === 'live') await m.query(`UPDATE sessions SET status = 'live', live_at = $2 WHERE id = $1`, [id, at]);
    else if (to === 'signing') await m.query(`UPDATE sessions SET status = 'signing', signing_at = $2 WHERE id = $1`, [id, at]);
    else await m.query(`UPDATE sessions SET status = $2, ended_at = $3, end_reason = $4 WHERE id = $1`, [id, to, at, reason ?? null]);
  }

  async setNotice(m: EntityManager, id: string, text: string, sha256: string, at: Date): Promise<void> {
    await m.query(`UPDATE sessions SET notice_text = $2, notice_sha256 = $3, notice_ack_at = $4 WHERE id = $1`, [id, text, sha256, at]);
  }

  async recordVersion(sessionId: string, version: number): Promise<{ entries: RecordEntry[]; sha256: string } | undefined> {
    const [r] = (await this.db.query(`SELECT entries, sha256 FROM session_records WHERE session_id = $1 AND version = $2`, [
      sessionId,
      version,
    ])) as { entries: RecordEntry[]; sha256: string }[];
    return r;
  }

  /** A new version of the record, which becomes the session's current one. */
  async addRecordVersion(
    m: EntityManager,
    sessionId: string,
    r: { version: number; entries: RecordEntry[]; sha256: string; by: string; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO session_records (session_id, version, entries, sha256, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [sessionId, r.version, JSON.stringify(r.entries), r.sha256, r.by, r.at],
    );
    await m.query(`UPDATE sessions SET record_version = $2, record_sha256 = $3 WHERE id = $1`, [sessionId, r.version, r.sha256]);
  }

  async markSigned(
    m: EntityManager,
    id: string,
    s: { at: Date; png: Buffer; signatureSha256: string; recordSha256: string },
  ): Promise<void> {
    await m.query(
      `UPDATE sessions SET status = 'signing', signing_at = $2, signature_png = $3, signature_sha256 = $4, signed_record_sha256 = $5 WHERE id = $1`,
      [id, s.at, s.png, s.signatureSha256, s.recordSha256],
    );
  }

  async signaturePng(id: string): Promise<Buffer | null> {
    const [row] = (await this.db.query(`SELECT signature_png AS png FROM sessions WHERE id = $1`, [id])) as { png: Buffer | null }[];
    return row?.png ?? null;
  }

  async setMatterFields(m: EntityManager, sessionId: string, fields: Record<string, string>): Promise<void> {
    await m.query(`UPDATE sessions SET matter_fields = $2 WHERE id = $1`, [sessionId, JSON.stringify(fields)]);
  }

  async markApproved(m: EntityManager, sessionId: string, at: Date): Promise<void> {
    await m.query(`UPDATE sessions SET status = 'approved', ended_at = $2 WHERE id = $1`, [sessionId, at]);
  }

  /** The session's status and whether the user's account is disabled, in one read (ids as text: a token may name any string). */
  async peerStanding(sessionId: string, userId: string): Promise<PeerStandingRow> {
    const [row] = (await this.db.query(
      `SELECT (SELECT status FROM sessions WHERE id::text = $1) AS status, (SELECT disabled_at FROM users WHERE id::text = $2) AS "disabledAt"`,
      [sessionId, userId],
    )) as PeerStandingRow[];
    return row;
  }

  /** How many sessions there are in each state. */
  async countByStatus(): Promise<SessionCount[]> {
    return (await this.db.query('SELECT status, count(*)::int AS n FROM sessions GROUP BY status')) as SessionCount[];
  }
}
