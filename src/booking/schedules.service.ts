import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertCan } from '../auth/access.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { badRequest, notFound } from '../common/errors.js';
import { NotariesRepository } from '../registry/notaries.repository.js';
import { validateExceptions, validateWeeklyPlan, type DatedException, type WeeklyPlan } from '../registry/opening-hours.js';
import { BookingReferenceRepository, type NotaryScheduleRow } from './booking-reference.repository.js';

/** Notaries' working plans and who is on duty for walk-ins. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notaries: NotariesRepository,
    private readonly reference: BookingReferenceRepository,
  ) {}

  private async notary(actor: Actor, id: string, write: boolean): Promise<NotaryScheduleRow> {
    const row = await this.reference.notarySchedule(id);
    if (!row) throw notFound('NOTARY_NOT_FOUND', 'No such notary.');
    assertCan(actor, write ? 'write-schedule' : 'read-schedule', { kind: 'notary', id, officeId: row.officeId });
    return row;
  }

  async get(actor: Actor, id: string) {
    const n = await this.notary(actor, id, false);
    return { notaryId: n.id, weekly: n.weekly, exceptions: n.exceptions, onDuty: n.onDuty };
  }

  async put(actor: Actor, id: string, weekly: WeeklyPlan, exceptions: DatedException[]) {
    await this.notary(actor, id, true);
    const problems = [...validateWeeklyPlan(weekly, 'weekly'), ...validateExceptions(exceptions)];
    if (problems.length) {
      throw badRequest('INVALID_SCHEDULE', `Invalid schedule: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`, problems);
    }
    await this.db.transaction(async (m) => {
      await this.notaries.setSchedule(m, id, weekly, exceptions);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'booking.schedule.updated',
        subjectType: 'user',
        subjectId: id,
        payload: { weekly, exceptions },
      });
    });
    return this.get(actor, id);
  }

  async setDuty(actor: Actor, id: string, onDuty: boolean) {
    await this.notary(actor, id, true);
    await this.db.transaction(async (m) => {
      await this.notaries.setDuty(m, id, onDuty);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: onDuty ? 'booking.duty.on' : 'booking.duty.off',
        subjectType: 'user',
        subjectId: id,
      });
    });
    return { notaryId: id, onDuty };
  }
}
