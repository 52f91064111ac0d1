import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { forbidden, notFound } from '../common/errors.js';
import { PersonalData } from '../common/personal-data.js';
import { addDays, shanghaiDate, shanghaiInstant, toShanghaiIso } from '../common/shanghai-time.js';
import { PointsService } from '../registry/points.service.js';
import { BookingRepository, SELECT, type BookingRow } from './booking.repository.js';
import { CaseCodes } from './case-codes.js';
import type { BookingListQuery } from './dto/booking.dto.js';

export type { BookingRow } from './booking.repository.js';

/**
 * Reading bookings: who may see one, how it is shown, the day's list. Other modules reach the
 * bookings table through this service's reads and `repository`'s intent methods.
 */
@Injectable()
export class BookingService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly personal: PersonalData,
    private readonly points: PointsService,
    private readonly codes: CaseCodes,
    /** The bookings table's only writer (status moves go through the booking state machine). */
    readonly repository: BookingRepository,
  ) {}

  async find(id: string, manager: EntityManager = this.db.manager, lock = false): Promise<BookingRow | undefined> {
    return this.repository.find(manager, id, lock);
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
    const waitingSeconds =
      b.status === 'waiting' ? Math.max(0, Math.round((this.clock.now().getTime() - b.createdAt.getTime()) / 1000)) : undefined;
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
      if (pointId && pointId !== actor.pointId)
        throw forbidden('OUT_OF_SCOPE', 'You may list bookings of your own point only. 只能查看本服务点的预约。');
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

  /** Case-access check: the booking for a case number, if the access code matches. */
  async matchAccessCode(caseNo: string, accessCode: string): Promise<BookingRow | undefined> {
    const [row] = (await this.db.query(`${SELECT} WHERE b.case_no = $1`, [caseNo.trim().toUpperCase()])) as BookingRow[];
    const given = Buffer.from(this.codes.accessHash(row?.caseNo ?? caseNo, accessCode.trim()), 'hex');
    const stored = Buffer.from(row?.accessCodeHash ?? '0'.repeat(64), 'hex');
    return row && timingSafeEqual(given, stored) ? row : undefined;
  }
}
