import { describe, expect, it } from '@jest/globals';
import { auc, eer, rates, wilson, type Pair } from './eval-cli.js';

const pair = (genuine: boolean, distance: number): Pair => ({ a: 'a', b: 'b', genuine, distance });

describe('identity evaluation measures', () => {
  it('Wilson 95 % interval: 0 of 7 still allows about a third', () => {
    const [lo, hi] = wilson(0, 7);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.354, 3);
    const [lo2, hi2] = wilson(5, 10);
    expect(lo2).toBeCloseTo(0.237, 3);
    expect(hi2).toBeCloseTo(0.763, 3);
  });

  it('AUC, EER and rates at a threshold', () => {
    const separated = [pair(true, 0.3), pair(true, 0.4), pair(false, 0.8), pair(false, 0.9)];
    expect(auc(separated)).toBe(1);
    expect(eer(separated).eer).toBe(0);
    const mixed = [pair(true, 0.3), pair(true, 0.7), pair(false, 0.5), pair(false, 0.9)];
    expect(auc(mixed)).toBe(0.75);
    expect(rates(mixed, 0.6)).toMatchObject({ falseAccepts: 1, falseRejects: 1, far: 0.5, frr: 0.5 });
    expect(eer(mixed).eer).toBe(0.5);
  });
});
