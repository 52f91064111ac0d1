/**
 * A token bucket: up to `burst` messages at once, refilled at `perSecond`. Trickle ICE sends a
 * burst of candidates right after each description, so the burst must hold a whole gathering
 * round while the refill rate keeps a flooding client from monopolising the relay.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.last = nowMs;
  }

  /** Takes one token if there is one. `nowMs` comes from the caller's clock, so tests can step time. */
  take(nowMs: number): boolean {
    // A clock that steps backwards (NTP) must not drain or overfill the bucket.
    const elapsed = Math.max(0, nowMs - this.last);
    this.last = Math.max(this.last, nowMs);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
