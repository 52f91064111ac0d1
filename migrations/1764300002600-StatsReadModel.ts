import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case figures' read model: one row per booking with the moments the figures are measured
 * between. It is a plain view over the owning tables (bookings, sessions, check_ins,
 * certificates), so it can never disagree with them and needs no refresh.
 * - `at`: the moment a case belongs to — its appointment's start, or when a walk-in that never got
 *   a slot was registered; `day` is that moment's Asia/Shanghai calendar day (UTC+8, no DST).
 * - the session is the one that was not aborted (at most one per booking, by a unique index).
 * - `checked_in_at` is the check-in the session was opened on; `live_at` when the notary joined.
 * The two expression indexes let a year's figures for one office or one point read only that
 * office's or point's bookings of the range.
 */
export class StatsReadModel1764300002600 implements MigrationInterface {
  name = 'StatsReadModel1764300002600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW stats_cases AS
      SELECT b.id AS booking_id,
             coalesce(lower(b.during), b.created_at) AS at,
             ((coalesce(lower(b.during), b.created_at) AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
             b.point_id, b.office_id, b.matter_code, b.notary_id, b.status,
             s.status AS session_status,
             ci.created_at AS checked_in_at,
             s.live_at,
             c.issued_at
        FROM bookings b
        LEFT JOIN sessions s ON s.booking_id = b.id AND s.status <> 'aborted'
        LEFT JOIN check_ins ci ON ci.id = s.check_in_id
        LEFT JOIN certificates c ON c.session_id = s.id`);
    await q.query(`CREATE INDEX bookings_stats_office ON bookings (office_id, (coalesce(lower(during), created_at)))`);
    await q.query(`CREATE INDEX bookings_stats_point ON bookings (point_id, (coalesce(lower(during), created_at)))`);
    await q.query(`CREATE INDEX bookings_stats_at ON bookings ((coalesce(lower(during), created_at)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX bookings_stats_at`);
    await q.query(`DROP INDEX bookings_stats_point`);
    await q.query(`DROP INDEX bookings_stats_office`);
    await q.query(`DROP VIEW stats_cases`);
  }
}
