import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A certificate's evidence-log proof (C2SP tlog-proof text); null for certificates issued before v2. */
export class CertificateLogProof1764300000601 implements MigrationInterface {
  name = 'CertificateLogProof1764300000601';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificates ADD COLUMN log_proof text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificates DROP COLUMN log_proof`);
  }
}
