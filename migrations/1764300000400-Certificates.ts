import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Certificates1764300000400 implements MigrationInterface {
  name = 'Certificates1764300000400';

  async up(q: QueryRunner): Promise<void> {
    // Matter-specific values the wording needs (agent's name, document title …), set by the notary.
    await q.query(`ALTER TABLE sessions ADD COLUMN matter_fields jsonb NOT NULL DEFAULT '{}'`);

    // Gapless numbers: the row is locked by the approval that takes the next number, so a
    // rolled-back approval gives its number back and concurrent ones queue.
    await q.query(`
      CREATE TABLE certificate_counters (
        office_id uuid NOT NULL REFERENCES offices (id),
        year      int NOT NULL,
        last_no   int NOT NULL CHECK (last_no > 0),
        PRIMARY KEY (office_id, year)
      )`);
    await q.query(`
      CREATE TABLE certificates (
        id               uuid PRIMARY KEY,
        session_id       uuid NOT NULL UNIQUE REFERENCES sessions (id),
        booking_id       uuid NOT NULL REFERENCES bookings (id),
        office_id        uuid NOT NULL REFERENCES offices (id),
        point_id         uuid NOT NULL REFERENCES points (id),
        notary_id        uuid NOT NULL REFERENCES users (id),
        matter_code      text NOT NULL REFERENCES matters (code),
        year             int NOT NULL,
        seq              int NOT NULL CHECK (seq > 0),
        number           text NOT NULL UNIQUE,
        holder_name      text NOT NULL,
        holder_id_masked text NOT NULL,
        holder_digest    text NOT NULL,
        wording          text NOT NULL,
        issued_at        timestamptz NOT NULL,
        receipt_jws      text NOT NULL,
        audit_seq        bigint NOT NULL,
        audit_hash       char(64) NOT NULL,
        pdf              bytea,
        pdf_sha256       text UNIQUE,
        status           text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
        revoked_at       timestamptz,
        revoked_by       uuid REFERENCES users (id),
        revoke_reason    text,
        UNIQUE (office_id, year, seq),
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL)),
        CHECK ((pdf IS NULL) = (pdf_sha256 IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificates`);
    await q.query(`DROP TABLE certificate_counters`);
    await q.query(`ALTER TABLE sessions DROP COLUMN matter_fields`);
  }
}
