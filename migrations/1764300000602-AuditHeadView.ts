import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * v1 had a one-row `audit_head` table (the chain's lock). Readers of it keep working on this view:
 * `seq` is now the number of entries and `hash` the hash of the newest entry by seq.
 */
export class AuditHeadView1764300000602 implements MigrationInterface {
  name = 'AuditHeadView1764300000602';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW audit_head AS
        SELECT 1::smallint AS id, count(*)::bigint AS seq,
               coalesce((SELECT hash FROM audit_entries ORDER BY seq DESC LIMIT 1), repeat('0', 64)) AS hash,
               max(occurred_at) AS occurred_at
          FROM audit_entries`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW audit_head`);
  }
}
