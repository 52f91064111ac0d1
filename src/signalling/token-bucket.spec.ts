import { describe, expect, it } from '@jest/globals';
import { TokenBucket } from './token-bucket.js';

const takeMany = (b: TokenBucket, n: number, at: number) => Array.from({ length: n }, () => b.take(at)).filter(Boolean).length;

describe('TokenBucket', () => {
  it('lets a full burst through at once, then refuses', () => {
    const b = new TokenBucket(60, 30, 0);
    expect(takeMany(b, 60, 0)).toBe(60);
    expect(b.take(0)).toBe(false);
  });

  it('refills at the configured rate and never beyond the burst', () => {
    const b = new TokenBucket(60, 30, 0);
    takeMany(b, 60, 0);
    expect(takeMany(b, 100, 1000)).toBe(30); // one second: 30 more
    expect(takeMany(b, 100, 100_000)).toBe(60); // a long pause refills to the burst only
  });

  it('counts fractions of a token across calls', () => {
    const b = new TokenBucket(1, 30, 0);
    expect(b.take(0)).toBe(true);
    expect(b.take(20)).toBe(false); // 0.6 of a token
    expect(b.take(40)).toBe(true); // 1.2 tokens by now
  });

  it('ignores a clock that steps backwards', () => {
    const b = new TokenBucket(2, 1, 10_000);
    takeMany(b, 2, 10_000);
    expect(b.take(0)).toBe(false);
    expect(b.take(10_999)).toBe(false);
    expect(b.take(11_000)).toBe(true);
  });
});
