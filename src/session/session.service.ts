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
import { SessionsRepository, type RecordEntry, type SessionRow } from './sessions.repository.js';

export type { RecordEntry, SessionRow } from './sessions.repository.js';

export const MAX_SIGNATURE_BYTES = 200 * 1024;
export const MAX_RECORDING_CHUNK_BYTES = 8 * 1024 * 1024;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

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
    /** Its setMatterFields and markApproved serve the modules above that change a session in their own transaction. */
    readonly repository: SessionsRepository,
  ) {}

  // ── access ─────────────────────────────────────────────────────────────────

  async find(id: string, m: EntityManager = this.db.manager, lock = false): Promise<SessionRow | undefined> {
    return this.repository.find(m, id, lock);
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
    const cert = await this.repository.certificateOf(s.id);
    const ci = await this.repository.checkInSummary(s.checkInId);
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
    const rows = await this.repository.listOnDay(day, listScope(actor, 'sessions'));
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
      const resumable = b.status === 'confirmed' && (await this.repository.lastAbortedOnLatestCheckIn(m, bookingId));
      if (b.status !== 'checked_in' && !resumable) {
        throw conflict(
          b.status === 'in_session' ? 'SESSION_EXISTS' : 'NOT_CHECKED_IN',
          b.status === 'in_session'
            ? 'A session is already open for this booking.'
            : `Check the applicant in first; the booking is ${b.status}.`,
          { status: b.status },
        );
      }
      const checkIn = (await this.repository.latestCheckIn(m, bookingId))!;
      const id = await this.repository.insertWaiting(m, {
        bookingId,
        pointId: b.pointId,
        officeId: b.officeId,
        notaryId: b.notaryId,
        terminalId: checkIn.terminalId,
        checkInId: checkIn.id,
        createdBy: actor.id,
        createdAt: this.clock.now(),
      });
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
    if (actor.role === 'notary' && s.status === 'waiting_notary') await this.goLive(actor, id);
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
      await this.repository.setNotice(m, id, text, hash, now);
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
    const r = (await this.repository.recordVersion(id, s.recordVersion))!;
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
      await this.repository.addRecordVersion(m, id, { version, entries, sha256: hash, by: actor.id, at: this.clock.now() });
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
      await this.repository.markSigned(m, id, { at: this.clock.now(), png, signatureSha256, recordSha256 });
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
    const png = await this.repository.signaturePng(id);
    if (!png) throw notFound('NO_SIGNATURE', 'The applicant has not signed yet.');
    return png;
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
    await this.repository.setStatus(m, s.id, to, this.clock.now(), reason);
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

  // ── helpers ────────────────────────────────────────────────────────────────

  /** The notary's first join makes the session live. */
  private async goLive(actor: Actor, id: string) {
    await this.db.transaction(async (m) => {
      const s = (await this.find(id, m, true))!;
      if (s.status === 'live') return;
      assertMove(s.status, 'live');
      await this.repository.setStatus(m, id, 'live', this.clock.now());
      await this.audit.append(m, { actor: auditActor(actor), action: 'session.live', subjectType: 'session', subjectId: id });
    });
    await this.push(id, 'live');
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

/** The facts the access policy needs about a session. */
export function sessionOf(s: Pick<SessionRow, 'id' | 'bookingId' | 'pointId' | 'officeId' | 'notaryId'>) {
  return { kind: 'session' as const, id: s.id, bookingId: s.bookingId, pointId: s.pointId, officeId: s.officeId, notaryId: s.notaryId };
}
