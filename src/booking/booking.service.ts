import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertCan, can, listScope, type CaseFacts } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { notFound } from '../common/errors.js';
import { PersonalData } from '../common/personal-data.js';
import { addDays, shanghaiDate, shanghaiInstant, toShanghaiIso } from '../common/shanghai-time.js';
import { PointsService } from '../registry/points.service.js';
import { BookingRepository, type BookingRow } from './booking.repository.js';
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
    if (!b) throw notFound('BOOKING_NOT_FOUND', 'No such booking.');
    assertCan(actor, 'read', caseOf(b));
    return b;
  }

  /** ID numbers are shown in full only to the notary handling the case. */
  view(b: BookingRow, actor?: Actor) {
    const handling = !!actor && can(actor, 'see-id-number', caseOf(b));
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
    assertCan(actor, 'list', { kind: 'cases', pointId: q.pointId });
    const date = q.date ?? shanghaiDate(this.clock.now());
    const scope = listScope(actor, 'cases');
    const pointId = 'pointId' in scope ? scope.pointId! : q.pointId;
    if (pointId) {
      const point = await this.points.require(pointId);
      assertCan(actor, 'list', { kind: 'cases', pointId, officeId: point.officeId });
    }
    const within = pointId ? { pointId } : 'officeId' in scope ? { officeId: scope.officeId } : {};
    const rows = await this.repository.ofDay(
      this.db.manager,
      shanghaiInstant(date, '00:00'),
      shanghaiInstant(addDays(date, 1), '00:00'),
      within,
    );
    return rows.map((r) => this.view(r, actor));
  }

  /** Case-access check: the booking for a case number, if the access code matches. */
  async matchAccessCode(caseNo: string, accessCode: string): Promise<BookingRow | undefined> {
    const row = await this.repository.byCaseNo(this.db.manager, caseNo.trim().toUpperCase());
    const given = Buffer.from(this.codes.accessHash(row?.caseNo ?? caseNo, accessCode.trim()), 'hex');
    const stored = Buffer.from(row?.accessCodeHash ?? '0'.repeat(64), 'hex');
    return row && timingSafeEqual(given, stored) ? row : undefined;
  }
}

/** The facts the access policy needs about a booking. */
export function caseOf(b: Pick<BookingRow, 'id' | 'pointId' | 'officeId' | 'notaryId'>): { kind: 'case' } & CaseFacts {
  return { kind: 'case', id: b.id, pointId: b.pointId, officeId: b.officeId, notaryId: b.notaryId };
}
