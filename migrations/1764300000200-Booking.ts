import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Booking states that hold a notary and a terminal for their time range. */
const ACTIVE = `('confirmed', 'checked_in', 'in_session')`;

export class Booking1764300000200 implements MigrationInterface {
  name = 'Booking1764300000200';

  async up(q: QueryRunner): Promise<void> {
    // A notary's working plan defaults to office hours on weekdays until they set their own.
    await q.query(`
      ALTER TABLE notaries
        ADD COLUMN weekly jsonb NOT NULL DEFAULT '{"mon":[["08:30","12:00"],["13:30","17:30"]],"tue":[["08:30","12:00"],["13:30","17:30"]],"wed":[["08:30","12:00"],["13:30","17:30"]],"thu":[["08:30","12:00"],["13:30","17:30"]],"fri":[["08:30","12:00"],["13:30","17:30"]]}',
        ADD COLUMN exceptions jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN on_duty boolean NOT NULL DEFAULT false`);

    await q.query(`
      CREATE TABLE bookings (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_no                text NOT NULL UNIQUE,
        access_code_hash       text NOT NULL,
        kind                   text NOT NULL CHECK (kind IN ('appointment', 'walk_in')),
        status                 text NOT NULL CHECK (status IN
                                 ('waiting', 'confirmed', 'checked_in', 'in_session', 'completed', 'cancelled', 'no_show', 'expired')),
        point_id               uuid NOT NULL REFERENCES points (id),
        office_id              uuid NOT NULL REFERENCES offices (id),
        matter_code            text NOT NULL REFERENCES matters (code),
        notary_id              uuid REFERENCES notaries (user_id),
        terminal_id            uuid REFERENCES terminals (id),
        during                 tstzrange,
        applicant_name         text NOT NULL,
        applicant_id_enc       text NOT NULL,
        applicant_id_digest    text NOT NULL,
        applicant_id_masked    text NOT NULL,
        applicant_phone_enc    text NOT NULL,
        applicant_phone_masked text NOT NULL,
        created_by             text NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        claimed_at             timestamptz,
        cancel_reason          text,
        CHECK (kind = 'walk_in' OR status <> 'waiting'),
        CHECK (status NOT IN ${ACTIVE} OR (notary_id IS NOT NULL AND terminal_id IS NOT NULL AND during IS NOT NULL)),
        -- No notary and no terminal is ever in two places at once, however many requests race.
        CONSTRAINT bookings_notary_no_overlap
          EXCLUDE USING gist (notary_id WITH =, during WITH &&) WHERE (status IN ${ACTIVE}),
        CONSTRAINT bookings_terminal_no_overlap
          EXCLUDE USING gist (terminal_id WITH =, during WITH &&) WHERE (status IN ${ACTIVE})
      )`);
    await q.query(`CREATE INDEX bookings_point_during ON bookings USING gist (point_id, during)`);
    await q.query(`CREATE INDEX bookings_office_status ON bookings (office_id, status)`);
    await q.query(`CREATE INDEX bookings_notary_created ON bookings (notary_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bookings`);
    await q.query(`ALTER TABLE notaries DROP COLUMN weekly, DROP COLUMN exceptions, DROP COLUMN on_duty`);
  }
}
