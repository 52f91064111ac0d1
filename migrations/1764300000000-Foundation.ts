import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE users (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username      text NOT NULL CHECK (username ~ '^[a-zA-Z0-9._-]{3,64}$'),
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('admin', 'notary', 'assistant')),
        display_name  text NOT NULL,
        office_id     uuid,
        point_id      uuid,
        disabled_at   timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CHECK (role <> 'notary' OR office_id IS NOT NULL),
        CHECK (role <> 'assistant' OR point_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);

    // Token-signing keys live in the database so that every instance signs and verifies alike.
    await q.query(`
      CREATE TABLE signing_keys (
        kid         text PRIMARY KEY,
        purpose     text NOT NULL,
        alg         text NOT NULL,
        public_jwk  jsonb NOT NULL,
        private_jwk jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        retired_at  timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (purpose) WHERE retired_at IS NULL`);

    // The evidence chain. See README "Audit chain" for the hash encoding.
    await q.query(`
      CREATE TABLE audit_entries (
        seq          bigint PRIMARY KEY CHECK (seq > 0),
        occurred_at  timestamptz(6) NOT NULL,
        actor        text NOT NULL,
        action       text NOT NULL,
        subject_type text,
        subject_id   text,
        payload      jsonb NOT NULL,
        prev_hash    char(64) NOT NULL UNIQUE,
        hash         char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_entries_subject ON audit_entries (subject_type, subject_id)`);
    // One row, locked by every append: seq and occurredAt are taken under this lock.
    await q.query(`
      CREATE TABLE audit_head (
        id          smallint PRIMARY KEY CHECK (id = 1),
        seq         bigint NOT NULL,
        hash        char(64) NOT NULL,
        occurred_at timestamptz(6)
      )`);
    await q.query(`INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64))`);
    await q.query(`
      CREATE FUNCTION audit_entries_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_immutable()`);
    await q.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_entries`);
    await q.query(`DROP FUNCTION audit_entries_immutable()`);
    await q.query(`DROP TABLE audit_head`);
    await q.query(`DROP TABLE signing_keys`);
    await q.query(`DROP TABLE users`);
  }
}
