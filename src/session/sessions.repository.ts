import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Writes to `sessions` that a module above session needs (certificate: the matter's particulars,
 * the approval), in the caller's transaction. The caller has checked the move with session-state.
 */
@Injectable()
export class SessionsRepository {
  async setMatterFields(m: EntityManager, sessionId: string, fields: Record<string, string>): Promise<void> {
    await m.query(`UPDATE sessions SET matter_fields = $2 WHERE id = $1`, [sessionId, JSON.stringify(fields)]);
  }

  async markApproved(m: EntityManager, sessionId: string, at: Date): Promise<void> {
    await m.query(`UPDATE sessions SET status = 'approved', ended_at = $2 WHERE id = $1`, [sessionId, at]);
  }
}
