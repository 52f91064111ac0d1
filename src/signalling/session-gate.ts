/**
 * What signalling asks of sessions. The session module sits above signalling, so it provides
 * this under SESSION_GATE and signalling imports nothing of it.
 */
export interface SessionGate {
  /** Read at every connection: the session's status (null: no such session) and whether the user's account is disabled. */
  standing(sessionId: string, userId: string): Promise<{ status: string | null; accountDisabled: boolean }>;
  /** Whether a session status is final: no peer stays connected to a session in it. */
  isFinal(status: string): boolean;
}

export const SESSION_GATE = Symbol('SESSION_GATE');
