import { describe, expect, it } from '@jest/globals';
import { mergeMinutes, percentileCont, unpackMinutes } from './minutes.js';

/** Doubles packed as float8send does: 8 bytes each, big-endian. */
const pack = (...values: number[]) => {
  const bytes = new Uint8Array(values.length * 8);
  values.forEach((v, i) => new DataView(bytes.buffer).setFloat64(i * 8, v, false));
  return bytes;
};

describe('minutes', () => {
  it('reads packed doubles bit for bit, sorted; none for null or empty', () => {
    // 1.5 as float8send writes it.
    expect([...unpackMinutes(Uint8Array.from([0x3f, 0xf8, 0, 0, 0, 0, 0, 0]))]).toEqual([1.5]);
    expect([...unpackMinutes(pack(12.5, 1 / 60, -0.5, 1e-7, 7))]).toEqual([-0.5, 1e-7, 1 / 60, 7, 12.5]);
    // A view into a larger buffer (as a driver may hand over) reads from its own offset.
    const inner = new Uint8Array([9, ...pack(2, 1)]).subarray(1);
    expect([...unpackMinutes(inner)]).toEqual([1, 2]);
    expect(unpackMinutes(null)).toHaveLength(0);
    expect(unpackMinutes(new Uint8Array(0))).toHaveLength(0);
    expect(() => unpackMinutes(new Uint8Array(12))).toThrow(/not a multiple of 8/);
  });

  it('merges sorted lists into one sorted list', () => {
    expect([...mergeMinutes([unpackMinutes(pack(3, 1)), unpackMinutes(null), unpackMinutes(pack(2, 0.5))])]).toEqual([0.5, 1, 2, 3]);
  });

  it('interpolates as percentile_cont: the rows at floor and ceil of p·(n−1)', () => {
    const v = unpackMinutes(pack(10, 1, 4, 2));
    expect(percentileCont(v, 0.5)).toBe(3); // between 2 and 4
    expect(percentileCont(v, 0.9)).toBe(4 + (0.9 * 3 - 2) * 6); // p·(n−1) = 2.7: 4 + 0.7·(10 − 4)
    expect(percentileCont(unpackMinutes(pack(5, 1, 3)), 0.5)).toBe(3);
    expect(percentileCont(unpackMinutes(pack(8)), 0.9)).toBe(8);
    expect(percentileCont(new Float64Array(0), 0.5)).toBeNull();
  });
});
