import { describe, expect, it } from '@jest/globals';
import { parseRange } from './recording-storage.js';

// RFC 9110 §14.1.2 examples, on a representation of 10,000 bytes.
describe('parseRange', () => {
  it('reads first-last, open-ended and suffix ranges', () => {
    expect(parseRange('bytes=0-499', 10_000)).toEqual([0, 499]);
    expect(parseRange('bytes=500-999', 10_000)).toEqual([500, 999]);
    expect(parseRange('bytes=9500-', 10_000)).toEqual([9500, 9999]);
    expect(parseRange('bytes=-500', 10_000)).toEqual([9500, 9999]);
  });

  it('clips a last position past the end and a suffix longer than the body', () => {
    expect(parseRange('bytes=9000-20000', 10_000)).toEqual([9000, 9999]);
    expect(parseRange('bytes=-20000', 10_000)).toEqual([0, 9999]);
  });

  it('calls a range starting past the end, reversed or an empty suffix unsatisfiable', () => {
    expect(parseRange('bytes=10000-', 10_000)).toBe('unsatisfiable');
    expect(parseRange('bytes=500-400', 10_000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 10_000)).toBe('unsatisfiable');
  });

  it('ignores absent, malformed, other-unit and multiple ranges (the whole body is served)', () => {
    expect(parseRange(undefined, 10_000)).toBeUndefined();
    expect(parseRange('bytes=-', 10_000)).toBeUndefined();
    expect(parseRange('items=0-5', 10_000)).toBeUndefined();
    expect(parseRange('bytes=0-5,10-20', 10_000)).toBeUndefined();
  });
});
