import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters of the rate limits (rate-limiter-flexible's PostgreSQL store layout): shared by every
 * instance on the database, kept across restarts. `key` is `<limit name>:<hashed key>`,
 * `expire` the end of the key's window in epoch milliseconds.
 */
export class RateLimits1764300001000 implements MigrationInterface {
  name = 'RateLimits1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await q.query(`CREATE INDEX rate_limits_expire ON rate_limits (expire)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limits`);
  }
}
