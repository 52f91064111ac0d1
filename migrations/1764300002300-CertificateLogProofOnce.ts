import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A certificate's log proof is written once: at issuance, or later when the log catches up
 * (late proofs). After that it may not change or be removed, so that what a holder downloaded
 * beside the PDF stays what the service serves.
 */
export class CertificateLogProofOnce1764300002300 implements MigrationInterface {
  name = 'CertificateLogProofOnce1764300002300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION certificate_log_proof_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.log_proof IS NOT NULL AND NEW.log_proof IS DISTINCT FROM OLD.log_proof THEN
          RAISE EXCEPTION 'certificate % already has its log proof; it cannot be changed', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER certificates_log_proof_once BEFORE UPDATE OF log_proof ON certificates FOR EACH ROW EXECUTE FUNCTION certificate_log_proof_once()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER certificates_log_proof_once ON certificates`);
    await q.query(`DROP FUNCTION certificate_log_proof_once()`);
  }
}
