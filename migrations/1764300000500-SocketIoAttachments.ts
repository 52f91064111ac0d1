import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The table @socket.io/postgres-adapter keeps messages in that do not fit a NOTIFY payload
 * (8000 bytes, e.g. a large SDP offer). Shape as the adapter's README gives it; the adapter
 * deletes rows older than its cleanup interval (30 s), so the table stays small.
 */
export class SocketIoAttachments1764300000500 implements MigrationInterface {
  name = 'SocketIoAttachments1764300000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE socket_io_attachments (
        id         bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload    bytea
      )`);
    // The adapter's cleanup deletes by age every 30 s.
    await q.query(`CREATE INDEX socket_io_attachments_created_at ON socket_io_attachments (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE socket_io_attachments`);
  }
}
