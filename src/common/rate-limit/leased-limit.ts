import type { Limit } from './rate-limits.js';

interface Lease {
  /** Attempts taken from the store and not handed out yet. */
  left: number;
  /** When the store's window ends (this process's clock, never later than the store's own end). */
  until: number;
  /** How many to take next time. */
  size: number;
  /** The store refused: the window's attempts are all taken. */
  spent: boolean;
  /** A take under way; others wait for it instead of taking too. */
  pending?: Promise<void>;
}

/** Leases kept before expired ones are swept (at most once a second). */
const SWEEP_ABOVE = 10_000;

/**
 * A shared-store limit read through per-process leases, for limits checked on hot read paths: a
 * key's first attempt in a window takes 1 from the store, the next take 2, then 4…, at most
 * `maxLease` (and never more than the window has left); the taken attempts are handed out here
 * without a round trip until they are used up or the window ends. A refusal is remembered until
 * the window ends (within a window the store's count only grows).
 *
 * What holds: every attempt granted was counted in the store within its window, so a key gets at
 * most the limit per window across all instances; one instance grants exactly the limit. Attempts
 * leased by an instance and not used there by the window's end are lost: with several instances a
 * key may be refused after fewer, by at most (instances − 1) × (maxLease − 1). With `maxLease` 1
 * every attempt is a store round trip, as with `Limit.reserve`.
 */
export class LeasedLimit {
  private readonly leases = new Map<string, Lease>();
  private swept = 0;

  constructor(
    private readonly limit: Pick<Limit, 'take'>,
    readonly maxLease: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one attempt for `key`: undefined when granted, or the seconds to wait. */
  async reserve(key: string): Promise<number | undefined> {
    for (;;) {
      const now = this.now();
      let lease = this.leases.get(key);
      if (lease && !lease.pending && now >= lease.until) {
        this.leases.delete(key); // the window is over: what was left of it is gone
        lease = undefined;
      }
      if (lease?.pending) {
        await lease.pending.catch(() => undefined); // its failure is the taker's to report; try again
        continue;
      }
      if (lease && lease.left > 0) {
        lease.left--;
        return undefined;
      }
      if (lease?.spent) return Math.max(1, Math.ceil((lease.until - now) / 1000));
      if (!lease) {
        lease = { left: 0, until: 0, size: 1, spent: false };
        this.leases.set(key, lease);
        this.sweep(now);
      }
      const l = lease;
      const n = Math.min(l.size, this.maxLease);
      let granted = 0;
      l.pending = this.limit
        .take(n, key)
        .then((res) => {
          // The store's window ends msBeforeNext after it answered, so no earlier than this.
          l.until = now + res.msBeforeNext;
          l.spent = res.granted < n;
          l.size = Math.min(2 * n, this.maxLease);
          granted = res.granted;
          l.left = Math.max(0, granted - 1); // one is this attempt's
        })
        .finally(() => {
          l.pending = undefined;
        });
      await l.pending; // a store that fails fails this attempt (a failed first take leaves an expired lease)
      if (granted > 0) return undefined;
      return Math.max(1, Math.ceil((l.until - this.now()) / 1000));
    }
  }

  /** Forgets leases whose window is over, once a second at most when many are kept. */
  private sweep(now: number): void {
    if (this.leases.size <= SWEEP_ABOVE || now - this.swept < 1000) return;
    this.swept = now;
    for (const [key, l] of this.leases) if (!l.pending && now >= l.until) this.leases.delete(key);
  }
}
