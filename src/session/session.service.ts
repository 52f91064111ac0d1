import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { DataSource, type EntityManager } from 'typeorm';
import { assertCan, assertStaffCan, listScope, type Action } from '../auth/access.js';
import { auditActor, type Actor, type StaffActor } from '../auth/actor.js';
import { TokenService } from '../auth/token.service.js';
import { AuditService } from '../audit/audit.service.js';
import { BookingService } from '../booking/booking.service.js';
import { Clock } from '../common/clock.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import { birthDateOf, genderOf } from '../common/id-number.js';
import { PersonalData } from '../common/personal-data.js';
import { shanghaiDate, toShanghaiIso } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { formatDateZh } from '../common/chinese-date.js';
import { fillTemplate, placeholders } from '../matters/catalogue/index.js';
import { MattersService } from '../matters/matters.service.js';
import { iceServers } from '../signalling/ice.js';
import { issueJoinToken } from '../signalling/join-token.js';
import { SignallingService } from '../signalling/signalling.service.js';
import { assertIn, assertMove, type SessionStatus } from './session-state.js';
import { SessionsRepository } from './sessions.repository.js';

export const MAX_SIGNATURE_BYTES = 200 * 1024;
export const MAX_RECORDING_CHUNK_BYTES = 8 * 1024 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const GENESIS = '0'.repeat(64);
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

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

const SELECT = `
  SELECT s.id, s.booking_id AS "bookingId", s.status, s.point_id AS "pointId", s.office_id AS "officeId", s.notary_id AS "notaryId",
         s.terminal_id AS "terminalId", s.check_in_id AS "checkInId", s.created_at AS "createdAt", s.live_at AS "liveAt",
         s.signing_at AS "signingAt", s.ended_at AS "endedAt", s.end_reason AS "endReason", s.notice_text AS "noticeText",
         s.notice_sha256 AS "noticeSha256", s.notice_ack_at AS "noticeAckAt", s.record_version AS "recordVersion",
         s.record_sha256 AS "recordSha256", s.signature_sha256 AS "signatureSha256", s.signed_record_sha256 AS "signedRecordSha256",
         b.case_no AS "caseNo", b.matter_code AS "matterCode"
    FROM sessions s JOIN bookings b ON b.id = s.booking_id`;

export interface RecordEntry {
  question: string;
  answer: string;
}

/** The hash of a record version: SHA-256 of the JCS (RFC 8785) form of { sessionId, version, entries }. */
export function recordHash(sessionId: string, version: number, entries: RecordEntry[]): string {
  return sha256(canonicalize({ sessionId, version, entries })!);
}

@Injectable()
export class SessionService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly personal: PersonalData,
    private readonly tokens: TokenService,
    private readonly bookings: BookingService,
    private readonly matters: MattersService,
    private readonly signalling: SignallingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** Intent methods for the modules above that change a session in their own transaction. */
    readonly repository: SessionsRepository,
  ) {}

  // ── access ─────────────────────────────────────────────────────────────────

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<SessionRow | undefined> {
    const [row] = (await m.query(`${SELECT} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id])) as SessionRow[];
    return row;
  }

  /** The session if the actor may see it (the case's citizen, the point's assistants, the office's notaries, admins). */
  async visible(actor: Actor, id: string, m?: EntityManager, lock = false): Promise<SessionRow> {
    const s = await this.find(id, m, lock);
    if (!s) throw notFound('SESSION_NOT_FOUND', 'No such session.');
    assertCan(actor, 'read', sessionOf(s));
    return s;
  }

  /** Throws unless the actor may take this step of the session (the policy's 403 otherwise). */
  private assertStep(actor: Actor, s: SessionRow, step: Action<'session'>): asserts actor is StaffActor {
    assertStaffCan(actor, step, sessionOf(s));
  }

  async view(s: SessionRow, actor: Actor) {
    const booking = this.bookings.view((await this.bookings.find(s.bookingId))!, actor);
    const [cert] = (await this.db.query(`SELECT id, number FROM certificates WHERE session_id = $1`, [s.id])) as {
      id: string;
      number: string;
    }[];
    const [ci] = (await this.db.query(
      `SELECT c.method, c.created_at AS "checkedAt", c.face_score::float AS "faceScore", c.face_distance::float AS distance,
              c.face_threshold::float AS threshold, c.liveness, c.liveness_steps AS steps, c.model, c.id_card_source AS "cardSource",
              EXISTS (SELECT 1 FROM identity_images i WHERE i.check_in_id = c.id) AS images
         FROM check_ins c WHERE c.id = $1`,
      [s.checkInId],
    )) as {
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
    }[];
    return {
      id: s.id,
      bookingId: s.bookingId,
      caseNo: s.caseNo,
      status: s.status,
      matter: booking.matter,
      applicant: booking.applicant,
      notary: booking.notary,
      point: booking.point,
      terminalId: s.terminalId,
      createdAt: toShanghaiIso(s.createdAt),
      liveAt: s.liveAt && toShanghaiIso(s.liveAt),
      signingAt: s.signingAt && toShanghaiIso(s.signingAt),
      endedAt: s.endedAt && toShanghaiIso(s.endedAt),
      ...(s.endReason && { endReason: s.endReason }),
      notice: s.noticeAckAt ? { acknowledgedAt: toShanghaiIso(s.noticeAckAt), noticeSha256: s.noticeSha256 } : null,
      record: s.recordVersion ? { version: s.recordVersion, recordSha256: s.recordSha256, locked: !!s.signatureSha256 } : null,
      signature: s.signatureSha256
        ? { sha256: s.signatureSha256, recordSha256: s.signedRecordSha256, imageUrl: `/api/sessions/${s.id}/signature.png` }
        : null,
      checkIn: ci
        ? {
            method: ci.method,
            checkedAt: toShanghaiIso(ci.checkedAt),
            faceScore: ci.faceScore,
            distance: ci.distance,
            threshold: ci.threshold,
            liveness: ci.liveness === null ? ('not_checked' as const) : ci.liveness ? ('passed' as const) : ('failed' as const),
            steps: ci.steps?.asked ?? [],
            model: ci.model,
            cardSource: ci.cardSource,
            images: ci.images,
          }
        : null,
      ...(cert && { certificateId: cert.id, certificateNo: cert.number }),
    };
  }

  async list(actor: Actor, date?: string) {
    assertCan(actor, 'list', { kind: 'sessions' });
    const day = date ?? shanghaiDate(this.clock.now());
    const scope = listScope(actor, 'sessions');
    const [where, params] =
      'notaryId' in scope
        ? ['s.notary_id = $2', [day, scope.notaryId]]
        : 'pointId' in scope
          ? ['s.point_id = $2', [day, scope.pointId]]
          : ['TRUE', [day]];
    const rows = (await this.db.query(
      `${SELECT} WHERE (s.created_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date AND ${where} ORDER BY s.created_at`,
      params,
    )) as SessionRow[];
    return Promise.all(rows.map((r) => this.view(r, actor)));
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────

  /** The assistant opens the session once the applicant is checked in. */
  async create(actor: Actor, bookingId: string) {
    assertStaffCan(actor, 'open-session', { kind: 'cases' });
    const session = await this.db.transaction(async (m) => {
      const b = await this.bookings.visible(actor, bookingId, m, true);
      // After an aborted session the booking is `confirmed` again (cancel and no-show work); the
      // check-in that session used still stands for a new attempt at the same visit.
      const resumable = b.status === 'confirmed' && (await this.checkInOfAbortedSession(m, bookingId));
      if (b.status !== 'checked_in' && !resumable) {
        throw conflict(
          b.status === 'in_session' ? 'SESSION_EXISTS' : 'NOT_CHECKED_IN',
          b.status === 'in_session'
            ? 'A session is already open for this booking.'
            : `Check the applicant in first; the booking is ${b.status}.`,
          { status: b.status },
        );
      }
      const [checkIn] = (await m.query(
        `SELECT id, terminal_id AS "terminalId" FROM check_ins WHERE booking_id = $1 AND outcome = 'checked_in' ORDER BY created_at DESC LIMIT 1`,
        [bookingId],
      )) as { id: string; terminalId: string }[];
      const now = this.clock.now();
      const [{ id }] = (await m.query(
        `INSERT INTO sessions (booking_id, status, point_id, office_id, notary_id, terminal_id, check_in_id, created_by, created_at)
         VALUES ($1, 'waiting_notary', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [bookingId, b.pointId, b.officeId, b.notaryId, checkIn.terminalId, checkIn.id, actor.id, now],
      )) as { id: string }[];
      await this.bookings.repository.markInSession(m, bookingId);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.created',
        subjectType: 'session',
        subjectId: id,
        payload: { bookingId, caseNo: b.caseNo, notaryId: b.notaryId, terminalId: checkIn.terminalId, checkInId: checkIn.id },
      });
      return { id, status: 'waiting_notary' as const };
    });
    return session;
  }

  /**
   * A join token for the video room. The notary asking to join is what makes the session live:
   * the applicant is waiting at the terminal from the moment the session is opened.
   */
  async join(actor: Actor, id: string) {
    const s = await this.visible(actor, id);
    this.assertStep(actor, s, 'join');
    assertIn(s.status, ['waiting_notary', 'live', 'signing'], 'Joining');
    if (actor.role === 'notary' && s.status === 'waiting_notary') await this.transition(actor, id, 'live', 'session.live');
    const role = actor.role as 'notary' | 'assistant';
    // Called again while the session runs, this renews the TURN credential (short-lived, see ice.ts).
    return {
      token: await issueJoinToken(this.tokens, { userId: actor.id, sessionId: s.id, role }),
      role,
      iceServers: iceServers(this.config, { userId: actor.id, sessionId: s.id }, this.clock.now()),
    };
  }

  async notice(actor: Actor, id: string) {
    const s = await this.visible(actor, id);
    const text = s.noticeText ?? (await this.noticeText(s));
    return { text, noticeSha256: sha256(text), acknowledgedAt: s.noticeAckAt && toShanghaiIso(s.noticeAckAt) };
  }

  /** The applicant, at the terminal, acknowledges the notice of rights and duties (权责告知). */
  async acknowledgeNotice(actor: Actor, id: string) {
    return this.db.transaction(async (m) => {
      const s = await this.visible(actor, id, m, true);
      this.assertStep(actor, s, 'ack-notice');
      assertIn(s.status, ['waiting_notary', 'live'], 'Acknowledging the notice');
      if (s.noticeAckAt)
        return {
          acknowledged: true as const,
          text: s.noticeText!,
          noticeSha256: s.noticeSha256!,
          acknowledgedAt: toShanghaiIso(s.noticeAckAt),
        };
      const text = await this.noticeText(s, m);
      const hash = sha256(text);
      const now = this.clock.now();
      await m.query(`UPDATE sessions SET notice_text = $2, notice_sha256 = $3, notice_ack_at = $4 WHERE id = $1`, [id, text, hash, now]);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.notice.acknowledged',
        subjectType: 'session',
        subjectId: id,
        payload: { noticeSha256: hash, matterCode: s.matterCode },
      });
      return { acknowledged: true as const, text, noticeSha256: hash, acknowledgedAt: toShanghaiIso(now) };
    });
  }

  async record(actor: Actor, id: string) {
    const s = await this.visible(actor, id);
    if (!s.recordVersion) return { version: 0, entries: [], recordSha256: null, locked: false };
    const [r] = (await this.db.query(`SELECT entries, sha256 FROM session_records WHERE session_id = $1 AND version = $2`, [
      id,
      s.recordVersion,
    ])) as { entries: RecordEntry[]; sha256: string }[];
    return { version: s.recordVersion, entries: r.entries, recordSha256: r.sha256, locked: !!s.signatureSha256 };
  }

  /** A new version of the interview record (询问笔录); every version is kept. */
  async writeRecord(actor: Actor, id: string, entries: RecordEntry[]) {
    return this.db.transaction(async (m) => {
      const s = await this.visible(actor, id, m, true);
      this.assertStep(actor, s, 'write-record');
      assertIn(s.status, ['live'], 'Writing the record');
      const version = s.recordVersion + 1;
      const hash = recordHash(id, version, entries);
      await m.query(
        `INSERT INTO session_records (session_id, version, entries, sha256, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, version, JSON.stringify(entries), hash, actor.id, this.clock.now()],
      );
      await m.query(`UPDATE sessions SET record_version = $2, record_sha256 = $3 WHERE id = $1`, [id, version, hash]);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.record.written',
        subjectType: 'session',
        subjectId: id,
        payload: { version, recordSha256: hash, entries: entries.length },
      });
      await this.push(id, 'live', { recordVersion: version, recordSha256: hash });
      return { version, recordSha256: hash };
    });
  }

  /** The applicant signs the record as shown; a record changed since is refused, a signed one is locked. */
  async sign(actor: Actor, id: string, imagePng: string, recordSha256: string) {
    const png = Buffer.from(imagePng, 'base64');
    if (!/^[A-Za-z0-9+/]+=*$/.test(imagePng) || png.length < PNG_MAGIC.length || !png.subarray(0, 8).equals(PNG_MAGIC)) {
      throw badRequest('INVALID_SIGNATURE_IMAGE', 'imagePng must be a base64 PNG image (without a data: prefix).');
    }
    if (png.length > MAX_SIGNATURE_BYTES)
      throw badRequest('SIGNATURE_TOO_LARGE', `The signature image is ${png.length} bytes; at most ${MAX_SIGNATURE_BYTES} are accepted.`);
    return this.db.transaction(async (m) => {
      const s = await this.visible(actor, id, m, true);
      this.assertStep(actor, s, 'sign');
      assertMove(s.status, 'signing');
      if (!s.noticeAckAt)
        throw conflict('NOTICE_NOT_ACKNOWLEDGED', 'The applicant must acknowledge the notice of rights and duties before signing.');
      if (!s.recordVersion) throw conflict('NO_RECORD', 'There is no interview record to sign yet.');
      if (recordSha256 !== s.recordSha256) {
        throw conflict(
          'RECORD_CHANGED',
          'The record changed since it was shown; show the current version and sign again. 笔录已更新，请重新确认后签名。',
          { recordSha256: s.recordSha256, version: s.recordVersion },
        );
      }
      const signatureSha256 = sha256(png);
      const now = this.clock.now();
      await m.query(
        `UPDATE sessions SET status = 'signing', signing_at = $2, signature_png = $3, signature_sha256 = $4, signed_record_sha256 = $5 WHERE id = $1`,
        [id, now, png, signatureSha256, recordSha256],
      );
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.signed',
        subjectType: 'session',
        subjectId: id,
        payload: { signatureSha256, recordSha256, recordVersion: s.recordVersion },
      });
      await this.push(id, 'signing', { signatureSha256 });
      return { status: 'signing' as const, signatureSha256, recordSha256 };
    });
  }

  async signatureImage(actor: Actor, id: string): Promise<Buffer> {
    await this.visible(actor, id);
    const [row] = (await this.db.query(`SELECT signature_png AS png FROM sessions WHERE id = $1`, [id])) as { png: Buffer | null }[];
    if (!row.png) throw notFound('NO_SIGNATURE', 'The applicant has not signed yet.');
    return row.png;
  }

  async reject(actor: Actor, id: string, reason: string) {
    return this.db.transaction(async (m) => {
      const s = await this.visible(actor, id, m, true);
      this.assertStep(actor, s, 'reject');
      return this.end(m, actor, s, 'rejected', reason);
    });
  }

  async abort(actor: Actor, id: string, reason: string) {
    return this.db.transaction(async (m) => {
      const s = await this.visible(actor, id, m, true);
      this.assertStep(actor, s, 'abort');
      return this.end(m, actor, s, 'aborted', reason);
    });
  }

  private async end(m: EntityManager, actor: Actor, s: SessionRow, to: 'rejected' | 'aborted', reason: string) {
    assertMove(s.status, to);
    const now = this.clock.now();
    await m.query(`UPDATE sessions SET status = $2, ended_at = $3, end_reason = $4 WHERE id = $1`, [s.id, to, now, reason]);
    // A rejected case is finished. An aborted session releases its booking back to `confirmed`
    // (it held notary and terminal, and neither cancel nor no-show could end it); its check-in
    // still stands for a new attempt at the same visit (create, above).
    await this.bookings.repository.endSession(m, s.bookingId, to);
    await this.audit.append(m, {
      actor: auditActor(actor),
      action: `session.${to}`,
      subjectType: 'session',
      subjectId: s.id,
      payload: { reason },
    });
    await this.push(s.id, to, { reason });
    return { id: s.id, status: to };
  }

  /** Whether the booking's last session was aborted and its check-in is still the latest successful one. */
  private async checkInOfAbortedSession(m: EntityManager, bookingId: string): Promise<boolean> {
    const [row] = (await m.query(
      `SELECT s.status = 'aborted' AND s.check_in_id = (SELECT id FROM check_ins WHERE booking_id = $1 AND outcome = 'checked_in' ORDER BY created_at DESC LIMIT 1) AS ok
         FROM sessions s WHERE s.booking_id = $1 ORDER BY s.created_at DESC LIMIT 1`,
      [bookingId],
    )) as { ok: boolean }[];
    return row?.ok === true;
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  async transition(actor: Actor, id: string, to: SessionStatus, action: 'session.live') {
    await this.db.transaction(async (m) => {
      const s = (await this.find(id, m, true))!;
      if (s.status === to) return;
      assertMove(s.status, to);
      const column = to === 'live' ? 'live_at' : to === 'signing' ? 'signing_at' : 'ended_at';
      await m.query(`UPDATE sessions SET status = $2, ${column} = $3 WHERE id = $1`, [id, to, this.clock.now()]);
      await this.audit.append(m, { actor: auditActor(actor), action, subjectType: 'session', subjectId: id });
    });
    await this.push(id, to);
  }

  /** Tells the session's video peers (on any instance) that its state changed. */
  async push(id: string, status: SessionStatus, extra: Record<string, unknown> = {}): Promise<void> {
    this.signalling.pushSessionState(id, { status, ...extra });
  }

  /** The matter's notice, with the applicant's particulars filled in where it asks for them. */
  private async noticeText(s: SessionRow, m: EntityManager = this.db.manager): Promise<string> {
    const matter = await this.matters.get(s.matterCode, m);
    const booking = (await this.bookings.find(s.bookingId, m))!;
    const id = this.personal.decrypt(booking.applicantIdEnc);
    const values: Record<string, string> = {
      applicantName: booking.applicantName,
      gender: genderOf(id),
      birthDateZh: formatDateZh(birthDateOf(id)),
      idNumber: booking.applicantIdMasked,
      pointName: booking.pointName,
      sessionDateZh: formatDateZh(shanghaiDate(s.createdAt)),
      issueDateZh: formatDateZh(shanghaiDate(this.clock.now())),
      matterName: matter.nameZh,
    };
    const needed = placeholders(matter.noticeTemplate);
    return needed.length
      ? fillTemplate(matter.noticeTemplate, Object.fromEntries(needed.map((k) => [k, values[k] ?? ''])))
      : matter.noticeTemplate;
  }
}

/** The moment a recording row made at `at` may be deleted: `years` calendar years later (UTC). */
export function retainUntil(at: Date, years: number): Date {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export async function manifestOf(m: EntityManager, sessionId: string) {
  const chunks = (await m.query(
    `SELECT seq, size, sha256, chain_hash AS "chainHash" FROM recording_chunks WHERE session_id = $1 ORDER BY seq`,
    [sessionId],
  )) as {
    seq: number;
    size: number;
    sha256: string;
    chainHash: string;
  }[];
  return { sessionId, chunks, totalBytes: chunks.reduce((n, c) => n + c.size, 0), finalHash: chunks.at(-1)?.chainHash ?? GENESIS };
}

/** The facts the access policy needs about a session. */
export function sessionOf(s: Pick<SessionRow, 'id' | 'bookingId' | 'pointId' | 'officeId' | 'notaryId'>) {
  return { kind: 'session' as const, id: s.id, bookingId: s.bookingId, pointId: s.pointId, officeId: s.officeId, notaryId: s.notaryId };
}
