import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fingerprints of the keys the data depends on: `purpose` names the key,
 * `fingerprint` is an HMAC made with the key itself, so the row reveals nothing about it. A start
 * with another key finds a different fingerprint and refuses to run.
 */
export class KeyFingerprints1764300001001 implements MigrationInterface {
  name = 'KeyFingerprints1764300001001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE key_fingerprints (
        purpose text PRIMARY KEY,
        fingerprint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE key_fingerprints`);
  }
}
