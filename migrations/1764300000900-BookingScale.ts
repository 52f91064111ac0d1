import type { MigrationInterface, QueryRunner } from 'typeorm';

const ACTIVE = `('confirmed', 'checked_in', 'in_session')`;

/**
 * Booking at province scale.
 * - `booking_reference_version`: one counter, bumped in the same transaction as any change to the
 *   reference data a booking reads from its in-process cache (points, offices, matters, notaries'
 *   schedules, notary users, terminals). Every hot booking statement reads it, so a stale cache is
 *   noticed by the statement itself, on every instance and on embedded PGlite alike.
 * - `bookings_office_active`: the slots query reads one office's active bookings of one day.
 * - `bookings_notary_load`: the reservation orders notaries by that day's bookings.
 */
export class BookingScale1764300000900 implements MigrationInterface {
  name = 'BookingScale1764300000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE booking_reference_version (id int PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)`);
    await q.query(`INSERT INTO booking_reference_version VALUES (1, 1)`);
    await q.query(`
      CREATE FUNCTION booking_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE booking_reference_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    const watched: [string, string][] = [
      ['points', 'INSERT OR UPDATE OR DELETE'],
      ['offices', 'UPDATE OF name OR DELETE'],
      ['matters', 'INSERT OR UPDATE OR DELETE'],
      ['notaries', 'INSERT OR UPDATE OF office_id, weekly, exceptions OR DELETE'],
      ['users', 'UPDATE OF display_name, disabled_at, office_id OR DELETE'],
      ['terminals', 'INSERT OR UPDATE OF status, point_id OR DELETE'],
    ];
    for (const [table, events] of watched) {
      await q.query(
        `CREATE TRIGGER ${table}_booking_reference AFTER ${events} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION booking_reference_changed()`,
      );
    }
    await q.query(`CREATE INDEX bookings_office_active ON bookings USING gist (office_id, during) WHERE status IN ${ACTIVE}`);
    await q.query(
      `CREATE INDEX bookings_notary_load ON bookings USING gist (notary_id, during) WHERE status IN ('confirmed', 'checked_in', 'in_session', 'completed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX bookings_notary_load`);
    await q.query(`DROP INDEX bookings_office_active`);
    for (const table of ['points', 'offices', 'matters', 'notaries', 'users', 'terminals'])
      await q.query(`DROP TRIGGER ${table}_booking_reference ON ${table}`);
    await q.query(`DROP FUNCTION booking_reference_changed()`);
    await q.query(`DROP TABLE booking_reference_version`);
  }
}
