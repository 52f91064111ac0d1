import { conflict } from '../common/errors.js';

export const SESSION_STATUSES = ['waiting_notary', 'live', 'signing', 'approved', 'rejected', 'aborted'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * waiting_notary → live (the notary joins) → signing (the applicant signed the final record)
 * → approved | rejected. A notary may also reject a live session; any open session may be
 * aborted when it is abandoned. Approved, rejected and aborted are final.
 */
const NEXT: Record<SessionStatus, readonly SessionStatus[]> = {
  waiting_notary: ['live', 'aborted'],
  live: ['signing', 'rejected', 'aborted'],
  signing: ['approved', 'rejected', 'aborted'],
  approved: [],
  rejected: [],
  aborted: [],
};

export function canMove(from: SessionStatus, to: SessionStatus): boolean {
  return NEXT[from].includes(to);
}

/** 409 ILLEGAL_TRANSITION naming the current state. */
export function assertMove(from: SessionStatus, to: SessionStatus): void {
  if (!canMove(from, to)) {
    throw conflict('ILLEGAL_TRANSITION', `The session is ${from}; it cannot become ${to}.`, { status: from, requested: to });
  }
}

/** 409 SESSION_NOT_<…> for a step that needs the session in one of these states. */
export function assertIn(current: SessionStatus, allowed: readonly SessionStatus[], step: string): void {
  if (!allowed.includes(current)) {
    throw conflict('ILLEGAL_TRANSITION', `${step} needs the session ${allowed.join(' or ')}; it is ${current}.`, { status: current });
  }
}

export const FINAL: readonly SessionStatus[] = ['approved', 'rejected', 'aborted'];
