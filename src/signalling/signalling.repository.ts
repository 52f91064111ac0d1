import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The signalling module's SQL: the PostgreSQL advisory lock that takes admissions to a session one at a time across instances. */
@Injectable()
export class SignallingRepository {
  constructor(private readonly db: DataSource) {}

  /** Waits for the session's admission lock, held on a pooled connection of its own; the result releases both. */
  async lockAdmission(sessionId: string): Promise<() => Promise<void>> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`signalling-admission:${sessionId}`]);
    } catch (err) {
      await runner.release();
      throw err;
    }
    return async () => {
      try {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`signalling-admission:${sessionId}`]);
      } finally {
        await runner.release();
      }
    };
  }
}
