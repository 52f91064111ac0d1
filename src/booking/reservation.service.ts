import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { assertCan } from '../auth/access.js';
import { auditActor, type Actor } from '../auth/actor.js';
import type { Caller } from '../auth/auth.decorators.js';
import { UsersService } from '../auth/users.service.js';
import { Clock } from '../common/clock.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import { conflict, tooManyRequests, unprocessable } from '../common/errors.js';
import { toShanghaiIso } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Transaction } from '../common/transaction.js';
import type { AppConfig } from '../config/config.js';
import { AvailabilityService } from './availability.service.js';
import { BookingReference } from './booking-reference.js';
import { BookingRepository, type NewBooking } from './booking.repository.js';
import { BookingService } from './booking.service.js';
import { CaseCodes } from './case-codes.js';
import type { CreateBookingDto } from './dto/booking.dto.js';
import { auditFacts, newRow, settle } from './placement.js';
import { retrying } from './retry.js';

/** Appointments: book, move, cancel, record a no-show. */
@Injectable()
export class ReservationService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly codes: CaseCodes,
    private readonly reference: BookingReference,
    private readonly availability: AvailabilityService,
    private readonly repository: BookingRepository,
    private readonly views: BookingService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    limits: RateLimits,
  ) {
    this.publicBookings = limits.limit({ name: 'public-booking', points: config.booking.publicBookingsPerHour, windowSeconds: 3600 });
  }

  /** Anonymous bookings per client address and hour, in the shared rate-limit store. */
  private readonly publicBookings: Limit;

  /**
   * The hot path. On a warm cache, two round trips: START TRANSACTION, the caller's account
   * (a staff token: the guard's re-read, see AccountReadByHandler) and the INSERT … SELECT that
   * reads and writes, in one; the audit append and COMMIT in the other (common/transaction.ts).
   * No lock is taken but the rows written; the exclusion constraints decide. A disabled account or
   * a refused permission rolls back whatever went out beside its read.
   */
  async create(caller: Caller, dto: CreateBookingDto, address: string) {
    const known = caller.actor;
    if (!known && !caller.staffId) await this.throttlePublic(address);
    if (known) assertCan(known, 'create', { kind: 'cases', pointId: dto.pointId });
    const applicant = this.codes.seal(this.codes.applicant(dto.applicant));
    const start = new Date(dto.start);
    const accessCode = this.codes.accessCode();
    const by = caller.staffId ? `user:${caller.staffId}` : auditActor(known);
    return retrying(async () => {
      const { ref, matter, placement } = await this.reference.confirmed(async () => {
        const ref = await this.reference.bookable(dto.pointId);
        const matter = await this.reference.matter(dto.matterCode);
        this.assertTiming(start);
        return {
          ref,
          matter,
          placement: this.availability.placement(ref, start, matter.estimatedMinutes, Math.min(ref.version, matter.version)),
        };
      });
      const at = { pointId: ref.point.id, officeId: ref.point.officeId, matterCode: matter.code };
      return Transaction.on(this.db, async (tx) => {
        // Sent now, answered with the placement below; nothing commits before it is checked.
        const account = caller.staffId ? this.users.actorIn(tx, caller.staffId) : undefined;
        let b!: NewBooking;
        const placing = settle(this.reference, placement, () => {
          b = this.codes.newBooking('appointment', at, applicant, accessCode, by); // a fresh case number each round
          return this.repository.insertConfirmed(tx, b, placement);
        });
        if (account) {
          placing.catch(() => undefined); // its outcome no longer matters when the account fails
          assertCan(await account, 'create', { kind: 'cases', pointId: dto.pointId });
        }
        const placed = await placing;
        const row = newRow(b, ref, matter, { ...placed, reservation: placement.reservation });
        const entry = await this.audit.prepare(tx, {
          actor: by,
          action: 'booking.created',
          subjectType: 'booking',
          subjectId: b.id,
          payload: auditFacts(row, applicant),
        });
        await tx.commit(entry.statement);
        return { ...this.views.view(row), accessCode };
      });
    });
  }

  /** Atomic: the booking keeps its old time unless the new one is secured. */
  async reschedule(actor: Actor, id: string, startIso: string) {
    const start = new Date(startIso);
    this.assertTiming(start);
    return retrying(() =>
      this.db.transaction(async (m) => {
        const b = await this.views.visible(actor, id, m, true);
        if (b.kind !== 'appointment' || b.status !== 'confirmed') {
          throw conflict('BOOKING_NOT_RESCHEDULABLE', `Only confirmed appointments can be moved; this one is ${b.status}.`, {
            status: b.status,
          });
        }
        const placement = await this.reference.confirmed(async () => {
          const ref = await this.reference.bookable(b.pointId, m);
          const matter = await this.reference.matter(b.matterCode, m, false);
          // Keep the same notary when they are free at the new time.
          return {
            ...this.availability.placement(ref, start, matter.estimatedMinutes, Math.min(ref.version, matter.version)),
            preferNotary: b.notaryId,
          };
        }, m);
        await settle(this.reference, placement, () => this.repository.place(m, id, placement));
        const row = (await this.views.find(id, m))!;
        await this.audit.append(m, {
          actor: auditActor(actor),
          action: 'booking.rescheduled',
          subjectType: 'booking',
          subjectId: id,
          payload: {
            from: b.start && toShanghaiIso(b.start),
            to: row.start && toShanghaiIso(row.start),
            notaryId: row.notaryId,
            terminalId: row.terminalId,
          },
        });
        return this.views.view(row, actor);
      }),
    );
  }

  async cancel(actor: Actor, id: string, reason: string) {
    return retrying(() =>
      this.db.transaction(async (m) => {
        const b = await this.views.visible(actor, id, m, true);
        if (b.status !== 'confirmed' && b.status !== 'waiting') {
          throw conflict('BOOKING_NOT_CANCELLABLE', `A ${b.status} booking cannot be cancelled.`, { status: b.status });
        }
        await this.repository.cancel(m, id, reason);
        await this.audit.append(m, {
          actor: auditActor(actor),
          action: 'booking.cancelled',
          subjectType: 'booking',
          subjectId: id,
          payload: { from: b.status, reason },
        });
        return this.views.view((await this.views.find(id, m))!, actor);
      }),
    );
  }

  async noShow(actor: Actor, id: string) {
    assertCan(actor, 'no-show', { kind: 'cases' });
    return this.db.transaction(async (m) => {
      const b = await this.views.visible(actor, id, m, true);
      if (b.status !== 'confirmed' || !b.start)
        throw conflict('BOOKING_NOT_CONFIRMED', `A ${b.status} booking cannot be a no-show.`, { status: b.status });
      const graceEnds = new Date(b.start.getTime() + this.config.booking.noShowGraceMinutes * 60_000);
      if (this.clock.now() < graceEnds) {
        throw conflict(
          'NO_SHOW_TOO_EARLY',
          `Wait until ${toShanghaiIso(graceEnds)} (${this.config.booking.noShowGraceMinutes} minutes after the start) before recording a no-show.`,
        );
      }
      await this.repository.markNoShow(m, id);
      await this.audit.append(m, { actor: auditActor(actor), action: 'booking.no_show', subjectType: 'booking', subjectId: id });
      return this.views.view((await this.views.find(id, m))!, actor);
    });
  }

  private async throttlePublic(address: string): Promise<void> {
    const wait = await this.publicBookings.reserve(address);
    if (wait !== undefined) {
      throw tooManyRequests(
        'TOO_MANY_REQUESTS',
        'Too many bookings from this address; try again later or ask the point. 预约过于频繁，请稍后再试。',
        wait,
      );
    }
  }

  private assertTiming(start: Date): void {
    const now = this.clock.now();
    const { minNoticeMinutes, horizonDays } = this.config.booking;
    if (start <= now) throw unprocessable('START_IN_PAST', 'The start time has already passed. 预约时间已过。');
    if (start.getTime() < now.getTime() + minNoticeMinutes * 60_000) {
      throw unprocessable(
        'INSIDE_MINIMUM_NOTICE',
        `Book at least ${minNoticeMinutes} minutes ahead, or register a walk-in. 请至少提前${minNoticeMinutes}分钟预约。`,
      );
    }
    if (start.getTime() > now.getTime() + horizonDays * 86_400_000) {
      throw unprocessable('BEYOND_HORIZON', `Bookings open ${horizonDays} days ahead. 只能预约${horizonDays}天内的时间。`);
    }
  }
}
