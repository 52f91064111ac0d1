import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DatedException, WeeklyPlan } from './opening-hours.js';

/** Writes to the registry's `notaries` rows that other modules need (booking sets plans and duty), in the caller's transaction. */
@Injectable()
export class NotariesRepository {
  async setSchedule(m: EntityManager, notaryId: string, weekly: WeeklyPlan, exceptions: DatedException[]): Promise<void> {
    await m.query(`UPDATE notaries SET weekly = $2, exceptions = $3 WHERE user_id = $1`, [
      notaryId,
      JSON.stringify(weekly),
      JSON.stringify(exceptions),
    ]);
  }

  async setDuty(m: EntityManager, notaryId: string, onDuty: boolean): Promise<void> {
    await m.query(`UPDATE notaries SET on_duty = $2 WHERE user_id = $1`, [notaryId, onDuty]);
  }
}
