import { describe, expect, it } from '@jest/globals';
import { assertMove, BOOKING_STATUSES, canMove, sourcesOf } from './booking-state.js';

describe('booking state machine', () => {
  it('allows the journey and its side exits', () => {
    expect(canMove('confirmed', 'checked_in')).toBe(true);
    expect(canMove('checked_in', 'in_session')).toBe(true);
    expect(canMove('in_session', 'completed')).toBe(true);
    expect(canMove('in_session', 'confirmed')).toBe(true); // aborted: released for a new attempt
    expect(canMove('in_session', 'checked_in')).toBe(false);
    expect(canMove('waiting', 'confirmed')).toBe(true);
    expect(sourcesOf('cancelled').sort()).toEqual(['confirmed', 'waiting']);
  });

  it('keeps final states final and refuses skipped steps with 409 ILLEGAL_TRANSITION', () => {
    for (const final of ['completed', 'cancelled', 'no_show', 'expired'] as const) {
      for (const to of BOOKING_STATUSES) expect(canMove(final, to)).toBe(false);
    }
    let refused: unknown;
    try {
      assertMove('confirmed', 'completed');
    } catch (err) {
      refused = err;
    }
    expect(refused).toMatchObject({ status: 409, code: 'ILLEGAL_TRANSITION' });
    expect(() => assertMove('cancelled', 'confirmed')).toThrow();
    expect(() => assertMove('confirmed', 'no_show')).not.toThrow();
  });
});
