import { createHash } from 'node:crypto';
import type { PeerRole } from './protocol.js';

/**
 * A peer's id is a short digest of who it is in which session, so a reconnecting client keeps
 * its identity without the server remembering anything, and ids say nothing about the user.
 * 96 bits: collisions within a session of four are out of the question.
 */
export function peerIdOf(sessionId: string, userId: string, role: PeerRole): string {
  return createHash('sha256').update(`${sessionId}\n${userId}\n${role}`).digest('base64url').slice(0, 16);
}
