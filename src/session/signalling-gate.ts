import { Injectable } from '@nestjs/common';
import type { SessionGate } from '../signalling/session-gate.js';
import { FINAL } from './session-state.js';
import { SessionsRepository } from './sessions.repository.js';

/** What signalling (a layer below) asks of sessions: provided to it as SESSION_GATE by SessionGateModule. */
@Injectable()
export class SessionSignallingGate implements SessionGate {
  constructor(private readonly sessions: SessionsRepository) {}

  async standing(sessionId: string, userId: string): Promise<{ status: string | null; accountDisabled: boolean }> {
    const row = await this.sessions.peerStanding(sessionId, userId);
    return { status: row.status, accountDisabled: Boolean(row.disabledAt) };
  }

  isFinal(status: string): boolean {
    return (FINAL as readonly string[]).includes(status);
  }
}
