import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { assertCan, assertStaffCan } from '../auth/access.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { Clock } from '../common/clock.js';
import { conflict, unprocessable } from '../common/errors.js';
import { addDays, shanghaiDate, shanghaiInstant, toShanghaiIso } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { BookingReference } from './booking-reference.js';
import { BookingReferenceRepository } from './booking-reference.repository.js';
import { BookingRepository, type Placement } from './booking.repository.js';
import { BookingService } from './booking.service.js';
import { CaseCodes } from './case-codes.js';
import type { WalkInDto } from './dto/booking.dto.js';
import { auditFacts, newRow, settle } from './placement.js';
import { retrying } from './retry.js';
import { StaffEvents } from './staff-events.js';

/** Walk-ins: registered at the point, shown live to on-duty notaries, first claim wins, unclaimed ones expire. */
@Injectable()
export class WalkInService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly codes: CaseCodes,
    private readonly reference: BookingReference,
    private readonly repository: BookingRepository,
    private readonly notaries: BookingReferenceRepository,
    private readonly views: BookingService,
    private readonly events: StaffEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async walkIn(actor: Actor, dto: WalkInDto) {
    assertCan(actor, 'walk-in', { kind: 'cases', pointId: dto.pointId });
    const applicant = this.codes.seal(this.codes.applicant(dto.applicant));
    const { ref, matter } = await retrying(() =>
      this.reference.confirmed(async () => ({
        ref: await this.reference.bookable(dto.pointId),
        matter: await this.reference.matter(dto.matterCode),
      })),
    );
    const accessCode = this.codes.accessCode();
    const view = await this.db.transaction(async (m) => {
      const b = this.codes.newBooking(
        'walk_in',
        { pointId: ref.point.id, officeId: ref.point.officeId, matterCode: matter.code },
        applicant,
        accessCode,
        auditActor(actor),
      );
      await this.repository.insertWaiting(m, b);
      const row = newRow(b, ref, matter);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'booking.walk_in.waiting',
        subjectType: 'booking',
        subjectId: b.id,
        payload: auditFacts(row, applicant),
      });
      return this.views.view(row);
    });
    await this.events.toOnDutyNotaries(ref.point.officeId, 'walk-in.waiting', this.queueItem(view));
    return { ...view, accessCode };
  }

  /** First claimant wins (the row lock orders claims); the walk-in starts now with the claiming notary on a free terminal. */
  async claim(actor: Actor, id: string) {
    assertStaffCan(actor, 'claim', { kind: 'cases' });
    const view = await retrying(() =>
      this.db.transaction(async (m) => {
        const b = await this.views.visible(actor, id, m, true);
        if (b.kind !== 'walk_in') throw conflict('NOT_A_WALK_IN', 'Only walk-ins are claimed; appointments already have a notary.');
        if (b.status !== 'waiting') {
          throw b.notaryId
            ? conflict('ALREADY_CLAIMED', `${b.notaryName ?? 'Another notary'} has already taken this case. 该案件已被其他公证员受理。`, {
                status: b.status,
              })
            : conflict('WALK_IN_NOT_WAITING', `This walk-in is ${b.status}.`, { status: b.status });
        }
        const onDuty = await this.notaries.onDuty(m, actor.id);
        if (!onDuty) throw conflict('NOT_ON_DUTY', 'Mark yourself on duty to take walk-ins. 请先设置为值班状态。');
        const { ref, matter } = await this.reference.confirmed(async () => {
          const ref = await this.reference.point(b.pointId, m);
          if (!ref.terminalIds.length) throw unprocessable('NO_TERMINAL', 'The point has no active terminal. 服务点没有可用终端。');
          return { ref, matter: await this.reference.matter(b.matterCode, m, false) };
        }, m);
        const start = this.clock.now();
        const date = shanghaiDate(start);
        const placement: Placement = {
          notaryIds: [actor.id],
          terminalIds: ref.terminalIds,
          reservation: { start, end: new Date(start.getTime() + (matter.estimatedMinutes + this.config.booking.bufferMinutes) * 60_000) },
          day: { start: shanghaiInstant(date, '00:00'), end: shanghaiInstant(addDays(date, 1), '00:00') },
          version: Math.min(ref.version, matter.version),
        };
        await settle(this.reference, placement, () => this.repository.place(m, id, placement, { from: b.status, at: start }), {
          notary: 'NOTARY_BUSY',
          terminal: 'NO_TERMINAL_FREE',
        });
        const row = (await this.views.find(id, m))!;
        await this.audit.append(m, {
          actor: auditActor(actor),
          action: 'booking.walk_in.claimed',
          subjectType: 'booking',
          subjectId: id,
          payload: { notaryId: actor.id, terminalId: row.terminalId, start: toShanghaiIso(start) },
        });
        return this.views.view(row, actor);
      }),
    );
    await this.events.toOnDutyNotaries(view.office.id, 'walk-in.claimed', { id, caseNo: view.caseNo, notary: view.notary }, view.point.id);
    return view;
  }

  /** The office's waiting walk-ins, oldest first. */
  async queue(actor: Actor) {
    assertStaffCan(actor, 'queue', { kind: 'cases' });
    await this.expireWalkIns();
    const rows = await this.repository.waitingAt(this.db.manager, actor.officeId);
    return rows.map((r) => this.queueItem(this.views.view(r, actor)));
  }

  /** Walk-ins nobody claimed in time expire; runs periodically and before the queue is read. */
  async expireWalkIns(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.booking.walkInExpiryMinutes * 60_000);
    const expired = await this.db.transaction(async (m) => {
      const rows = await this.repository.expireWaiting(m, cutoff);
      for (const r of rows) {
        await this.audit.append(m, {
          actor: 'system',
          action: 'booking.walk_in.expired',
          subjectType: 'booking',
          subjectId: r.id,
          payload: { caseNo: r.caseNo },
        });
      }
      return rows;
    });
    for (const r of expired) await this.events.toOnDutyNotaries(r.officeId, 'walk-in.expired', { id: r.id, caseNo: r.caseNo }, r.pointId);
    return expired.length;
  }

  private queueItem(v: ReturnType<BookingService['view']>) {
    return {
      id: v.id,
      caseNo: v.caseNo,
      point: v.point,
      matter: v.matter,
      applicant: { name: v.applicant.name },
      createdAt: v.createdAt,
      waitingSeconds: v.waitingSeconds ?? 0,
    };
  }
}
