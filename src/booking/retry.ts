import { setTimeout as sleep } from 'node:timers/promises';
import { QueryFailedError } from 'typeorm';
import { StaleReference } from './booking-reference.js';

/** deadlock_detected, serialization_failure: the victim's transaction did nothing; run it again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 10;

/**
 * Runs `work` (a whole transaction, with what it reads before) again when PostgreSQL chose it as
 * a deadlock or serialization victim, or when its statement saw newer reference data, so that
 * no client ever sees either. Backs off with jitter so that two victims do not meet again.
 */
export async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const code = err instanceof QueryFailedError ? (err.driverError as { code?: string }).code : undefined;
      const stale = err instanceof StaleReference;
      if (attempt >= ATTEMPTS || !(stale || (code && RETRYABLE.has(code)))) throw err;
      if (!stale) await sleep(Math.random() * 2 ** Math.min(attempt, 6) * 2);
    }
  }
}
