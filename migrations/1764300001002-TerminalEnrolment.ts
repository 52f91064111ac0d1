import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Terminal enrolment: a terminal key an assistant registers waits as
 * `pending` until an administrator approves it; only `active` terminals may sign check-ins or
 * count for bookings. `terminal_self_enrolment` lets a point's assistants enrol without approval:
 * off for every point, set only for the demo data's points. Terminals registered before this
 * migration stay active.
 */
export class TerminalEnrolment1764300001002 implements MigrationInterface {
  name = 'TerminalEnrolment1764300001002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE terminals DROP CONSTRAINT terminals_status_check`);
    await q.query(`ALTER TABLE terminals ADD CONSTRAINT terminals_status_check CHECK (status IN ('pending', 'active', 'disabled'))`);
    await q.query(`ALTER TABLE terminals ADD COLUMN approved_by uuid REFERENCES users (id), ADD COLUMN approved_at timestamptz`);
    await q.query(`ALTER TABLE points ADD COLUMN terminal_self_enrolment boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE points DROP COLUMN terminal_self_enrolment`);
    await q.query(`ALTER TABLE terminals DROP COLUMN approved_by, DROP COLUMN approved_at`);
    await q.query(`ALTER TABLE terminals DROP CONSTRAINT terminals_status_check`);
    await q.query(`ALTER TABLE terminals ADD CONSTRAINT terminals_status_check CHECK (status IN ('active', 'disabled'))`);
  }
}
