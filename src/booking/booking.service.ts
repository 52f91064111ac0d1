import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { auditActor, type Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badRequest, conflict, forbidden, notFound, tooManyRequests, unprocessable } from '../common/errors.js';
import { isValidIdNumber, MAINLAND_MOBILE, maskIdNumber, maskPhone, normaliseIdNumber } from '../common/id-number.js';
import { PersonalData } from '../common/personal-data.js';
import { Random } from '../common/random.js';
import { addDays, shanghaiDate, shanghaiInstant, shanghaiMinutes, toShanghaiIso } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { MattersService } from '../matters/matters.service.js';
import { isCalendarDate, rangesOn, type DatedException, type WeeklyPlan } from '../registry/opening-hours.js';
import { PointsService } from '../registry/points.service.js';
import type { Point } from '../registry/registry.entities.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import type { ApplicantDto, BookingListQuery, CreateBookingDto, WalkInDto } from './dto/booking.dto.js';
import { candidatesAt, findSlots, type Interval, type SlotQuery } from './slot-finder.js';
import { StaffEvents } from './staff-events.js';

/** Booking states that hold a notary and a terminal (the exclusion constraints' set). */
const ACTIVE = ['confirmed', 'checked_in', 'in_session'];
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface BookingRow {
  id: string;
  caseNo: string;
  kind: 'appointment' | 'walk_in';
  status: string;
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

interface Applicant {
  name: string;
  idNumber: string;
  phone: string;
}

@Injectable()
export class BookingService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly personal: PersonalData,
    private readonly points: PointsService,
    private readonly matters: MattersService,
    private readonly events: StaffEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    limits: RateLimits,
  ) {
    this.publicBookings = limits.limit({ name: 'public-booking', points: config.booking.publicBookingsPerHour, windowSeconds: 3600 });
  }

  /** Anonymous bookings per client address and hour, in the shared rate-limit store. */
  private readonly publicBookings: Limit;

  // ── reading ────────────────────────────────────────────────────────────────

  async find(id: string, manager: EntityManager = this.db.manager, lock = false): Promise<BookingRow | undefined> {
    const [row] = (await manager.query(`${SELECT} WHERE b.id = $1${lock ? ' FOR UPDATE OF b' : ''}`, [id])) as BookingRow[];
    return row;
  }

  /** The booking if the actor may see it; 404 otherwise, so that ids reveal nothing. */
  async visible(actor: Actor, id: string, manager?: EntityManager, lock = false): Promise<BookingRow> {
    const b = await this.find(id, manager, lock);
    if (!b || !this.canSee(actor, b)) throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
    return b;
  }

  canSee(actor: Actor, b: Pick<BookingRow, 'id' | 'pointId' | 'officeId'>): boolean {
    if (actor.role === 'admin') return true;
    if (actor.kind === 'citizen') return actor.bookingId === b.id;
    if (actor.kind !== 'staff') return false;
    return actor.role === 'assistant' ? actor.pointId === b.pointId : actor.officeId === b.officeId;
  }

  /** ID numbers are shown in full only to the notary handling the case. */
  view(b: BookingRow, actor?: Actor) {
    const handling = actor?.kind === 'staff' && actor.role === 'notary' && actor.id === b.notaryId;
    const waitingSeconds = b.status === 'waiting' ? Math.max(0, Math.round((this.clock.now().getTime() - b.createdAt.getTime()) / 1000)) : undefined;
    return {
      id: b.id,
      caseNo: b.caseNo,
      kind: b.kind,
      status: b.status,
      point: { id: b.pointId, name: b.pointName },
      office: { id: b.officeId, name: b.officeName },
      matter: { code: b.matterCode, nameZh: b.matterNameZh },
      notary: b.notaryId ? { id: b.notaryId, displayName: b.notaryName } : null,
      terminalId: b.terminalId,
      start: b.start ? toShanghaiIso(b.start) : null,
      end: b.end ? toShanghaiIso(b.end) : null,
      applicant: {
        name: b.applicantName,
        idNumberMasked: b.applicantIdMasked,
        phoneMasked: b.applicantPhoneMasked,
        ...(handling && { idNumber: this.personal.decrypt(b.applicantIdEnc) }),
      },
      createdAt: toShanghaiIso(b.createdAt),
      ...(waitingSeconds !== undefined && { waitingSeconds }),
      ...(b.cancelReason && { cancelReason: b.cancelReason }),
      sessionId: b.sessionId,
      certificateId: b.certificateId,
      certificateNo: b.certificateNo,
    };
  }

  async list(actor: Actor, q: BookingListQuery) {
    if (actor.kind !== 'staff' && actor.role !== 'admin') throw forbidden('FORBIDDEN_ROLE', 'Only staff list bookings.');
    const date = q.date ?? shanghaiDate(this.clock.now());
    const where: string[] = [];
    const params: unknown[] = [shanghaiInstant(date, '00:00'), shanghaiInstant(addDays(date, 1), '00:00')];
    let pointId = q.pointId;
    if (actor.kind === 'staff' && actor.role === 'assistant') {
      if (pointId && pointId !== actor.pointId) throw forbidden('OUT_OF_SCOPE', 'You may list bookings of your own point only. 只能查看本服务点的预约。');
      pointId = actor.pointId!;
    }
    if (pointId) {
      const point = await this.points.require(pointId);
      if (actor.kind === 'staff' && actor.role === 'notary' && point.officeId !== actor.officeId) {
        throw forbidden('OUT_OF_SCOPE', 'That point is served by another office. 该服务点不属于本公证处。');
      }
      params.push(pointId);
      where.push(`b.point_id = $${params.length}`);
    } else if (actor.kind === 'staff' && actor.role === 'notary') {
      params.push(actor.officeId);
      where.push(`b.office_id = $${params.length}`);
    }
    // The day's appointments, plus walk-ins created that day (which have no time until claimed).
    const rows = (await this.db.query(
      `${SELECT} WHERE (b.during && tstzrange($1, $2) OR (b.during IS NULL AND b.created_at >= $1 AND b.created_at < $2))
        ${where.map((w) => `AND ${w}`).join(' ')} ORDER BY coalesce(lower(b.during), b.created_at)`,
      params,
    )) as BookingRow[];
    return rows.map((r) => this.view(r, actor));
  }

  // ── slots ──────────────────────────────────────────────────────────────────

  async slots(pointId: string, date: string, matterCode: string) {
    const point = await this.bookablePoint(pointId);
    const matter = await this.matters.requireEnabled(matterCode);
    if (!isCalendarDate(date)) throw badRequest('VALIDATION_FAILED', 'date must be a real date written YYYY-MM-DD.');
    const q = await this.slotQuery(this.db.manager, point, date, matter.estimatedMinutes);
    return findSlots(q).map((s) => ({ start: toShanghaiIso(s.start), end: toShanghaiIso(s.end) }));
  }

  private async slotQuery(m: EntityManager, point: Point, date: string, minutes: number, ignoreBooking?: string): Promise<SlotQuery> {
    const now = this.clock.now();
    const dayStart = shanghaiInstant(date, '00:00');
    const dayEnd = shanghaiInstant(addDays(date, 1), '00:00');
    const notaries = (await m.query(
      `SELECT n.user_id AS id, n.weekly, n.exceptions FROM notaries n JOIN users u ON u.id = n.user_id
        WHERE n.office_id = $1 AND u.disabled_at IS NULL`,
      [point.officeId],
    )) as { id: string; weekly: WeeklyPlan; exceptions: DatedException[] }[];
    const terminals = (await m.query(`SELECT id FROM terminals WHERE point_id = $1 AND status = 'active' ORDER BY created_at`, [point.id])) as {
      id: string;
    }[];
    const busy = (await m.query(
      `SELECT notary_id AS "notaryId", terminal_id AS "terminalId", lower(during) AS start, upper(during) AS "end" FROM bookings
        WHERE status = ANY($1) AND during && tstzrange($2, $3) AND (notary_id = ANY($4) OR terminal_id = ANY($5)) AND id IS DISTINCT FROM $6`,
      [ACTIVE, dayStart, dayEnd, notaries.map((n) => n.id), terminals.map((t) => t.id), ignoreBooking ?? null],
    )) as { notaryId: string; terminalId: string; start: Date; end: Date }[];
    return {
      date,
      openRanges: rangesOn(date, point.openingHours, point.exceptions),
      notaries: notaries.map((n) => ({ id: n.id, ranges: rangesOn(date, n.weekly, n.exceptions), busy: busy.filter((b) => b.notaryId === n.id) })),
      terminals: terminals.map((t) => ({ id: t.id, busy: busy.filter((b) => b.terminalId === t.id) })),
      durationMinutes: minutes,
      bufferMinutes: this.config.booking.bufferMinutes,
      stepMinutes: this.config.booking.slotStepMinutes,
      notBefore: new Date(now.getTime() + this.config.booking.minNoticeMinutes * 60_000),
      notAfter: new Date(now.getTime() + this.config.booking.horizonDays * 86_400_000),
    };
  }

  // ── booking ────────────────────────────────────────────────────────────────

  async create(actor: Actor | undefined, dto: CreateBookingDto, address: string) {
    if (!actor) {
      const wait = await this.publicBookings.reserve(address);
      if (wait !== undefined) {
        throw tooManyRequests('TOO_MANY_REQUESTS', 'Too many bookings from this address; try again later or ask the point. 预约过于频繁，请稍后再试。', wait);
      }
    }
    if (actor && !(actor.role === 'admin' || (actor.kind === 'staff' && actor.role === 'assistant'))) {
      throw forbidden('FORBIDDEN_ROLE', 'Bookings are made by citizens (without signing in) or by the point’s assistants.');
    }
    if (actor?.kind === 'staff' && actor.role === 'assistant' && actor.pointId !== dto.pointId) {
      throw forbidden('OUT_OF_SCOPE', 'You may book for your own point only. 只能为本服务点预约。');
    }
    const applicant = this.applicant(dto.applicant);
    const point = await this.bookablePoint(dto.pointId);
    const matter = await this.matters.requireEnabled(dto.matterCode);
    const start = new Date(dto.start);
    this.assertTiming(start);

    const accessCode = this.accessCode();
    return this.db.transaction(async (m) => {
      const pick = await this.pickFor(m, point, start, matter.estimatedMinutes);
      await this.lockOffice(m, point.officeId);
      const id = randomUUID();
      await this.reserve(m, pick, (notaryId, terminalId) =>
        this.insertBooking(m, { id, kind: 'appointment', status: 'confirmed', point, matterCode: matter.code, applicant, accessCode, actor, notaryId, terminalId, reservation: pick.reservation }),
      );
      const row = (await this.find(id, m))!;
      await this.audit.append(m, { actor: auditActor(actor), action: 'booking.created', subjectType: 'booking', subjectId: id, payload: this.auditFacts(row, applicant) });
      return { ...this.view(row), accessCode };
    });
  }

  async walkIn(actor: Actor, dto: WalkInDto) {
    if (!(actor.role === 'admin' || (actor.kind === 'staff' && actor.role === 'assistant' && actor.pointId === dto.pointId))) {
      throw forbidden('OUT_OF_SCOPE', 'Walk-ins are registered by the point’s own assistants. 只能为本服务点登记现场申请。');
    }
    const applicant = this.applicant(dto.applicant);
    const point = await this.bookablePoint(dto.pointId);
    const matter = await this.matters.requireEnabled(dto.matterCode);
    const accessCode = this.accessCode();
    const view = await this.db.transaction(async (m) => {
      const id = randomUUID();
      await this.insertBooking(m, { id, kind: 'walk_in', status: 'waiting', point, matterCode: matter.code, applicant, accessCode, actor });
      const row = (await this.find(id, m))!;
      await this.audit.append(m, { actor: auditActor(actor), action: 'booking.walk_in.waiting', subjectType: 'booking', subjectId: id, payload: this.auditFacts(row, applicant) });
      return this.view(row);
    });
    await this.events.toOnDutyNotaries(point.officeId, 'walk-in.waiting', this.queueItem(view));
    return { ...view, accessCode };
  }

  /** First claimant wins; the walk-in starts now with the claiming notary on a free terminal. */
  async claim(actor: Actor, id: string) {
    if (actor.kind !== 'staff' || actor.role !== 'notary') throw forbidden('FORBIDDEN_ROLE', 'Only notaries claim walk-ins.');
    const view = await this.db.transaction(async (m) => {
      await this.lockOffice(m, actor.officeId!);
      const b = await this.visible(actor, id, m, true);
      if (b.kind !== 'walk_in') throw conflict('NOT_A_WALK_IN', 'Only walk-ins are claimed; appointments already have a notary.');
      if (b.status !== 'waiting') {
        throw b.notaryId
          ? conflict('ALREADY_CLAIMED', `${b.notaryName ?? 'Another notary'} has already taken this case. 该案件已被其他公证员受理。`, { status: b.status })
          : conflict('WALK_IN_NOT_WAITING', `This walk-in is ${b.status}.`, { status: b.status });
      }
      const [{ on_duty: onDuty }] = (await m.query(`SELECT on_duty FROM notaries WHERE user_id = $1`, [actor.id])) as { on_duty: boolean }[];
      if (!onDuty) throw conflict('NOT_ON_DUTY', 'Mark yourself on duty to take walk-ins. 请先设置为值班状态。');
      const minutes = (await this.matters.get(b.matterCode, m)).estimatedMinutes;
      const start = this.clock.now();
      const reservation: Interval = { start, end: new Date(start.getTime() + (minutes + this.config.booking.bufferMinutes) * 60_000) };
      const terminals = (await m.query(`SELECT id FROM terminals WHERE point_id = $1 AND status = 'active' ORDER BY created_at`, [b.pointId])) as { id: string }[];
      if (!terminals.length) throw unprocessable('NO_TERMINAL', 'The point has no active terminal. 服务点没有可用终端。');
      await this.reserve(m, { notaryIds: [actor.id], terminalIds: terminals.map((t) => t.id) }, async (notaryId, terminalId) => {
        await m.query(
          `UPDATE bookings SET status = 'confirmed', notary_id = $2, terminal_id = $3, during = tstzrange($4, $5, '[)'), claimed_at = $4, updated_at = $4 WHERE id = $1`,
          [id, notaryId, terminalId, reservation.start, reservation.end],
        );
      }, { notary: 'NOTARY_BUSY', terminal: 'NO_TERMINAL_FREE' });
      const row = (await this.find(id, m))!;
      await this.audit.append(m, { actor: auditActor(actor), action: 'booking.walk_in.claimed', subjectType: 'booking', subjectId: id, payload: { notaryId: actor.id, terminalId: row.terminalId, start: toShanghaiIso(start) } });
      return this.view(row, actor);
    });
    await this.events.toOnDutyNotaries(view.office.id, 'walk-in.claimed', { id, caseNo: view.caseNo, notary: view.notary }, view.point.id);
    return view;
  }

  /** The office's waiting walk-ins, oldest first. */
  async queue(actor: Actor) {
    if (actor.kind !== 'staff' || actor.role !== 'notary') throw forbidden('FORBIDDEN_ROLE', 'The walk-in queue is for notaries.');
    await this.expireWalkIns();
    const rows = (await this.db.query(`${SELECT} WHERE b.office_id = $1 AND b.status = 'waiting' ORDER BY b.created_at`, [actor.officeId])) as BookingRow[];
    return rows.map((r) => this.queueItem(this.view(r, actor)));
  }

  /** Walk-ins nobody claimed in time expire; runs periodically and before the queue is read. */
  async expireWalkIns(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.booking.walkInExpiryMinutes * 60_000);
    const expired = await this.db.transaction(async (m) => {
      const rows = (await m.query(
        `UPDATE bookings SET status = 'expired', updated_at = $2 WHERE status = 'waiting' AND created_at < $1
         RETURNING id, case_no AS "caseNo", office_id AS "officeId", point_id AS "pointId"`,
        [cutoff, this.clock.now()],
      )) as [{ id: string; caseNo: string; officeId: string; pointId: string }[], number];
      for (const r of rows[0]) {
        await this.audit.append(m, { actor: 'system', action: 'booking.walk_in.expired', subjectType: 'booking', subjectId: r.id, payload: { caseNo: r.caseNo } });
      }
      return rows[0];
    });
    for (const r of expired) await this.events.toOnDutyNotaries(r.officeId, 'walk-in.expired', { id: r.id, caseNo: r.caseNo }, r.pointId);
    return expired.length;
  }

  // ── changes ────────────────────────────────────────────────────────────────

  async cancel(actor: Actor, id: string, reason: string) {
    return this.db.transaction(async (m) => {
      const b = await this.visible(actor, id, m, true);
      if (b.status !== 'confirmed' && b.status !== 'waiting') {
        throw conflict('BOOKING_NOT_CANCELLABLE', `A ${b.status} booking cannot be cancelled.`, { status: b.status });
      }
      await m.query(`UPDATE bookings SET status = 'cancelled', cancel_reason = $2, updated_at = $3 WHERE id = $1`, [id, reason, this.clock.now()]);
      await this.audit.append(m, { actor: auditActor(actor), action: 'booking.cancelled', subjectType: 'booking', subjectId: id, payload: { from: b.status, reason } });
      return this.view((await this.find(id, m))!, actor);
    });
  }

  /** Atomic: the booking keeps its old time unless the new one is secured. */
  async reschedule(actor: Actor, id: string, startIso: string) {
    const start = new Date(startIso);
    this.assertTiming(start);
    return this.db.transaction(async (m) => {
      const b = await this.visible(actor, id, m, true);
      if (b.kind !== 'appointment' || b.status !== 'confirmed') {
        throw conflict('BOOKING_NOT_RESCHEDULABLE', `Only confirmed appointments can be moved; this one is ${b.status}.`, { status: b.status });
      }
      const point = await this.bookablePoint(b.pointId, m);
      const minutes = (await this.matters.get(b.matterCode, m)).estimatedMinutes;
      const pick = await this.pickFor(m, point, start, minutes, id);
      await this.lockOffice(m, b.officeId);
      // Keep the same notary when they are free at the new time.
      pick.notaryIds.sort((x, y) => Number(y === b.notaryId) - Number(x === b.notaryId));
      await this.reserve(m, pick, async (notaryId, terminalId) => {
        await m.query(`UPDATE bookings SET notary_id = $2, terminal_id = $3, during = tstzrange($4, $5, '[)'), updated_at = $6 WHERE id = $1`, [
          id,
          notaryId,
          terminalId,
          pick.reservation.start,
          pick.reservation.end,
          this.clock.now(),
        ]);
      });
      const row = (await this.find(id, m))!;
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'booking.rescheduled',
        subjectType: 'booking',
        subjectId: id,
        payload: { from: b.start && toShanghaiIso(b.start), to: row.start && toShanghaiIso(row.start), notaryId: row.notaryId, terminalId: row.terminalId },
      });
      return this.view(row, actor);
    });
  }

  async noShow(actor: Actor, id: string) {
    if (!(actor.role === 'admin' || (actor.kind === 'staff' && actor.role === 'assistant'))) {
      throw forbidden('FORBIDDEN_ROLE', 'No-shows are recorded by the point’s assistants.');
    }
    return this.db.transaction(async (m) => {
      const b = await this.visible(actor, id, m, true);
      if (b.status !== 'confirmed' || !b.start) throw conflict('BOOKING_NOT_CONFIRMED', `A ${b.status} booking cannot be a no-show.`, { status: b.status });
      const graceEnds = new Date(b.start.getTime() + this.config.booking.noShowGraceMinutes * 60_000);
      if (this.clock.now() < graceEnds) {
        throw conflict('NO_SHOW_TOO_EARLY', `Wait until ${toShanghaiIso(graceEnds)} (${this.config.booking.noShowGraceMinutes} minutes after the start) before recording a no-show.`);
      }
      await m.query(`UPDATE bookings SET status = 'no_show', updated_at = $2 WHERE id = $1`, [id, this.clock.now()]);
      await this.audit.append(m, { actor: auditActor(actor), action: 'booking.no_show', subjectType: 'booking', subjectId: id });
      return this.view((await this.find(id, m))!, actor);
    });
  }

  /** Case-access check: the booking for a case number, if the access code matches. */
  async matchAccessCode(caseNo: string, accessCode: string): Promise<BookingRow | undefined> {
    const [row] = (await this.db.query(`${SELECT} WHERE b.case_no = $1`, [caseNo.trim().toUpperCase()])) as BookingRow[];
    const given = Buffer.from(this.accessHash(row?.caseNo ?? caseNo, accessCode.trim()), 'hex');
    const stored = Buffer.from(row?.accessCodeHash ?? '0'.repeat(64), 'hex');
    return row && timingSafeEqual(given, stored) ? row : undefined;
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  /**
   * Reservations in one office are written one after another (reads before it run in parallel;
   * a stale read only means the insert meets the constraint and tries the next candidate).
   * The exclusion constraints alone keep bookings apart, but concurrent inserts that wait on
   * each other's uncommitted rows can deadlock (seen under load: 409 RETRY after PostgreSQL's
   * 1 s deadlock timeout).
   */
  private async lockOffice(m: EntityManager, officeId: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`booking:${officeId}`]);
  }

  private applicant(a: ApplicantDto): Applicant {
    const idNumber = normaliseIdNumber(a.idNumber);
    if (!isValidIdNumber(idNumber)) {
      throw badRequest('INVALID_ID_NUMBER', 'The ID number is not a valid 18-character resident ID number (GB 11643 check digit). 身份证号码无效。');
    }
    const phone = a.phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
    if (!MAINLAND_MOBILE.test(phone)) throw badRequest('INVALID_PHONE', 'The phone must be a mainland mobile number, 11 digits starting 13-19. 手机号码无效。');
    const name = a.name.trim();
    if (!name) throw badRequest('VALIDATION_FAILED', 'applicant.name must not be blank.');
    return { name, idNumber, phone };
  }

  private async bookablePoint(pointId: string, manager?: EntityManager): Promise<Point> {
    const point = await this.points.require(pointId, manager);
    if (point.status !== 'active') throw unprocessable('POINT_SUSPENDED', `${point.name} is suspended and takes no bookings. 该服务点暂停服务。`);
    return point;
  }

  private assertTiming(start: Date): void {
    const now = this.clock.now();
    const { minNoticeMinutes, horizonDays } = this.config.booking;
    if (start <= now) throw unprocessable('START_IN_PAST', 'The start time has already passed. 预约时间已过。');
    if (start.getTime() < now.getTime() + minNoticeMinutes * 60_000) {
      throw unprocessable('INSIDE_MINIMUM_NOTICE', `Book at least ${minNoticeMinutes} minutes ahead, or register a walk-in. 请至少提前${minNoticeMinutes}分钟预约。`);
    }
    if (start.getTime() > now.getTime() + horizonDays * 86_400_000) {
      throw unprocessable('BEYOND_HORIZON', `Bookings open ${horizonDays} days ahead. 只能预约${horizonDays}天内的时间。`);
    }
  }

  /** Free notaries (fewest bookings that day, then least recently booked) and terminals at a start. */
  private async pickFor(m: EntityManager, point: Point, start: Date, minutes: number, ignoreBooking?: string) {
    const date = shanghaiDate(start);
    const q = await this.slotQuery(m, point, date, minutes, ignoreBooking);
    // Appointments start on whole minutes; a start with seconds is not a bookable time.
    const c = candidatesAt(q, shanghaiMinutes(start));
    if (start.getUTCSeconds() || start.getUTCMilliseconds() || !c.open) {
      throw unprocessable('OUTSIDE_OPENING_HOURS', `${point.name} is not open for the whole appointment at that time. 该时间不在服务点开放时间内。`);
    }
    if (!q.terminals.length) throw unprocessable('NO_TERMINAL', `${point.name} has no active terminal yet. 服务点尚无可用终端。`);
    const working = q.notaries.filter((n) => candidatesAt({ ...q, notaries: [{ ...n, busy: [] }] }, shanghaiMinutes(start)).notaries.length);
    if (!working.length) throw unprocessable('NO_NOTARY_WORKING', 'No notary of the office works at that time. 该时间无公证员值班。');
    if (!c.notaries.length || !c.terminals.length) throw conflict('SLOT_TAKEN', 'That time has just been taken; pick another slot. 该时段已被预约。');
    const load = (await m.query(
      `SELECT notary_id AS id, count(*) FILTER (WHERE during && tstzrange($2, $3))::int AS day, max(created_at) AS last
         FROM bookings WHERE notary_id = ANY($1) AND status = ANY($4) GROUP BY notary_id`,
      [c.notaries.map((n) => n.id), shanghaiInstant(date, '00:00'), shanghaiInstant(addDays(date, 1), '00:00'), [...ACTIVE, 'completed']],
    )) as { id: string; day: number; last: Date }[];
    const of = (id: string) => load.find((l) => l.id === id);
    const notaryIds = c.notaries
      .map((n) => n.id)
      .sort((a, b) => (of(a)?.day ?? 0) - (of(b)?.day ?? 0) || (of(a)?.last?.getTime() ?? 0) - (of(b)?.last?.getTime() ?? 0));
    return { reservation: c.reservation, notaryIds, terminalIds: c.terminals.map((t) => t.id) };
  }

  /**
   * Tries notary × terminal pairs under savepoints until the exclusion constraints accept one.
   * The constraints, not the earlier read, are what make double booking impossible.
   */
  private async reserve(
    m: EntityManager,
    pick: { notaryIds: string[]; terminalIds: string[] },
    write: (notaryId: string, terminalId: string) => Promise<void>,
    codes: { notary: string; terminal: string } = { notary: 'SLOT_TAKEN', terminal: 'SLOT_TAKEN' },
  ): Promise<void> {
    let lastClash: 'notary' | 'terminal' = 'notary';
    for (const notaryId of pick.notaryIds) {
      for (const terminalId of pick.terminalIds) {
        await m.query('SAVEPOINT reserve');
        try {
          await write(notaryId, terminalId);
          await m.query('RELEASE SAVEPOINT reserve');
          return;
        } catch (err) {
          await m.query('ROLLBACK TO SAVEPOINT reserve');
          const constraint = err instanceof QueryFailedError ? (err.driverError as { constraint?: string }).constraint : undefined;
          if (constraint === 'bookings_terminal_no_overlap') {
            lastClash = 'terminal';
            continue;
          }
          if (constraint === 'bookings_notary_no_overlap') {
            lastClash = 'notary';
            break;
          }
          throw err;
        }
      }
    }
    const code = codes[lastClash];
    throw conflict(code, code === 'SLOT_TAKEN' ? 'That time has just been taken; pick another slot. 该时段已被预约。' : code === 'NOTARY_BUSY' ? 'You have another session at this time.' : 'Every terminal at the point is in use.');
  }

  /** One row per booking: personal data encrypted, masked and digested, the access code hashed. */
  private async insertBooking(
    m: EntityManager,
    b: {
      id: string;
      kind: 'appointment' | 'walk_in';
      status: 'confirmed' | 'waiting';
      point: Point;
      matterCode: string;
      applicant: Applicant;
      accessCode: string;
      actor: Actor | undefined;
      notaryId?: string;
      terminalId?: string;
      reservation?: Interval;
    },
  ): Promise<void> {
    const caseNo = this.caseNo();
    const a = b.applicant;
    await m.query(
      `INSERT INTO bookings (id, case_no, access_code_hash, kind, status, point_id, office_id, matter_code, notary_id, terminal_id, during,
                             applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc, applicant_phone_masked,
                             created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $11::timestamptz IS NULL THEN NULL ELSE tstzrange($11, $12, '[)') END,
               $13, $14, $15, $16, $17, $18, $19, $20, $20)`,
      [
        b.id,
        caseNo,
        this.accessHash(caseNo, b.accessCode),
        b.kind,
        b.status,
        b.point.id,
        b.point.officeId,
        b.matterCode,
        b.notaryId ?? null,
        b.terminalId ?? null,
        b.reservation?.start ?? null,
        b.reservation?.end ?? null,
        a.name,
        this.personal.encrypt(a.idNumber),
        this.personal.digest('id-number', a.idNumber),
        maskIdNumber(a.idNumber),
        this.personal.encrypt(a.phone),
        maskPhone(a.phone),
        auditActor(b.actor),
        this.clock.now(),
      ],
    );
  }

  private accessCode(): string {
    return String(this.random.int(100_000_000)).padStart(8, '0');
  }

  private caseNo(): string {
    const date = shanghaiDate(this.clock.now()).replace(/-/g, '');
    const tail = [...this.random.bytes(6)].map((b) => CROCKFORD[b % 32]).join('');
    return `RN${date}-${tail}`;
  }

  private accessHash(caseNo: string, code: string): string {
    return this.personal.digest('access-code', `${caseNo}:${code}`);
  }

  /** What the audit chain keeps of a booking: references and keyed digests, no raw ID or phone. */
  private auditFacts(b: BookingRow, a: Applicant) {
    return {
      caseNo: b.caseNo,
      kind: b.kind,
      pointId: b.pointId,
      matterCode: b.matterCode,
      notaryId: b.notaryId,
      terminalId: b.terminalId,
      start: b.start && toShanghaiIso(b.start),
      end: b.end && toShanghaiIso(b.end),
      applicantIdDigest: this.personal.digest('id-number', a.idNumber),
      applicantPhoneDigest: this.personal.digest('phone', a.phone),
    };
  }

  private queueItem(v: ReturnType<BookingService['view']>) {
    return { id: v.id, caseNo: v.caseNo, point: v.point, matter: v.matter, applicant: { name: v.applicant.name }, createdAt: v.createdAt, waitingSeconds: v.waitingSeconds ?? 0 };
  }
}
