import { describe, expect, it } from '@jest/globals';
import { mergeMinutes, parseMinutes, percentileCont } from './minutes.js';

describe('minutes', () => {
  it('reads a comma-separated list of exact float texts, sorted; none for null or empty', () => {
    expect([...parseMinutes('12.5,0.016666666666666666,-0.5,1e-7,7')]).toEqual([-0.5, 1e-7, 0.016666666666666666, 7, 12.5]);
    expect(parseMinutes(null)).toHaveLength(0);
    expect(parseMinutes('')).toHaveLength(0);
    expect(() => parseMinutes('1,,2')).toThrow(/not a number/);
    expect(() => parseMinutes('1,NaN')).toThrow(/not a number/);
  });

  it('merges sorted lists into one sorted list', () => {
    expect([...mergeMinutes([parseMinutes('3,1'), parseMinutes(''), parseMinutes('2,0.5')])]).toEqual([0.5, 1, 2, 3]);
  });

  it('interpolates as percentile_cont: the rows at floor and ceil of p·(n−1)', () => {
    const v = parseMinutes('10,1,4,2');
    expect(percentileCont(v, 0.5)).toBe(3); // between 2 and 4
    expect(percentileCont(v, 0.9)).toBeCloseTo(4 + 0.7 * 6, 12); // p·(n−1) = 2.7
    expect(percentileCont(parseMinutes('5,1,3'), 0.5)).toBe(3);
    expect(percentileCont(parseMinutes('8'), 0.9)).toBe(8);
    expect(percentileCont(new Float64Array(0), 0.5)).toBeNull();
  });
});
