import { conflict } from '../common/errors.js';

export const BOOKING_STATUSES = [
  'waiting',
  'confirmed',
  'checked_in',
  'in_session',
  'completed',
  'cancelled',
  'no_show',
  'expired',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** States that hold a notary and a terminal: the exclusion constraints' `WHERE` (migration 1764300000200). */
export const ACTIVE: readonly BookingStatus[] = ['confirmed', 'checked_in', 'in_session'];
/** The same set as SQL, written literally so that the planner can match the constraints' partial indexes. */
export const ACTIVE_SQL = `('confirmed', 'checked_in', 'in_session')`;

/**
 * waiting (a walk-in) → confirmed (claimed) | cancelled | expired;
 * confirmed → checked_in | cancelled | no_show | in_session; checked_in → in_session;
 * in_session → completed (certificate issued or case rejected) | confirmed (session aborted: notary and
 * terminal stay booked for the slot, and cancel and no-show work again).
 * confirmed → in_session is a new attempt after an aborted session, on the same visit's check-in:
 * the session module allows it only while that check-in is still the booking's latest.
 * completed, cancelled, no_show and expired are final.
 */
const NEXT: Record<BookingStatus, readonly BookingStatus[]> = {
  waiting: ['confirmed', 'cancelled', 'expired'],
  confirmed: ['checked_in', 'cancelled', 'no_show', 'in_session'],
  checked_in: ['in_session'],
  in_session: ['completed', 'confirmed'],
  completed: [],
  cancelled: [],
  no_show: [],
  expired: [],
};

export function canMove(from: BookingStatus, to: BookingStatus): boolean {
  return NEXT[from].includes(to);
}

/** The states from which `to` may be reached. */
export function sourcesOf(to: BookingStatus): BookingStatus[] {
  return BOOKING_STATUSES.filter((s) => NEXT[s].includes(to));
}

/** 409 ILLEGAL_TRANSITION naming the current state, as sessions do. */
export function assertMove(from: BookingStatus, to: BookingStatus): void {
  if (!canMove(from, to)) {
    throw conflict('ILLEGAL_TRANSITION', `The booking is ${from}; it cannot become ${to}.`, { status: from, requested: to });
  }
}
