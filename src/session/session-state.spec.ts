import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors.js';
import { assertMove, canMove, SESSION_STATUSES } from './session-state.js';

describe('session state machine', () => {
  it('follows waiting_notary → live → signing → approved', () => {
    expect(canMove('waiting_notary', 'live')).toBe(true);
    expect(canMove('live', 'signing')).toBe(true);
    expect(canMove('signing', 'approved')).toBe(true);
  });

  it('lets a notary reject a live or signing session, and anyone abort an open one', () => {
    expect(canMove('live', 'rejected')).toBe(true);
    expect(canMove('signing', 'rejected')).toBe(true);
    for (const s of ['waiting_notary', 'live', 'signing'] as const) expect(canMove(s, 'aborted')).toBe(true);
  });

  it('refuses skipping ahead, going back and leaving a final state, naming the current state', () => {
    const illegal: [string, string][] = [
      ['waiting_notary', 'signing'],
      ['waiting_notary', 'approved'],
      ['live', 'approved'],
      ['signing', 'live'],
      ...SESSION_STATUSES.filter((s) => s !== 'aborted').map((s): [string, string] => ['approved', s]),
      ['rejected', 'approved'],
      ['aborted', 'live'],
    ];
    for (const [from, to] of illegal) {
      try {
        assertMove(from as never, to as never);
        throw new Error(`${from} → ${to} was allowed`);
      } catch (err) {
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).status).toBe(409);
        expect((err as DomainError).details).toEqual({ status: from, requested: to });
      }
    }
  });
});
