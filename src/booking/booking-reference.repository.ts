import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatedException, WeeklyPlan } from '../registry/opening-hours.js';

/** An enabled notary of an office, with the plan a booking is placed by. */
export interface NotaryPlanRow {
  id: string;
  displayName: string;
  weekly: WeeklyPlan;
  exceptions: DatedException[];
}

/** A notary's schedule and duty, as the schedules routes show them. */
export interface NotaryScheduleRow {
  id: string;
  officeId: string;
  weekly: WeeklyPlan;
  exceptions: DatedException[];
  onDuty: boolean;
}

/**
 * The reads booking plans on that are not bookings: the registry's offices, notaries (plans and
 * duty) and terminals, and the reference version (`booking_reference_version`). Reads only: the
 * registry's writes go through its own repositories. Methods that take an EntityManager run in the
 * caller's transaction.
 */
@Injectable()
export class BookingReferenceRepository {
  constructor(private readonly db: DataSource) {}

  /** The reference version: triggers bump it with any change to the data BookingReference caches. */
  async version(m: EntityManager): Promise<string> {
    const [{ version }] = (await m.query(`SELECT version FROM booking_reference_version`)) as { version: string }[];
    return version;
  }

  /** The name of an office (one that exists: a point's, say). */
  async officeName(m: EntityManager, officeId: string): Promise<string> {
    const [office] = (await m.query(`SELECT name FROM offices WHERE id = $1`, [officeId])) as { name: string }[];
    return office.name;
  }

  /** The office's enabled notaries, oldest account first. */
  async notaryPlans(m: EntityManager, officeId: string): Promise<NotaryPlanRow[]> {
    return (await m.query(
      `SELECT n.user_id AS id, u.display_name AS "displayName", n.weekly, n.exceptions FROM notaries n JOIN users u ON u.id = n.user_id
        WHERE n.office_id = $1 AND u.disabled_at IS NULL ORDER BY u.created_at, n.user_id`,
      [officeId],
    )) as NotaryPlanRow[];
  }

  /** The point's bookable places, oldest first: its active seats, or its active signing terminals when it has no seat. */
  async bookableTerminals(m: EntityManager, pointId: string): Promise<string[]> {
    const terminals = (await m.query(
      `SELECT id FROM terminals WHERE point_id = $1 AND status = 'active'
          AND kind = CASE WHEN EXISTS (SELECT 1 FROM terminals s WHERE s.point_id = $1 AND s.status = 'active' AND s.kind = 'seat')
                          THEN 'seat' ELSE 'key' END
        ORDER BY created_at, id`,
      [pointId],
    )) as { id: string }[];
    return terminals.map((t) => t.id);
  }

  async notarySchedule(notaryId: string): Promise<NotaryScheduleRow | undefined> {
    const [row] = (await this.db.query(
      `SELECT user_id AS id, office_id AS "officeId", weekly, exceptions, on_duty AS "onDuty" FROM notaries WHERE user_id = $1`,
      [notaryId],
    )) as NotaryScheduleRow[];
    return row;
  }

  /** Whether the notary is on duty for walk-ins (undefined: not a notary). */
  async onDuty(m: EntityManager, notaryId: string): Promise<boolean | undefined> {
    const [row] = (await m.query(`SELECT on_duty FROM notaries WHERE user_id = $1`, [notaryId])) as { on_duty: boolean }[];
    return row?.on_duty;
  }

  /** The office's enabled notaries who are on duty. */
  async onDutyNotaries(officeId: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT n.user_id AS id FROM notaries n JOIN users u ON u.id = n.user_id WHERE n.office_id = $1 AND n.on_duty AND u.disabled_at IS NULL`,
      [officeId],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
