import { describe, expect, it } from '@jest/globals';
import { LeasedLimit } from './leased-limit.js';
import { RateLimits } from './rate-limits.js';

/** A shared store with fixed windows on a clock the test moves (as the real stores count: the window starts at a key's first take). */
class Store {
  calls = 0;
  fail = false;
  private readonly windows = new Map<string, { used: number; end: number }>();
  constructor(
    readonly points: number,
    readonly windowMs: number,
    readonly clock: { t: number },
  ) {}

  async take(n: number, key: string): Promise<{ granted: number; msBeforeNext: number }> {
    this.calls++;
    await new Promise((resolve) => setImmediate(resolve)); // a round trip: other attempts run meanwhile
    if (this.fail) throw new Error('store unavailable');
    let w = this.windows.get(key);
    if (!w || this.clock.t >= w.end) this.windows.set(key, (w = { used: 0, end: this.clock.t + this.windowMs }));
    w.used += n;
    return { granted: Math.max(0, Math.min(n, this.points - (w.used - n))), msBeforeNext: w.end - this.clock.t };
  }
}

const granted = (results: (number | undefined)[]) => results.filter((r) => r === undefined).length;

describe('leased limit', () => {
  it('one instance grants exactly the limit per window, with a store round trip now and then, then refuses until the window ends', async () => {
    const clock = { t: 1_000_000 };
    const store = new Store(120, 60_000, clock);
    const limit = new LeasedLimit(store, 12, () => clock.t);
    const results: (number | undefined)[] = [];
    for (let i = 0; i < 200; i++) {
      results.push(await limit.reserve('10.0.0.1'));
      clock.t += 100; // 20 s in all
    }
    expect(granted(results)).toBe(120);
    expect(results.slice(0, 120).every((r) => r === undefined)).toBe(true);
    // Refused with the seconds left of the window, without asking the store again.
    expect(results[120]).toBe(Math.ceil((60_000 - 12_000) / 1000));
    expect(store.calls).toBeLessThan(20);
    // Another address has its own count.
    expect(await limit.reserve('10.0.0.2')).toBeUndefined();
    // After the window, a new one: what was leased and left of the old one is not used.
    clock.t = 1_000_000 + 60_000;
    const calls = store.calls;
    expect(await limit.reserve('10.0.0.1')).toBeUndefined();
    expect(store.calls).toBe(calls + 1);
  });

  it('parallel attempts on one instance: exactly the limit, and one take at a time per address', async () => {
    const clock = { t: 0 };
    const store = new Store(120, 60_000, clock);
    const limit = new LeasedLimit(store, 12, () => clock.t);
    const results = await Promise.all(Array.from({ length: 300 }, () => limit.reserve('10.0.0.1')));
    expect(granted(results)).toBe(120);
    expect(store.calls).toBeLessThan(20);
  });

  it('two instances on one store (the real limit, in memory): never more than the limit, at most (maxLease − 1) fewer', async () => {
    const limits = new RateLimits({ kind: 'memory' });
    const rule = { name: 'reads', points: 120, windowSeconds: 60 };
    const [a, b] = [new LeasedLimit(limits.limit(rule), 12), new LeasedLimit(limits.limit(rule), 12)];
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => (i % 2 ? a : b).reserve('10.0.0.1')));
    expect(granted(results)).toBeLessThanOrEqual(120);
    expect(granted(results)).toBeGreaterThanOrEqual(120 - 11);
    // Used up on both: refused, with the window's seconds left.
    expect(await a.reserve('10.0.0.1')).toBeGreaterThan(0);
    expect(await b.reserve('10.0.0.1')).toBeGreaterThan(0);
  });

  it('with leases of 1 every attempt is a store round trip: exact across instances', async () => {
    const clock = { t: 0 };
    const store = new Store(3, 60_000, clock);
    const [a, b] = [new LeasedLimit(store, 1, () => clock.t), new LeasedLimit(store, 1, () => clock.t)];
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await (i % 2 ? a : b).reserve('10.0.0.1'));
    expect(results.map((r) => r === undefined)).toEqual([true, true, true, false, false, false]);
    expect(store.calls).toBe(5); // each instance learns once that the window is used up, then refuses by itself
  });

  it('a store that fails fails the attempts that needed it; the next attempt asks again', async () => {
    const clock = { t: 0 };
    const store = new Store(120, 60_000, clock);
    const limit = new LeasedLimit(store, 12, () => clock.t);
    store.fail = true;
    const failed = await Promise.allSettled([limit.reserve('10.0.0.1'), limit.reserve('10.0.0.1')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    store.fail = false;
    expect(await limit.reserve('10.0.0.1')).toBeUndefined();
  });

  it('Limit.take grants what the window has left, all or part', async () => {
    const limit = new RateLimits({ kind: 'memory' }).limit({ name: 'take', points: 10, windowSeconds: 60 });
    expect((await limit.take(4, 'k')).granted).toBe(4);
    expect((await limit.take(4, 'k')).granted).toBe(4);
    const last = await limit.take(4, 'k');
    expect(last.granted).toBe(2);
    expect(last.msBeforeNext).toBeGreaterThan(0);
    expect((await limit.take(1, 'k')).granted).toBe(0);
  });
});
