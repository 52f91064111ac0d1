import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Sessions1764300000300 implements MigrationInterface {
  name = 'Sessions1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bookings ADD COLUMN check_in_failures int NOT NULL DEFAULT 0`);

    // Every identity check a terminal signed, passed or failed; a jti is accepted once only.
    await q.query(`
      CREATE TABLE check_ins (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booking_id    uuid NOT NULL REFERENCES bookings (id),
        terminal_id   uuid NOT NULL REFERENCES terminals (id),
        jti           text NOT NULL UNIQUE,
        outcome       text NOT NULL,
        face_score    numeric(5, 4),
        liveness      boolean,
        photo_sha256  text,
        id_digest     text,
        claims_sha256 text NOT NULL,
        created_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX check_ins_booking ON check_ins (booking_id)`);
    await q.query(`
      CREATE TABLE check_in_overrides (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booking_id uuid NOT NULL REFERENCES bookings (id),
        notary_id  uuid NOT NULL REFERENCES users (id),
        reason     text NOT NULL,
        created_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE sessions (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        booking_id       uuid NOT NULL REFERENCES bookings (id),
        status           text NOT NULL CHECK (status IN ('waiting_notary', 'live', 'signing', 'approved', 'rejected', 'aborted')),
        point_id         uuid NOT NULL REFERENCES points (id),
        office_id        uuid NOT NULL REFERENCES offices (id),
        notary_id        uuid NOT NULL REFERENCES users (id),
        terminal_id      uuid NOT NULL REFERENCES terminals (id),
        check_in_id      uuid NOT NULL REFERENCES check_ins (id),
        created_by       uuid NOT NULL REFERENCES users (id),
        created_at       timestamptz NOT NULL,
        live_at          timestamptz,
        signing_at       timestamptz,
        ended_at         timestamptz,
        end_reason       text,
        notice_text      text,
        notice_sha256    text,
        notice_ack_at    timestamptz,
        record_version   int NOT NULL DEFAULT 0,
        record_sha256    text,
        signature_png    bytea,
        signature_sha256 text,
        signed_record_sha256 text,
        CHECK ((status IN ('approved', 'rejected', 'aborted')) = (ended_at IS NOT NULL)),
        CHECK (status NOT IN ('signing', 'approved') OR signature_sha256 IS NOT NULL)
      )`);
    // One session at a time per booking; an aborted one may be followed by another.
    await q.query(`CREATE UNIQUE INDEX sessions_one_per_booking ON sessions (booking_id) WHERE status <> 'aborted'`);
    await q.query(`CREATE INDEX sessions_notary ON sessions (notary_id, created_at)`);
    await q.query(`CREATE INDEX sessions_point ON sessions (point_id, created_at)`);

    // The interview record (询问笔录): every version kept.
    await q.query(`
      CREATE TABLE session_records (
        session_id uuid NOT NULL REFERENCES sessions (id),
        version    int NOT NULL CHECK (version > 0),
        entries    jsonb NOT NULL,
        sha256     text NOT NULL,
        created_by uuid NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, version)
      )`);

    // Recording chunks, stored under DATA_DIR; each chunk's hash chained to the one before.
    await q.query(`
      CREATE TABLE recording_chunks (
        session_id uuid NOT NULL REFERENCES sessions (id),
        seq        int NOT NULL CHECK (seq >= 0),
        size       int NOT NULL,
        sha256     text NOT NULL,
        chain_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recording_chunks`);
    await q.query(`DROP TABLE session_records`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE check_in_overrides`);
    await q.query(`DROP TABLE check_ins`);
    await q.query(`ALTER TABLE bookings DROP COLUMN check_in_failures`);
  }
}
