import { describe, expect, it } from '@jest/globals';
import { regionCodeProblem } from './region-rules.js';

describe('region code rules (GB/T 2260)', () => {
  const js = { code: '320000', level: 'province' as const };
  const zj = { code: '321100', level: 'city' as const };
  const dy = { code: '321181', level: 'county' as const };

  it('accepts Jiangsu › Zhenjiang › Danyang › a township', () => {
    expect(regionCodeProblem('320000', 'province', null)).toBeNull();
    expect(regionCodeProblem('321100', 'city', js)).toBeNull();
    expect(regionCodeProblem('321181', 'county', zj)).toBeNull();
    expect(regionCodeProblem('321181101', 'township', dy)).toBeNull();
    expect(regionCodeProblem('321181101000', 'township', dy)).toBeNull();
  });

  it.each([
    ['321100', 'province', null, 'INVALID_REGION_CODE'],
    ['320000', 'city', js, 'INVALID_REGION_CODE'],
    ['321100', 'county', zj, 'INVALID_REGION_CODE'],
    ['3211811', 'township', dy, 'INVALID_REGION_CODE'],
    ['331100', 'city', js, 'INVALID_REGION_CODE'],
    ['321281', 'county', zj, 'INVALID_REGION_CODE'],
    ['321181101', 'township', zj, 'REGION_LEVEL_ORDER'],
    ['321181', 'county', js, 'REGION_LEVEL_ORDER'],
    ['321100', 'city', null, 'REGION_LEVEL_ORDER'],
  ] as const)('refuses %s as a %s under %j with %s', (code, level, parent, expected) => {
    expect(regionCodeProblem(code, level, parent)?.code).toBe(expected);
  });
});
