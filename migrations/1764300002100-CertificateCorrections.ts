import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections to what a certificate's evidence page prints, for a certificate that took its
 * number before every printed string was checked (a terminal label with an emoji, an override
 * reason with a bidi control) and whose PDF can therefore never be drawn. A correction is a new
 * row: the source rows (terminals, users, recording overrides) stay as they were, overrides still
 * under their evidence trigger, and the renderer takes the latest correction of each field.
 * Corrections themselves are evidence: the database refuses to change or delete them.
 *
 * `wording_redacted`: the stored wording no longer holds the holder's clear ID number (a
 * placeholder stands in for it, filled from the encrypted value when the PDF is drawn). Rows
 * written before this migration are redacted by the service at start, which holds the data key.
 */
export class CertificateCorrections1764300002100 implements MigrationInterface {
  name = 'CertificateCorrections1764300002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE certificate_corrections (
        seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        certificate_id uuid NOT NULL REFERENCES certificates (id),
        field          text NOT NULL CHECK (field IN ('terminalLabel', 'notaryName', 'recordingOverrideReason', 'recordingOverrideByName')),
        value          text NOT NULL CHECK (length(btrim(value)) > 0),
        reason         text NOT NULL CHECK (length(btrim(reason)) > 0),
        created_by     uuid NOT NULL REFERENCES users (id),
        created_at     timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX certificate_corrections_latest ON certificate_corrections (certificate_id, field, seq DESC)`);
    await q.query(`
      CREATE FUNCTION certificate_corrections_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'certificate corrections are evidence: they cannot be changed or removed (%)', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(
      `CREATE TRIGGER certificate_corrections_no_update_delete BEFORE UPDATE OR DELETE ON certificate_corrections
         FOR EACH ROW EXECUTE FUNCTION certificate_corrections_immutable()`,
    );
    await q.query(
      `CREATE TRIGGER certificate_corrections_no_truncate BEFORE TRUNCATE ON certificate_corrections
         FOR EACH STATEMENT EXECUTE FUNCTION certificate_corrections_immutable()`,
    );
    await q.query(`ALTER TABLE certificates ADD COLUMN wording_redacted boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE INDEX certificates_wording_clear ON certificates (id) WHERE NOT wording_redacted`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX certificates_wording_clear`);
    await q.query(`ALTER TABLE certificates DROP COLUMN wording_redacted`);
    await q.query(`DROP TRIGGER certificate_corrections_no_truncate ON certificate_corrections`);
    await q.query(`DROP TRIGGER certificate_corrections_no_update_delete ON certificate_corrections`);
    await q.query(`DROP FUNCTION certificate_corrections_immutable()`);
    await q.query(`DROP TABLE certificate_corrections`);
  }
}
