import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A terminal row is either a signing key (`key`: an attestation-path terminal registered its
 * public key, and it may sign check-ins) or a seat (`seat`: a bookable place at the point, a
 * room with a screen and a camera, holding no key). Bookings reserve a row of either kind through
 * `bookings.terminal_id`, so the exclusion constraint keeps one appointment per place at a time.
 * When a point has active seats, only its seats are bookable places; a point without seats books
 * on its active keys, as before. Every existing row is a key.
 */
export class TerminalSeats1764300002500 implements MigrationInterface {
  name = 'TerminalSeats1764300002500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE terminals ADD COLUMN kind text NOT NULL DEFAULT 'key' CHECK (kind IN ('key', 'seat'))`);
    await q.query(
      `ALTER TABLE terminals ALTER COLUMN kid DROP NOT NULL, ALTER COLUMN alg DROP NOT NULL, ALTER COLUMN public_jwk DROP NOT NULL`,
    );
    await q.query(`
      ALTER TABLE terminals ADD CONSTRAINT terminals_kind_key CHECK (
        (kind = 'key' AND kid IS NOT NULL AND alg IS NOT NULL AND public_jwk IS NOT NULL)
        OR (kind = 'seat' AND kid IS NULL AND alg IS NULL AND public_jwk IS NULL))`);
    // A seat's kind decides which rows are bookable: keep the booking cache's version in step.
    await q.query(`DROP TRIGGER terminals_booking_reference ON terminals`);
    await q.query(
      `CREATE TRIGGER terminals_booking_reference AFTER INSERT OR UPDATE OF status, point_id, kind OR DELETE ON terminals FOR EACH STATEMENT EXECUTE FUNCTION booking_reference_changed()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER terminals_booking_reference ON terminals`);
    await q.query(
      `CREATE TRIGGER terminals_booking_reference AFTER INSERT OR UPDATE OF status, point_id OR DELETE ON terminals FOR EACH STATEMENT EXECUTE FUNCTION booking_reference_changed()`,
    );
    await q.query(`ALTER TABLE terminals DROP CONSTRAINT terminals_kind_key`);
    // Seats hold no key and cannot become keys. A seat some booking reserved makes this DELETE
    // fail on the foreign key: going back then needs those bookings moved first, by hand.
    await q.query(`DELETE FROM terminals WHERE kind = 'seat'`);
    await q.query(
      `ALTER TABLE terminals ALTER COLUMN kid SET NOT NULL, ALTER COLUMN alg SET NOT NULL, ALTER COLUMN public_jwk SET NOT NULL`,
    );
    await q.query(`ALTER TABLE terminals DROP COLUMN kind`);
  }
}
