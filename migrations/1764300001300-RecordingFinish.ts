import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recording is closed by its manifest (`recording_finishes`) or waived by the notary
 * with a reason (`recording_overrides`); approval needs one of the two. Every recording row carries
 * `retain_until` (written from RECORDING_RETENTION_YEARS when the row is made; rows from before
 * this migration get 60 years from their creation), and the database itself refuses to delete a
 * row before that date, or to change one at all: chunks, manifests and overrides are evidence.
 */
export class RecordingFinish1764300001300 implements MigrationInterface {
  name = 'RecordingFinish1764300001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recording_chunks ADD COLUMN retain_until timestamptz`);
    await q.query(`UPDATE recording_chunks SET retain_until = created_at + interval '60 years'`);
    await q.query(`ALTER TABLE recording_chunks ALTER COLUMN retain_until SET NOT NULL`);
    await q.query(`
      CREATE TABLE recording_finishes (
        session_id      uuid PRIMARY KEY REFERENCES sessions (id),
        chunk_count     int NOT NULL CHECK (chunk_count >= 1),
        bytes           bigint NOT NULL CHECK (bytes >= 0),
        duration_ms     bigint NOT NULL CHECK (duration_ms >= 0),
        final_hash      text NOT NULL,
        manifest_sha256 text NOT NULL,
        finished_by     uuid NOT NULL REFERENCES users (id),
        finished_at     timestamptz NOT NULL,
        retain_until    timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE recording_overrides (
        session_id   uuid PRIMARY KEY REFERENCES sessions (id),
        reason       text NOT NULL CHECK (length(btrim(reason)) > 0),
        created_by   uuid NOT NULL REFERENCES users (id),
        created_at   timestamptz NOT NULL,
        retain_until timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION recording_retention_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          RAISE EXCEPTION 'recording rows are retained: % cannot be truncated', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'recording rows are evidence: % rows cannot be changed', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF OLD.retain_until > now() THEN
          RAISE EXCEPTION 'recording of session % is retained until %', OLD.session_id, OLD.retain_until USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$`);
    for (const table of ['recording_chunks', 'recording_finishes', 'recording_overrides']) {
      await q.query(
        `CREATE TRIGGER ${table}_retention BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION recording_retention_guard()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION recording_retention_guard()`,
      );
    }
    await q.query(`CREATE INDEX recording_chunks_retain_until ON recording_chunks (retain_until)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX recording_chunks_retain_until`);
    for (const table of ['recording_chunks', 'recording_finishes', 'recording_overrides']) {
      await q.query(`DROP TRIGGER ${table}_retention ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    }
    await q.query(`DROP FUNCTION recording_retention_guard()`);
    await q.query(`DROP TABLE recording_overrides`);
    await q.query(`DROP TABLE recording_finishes`);
    await q.query(`ALTER TABLE recording_chunks DROP COLUMN retain_until`);
  }
}
