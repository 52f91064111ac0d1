import type { RegionLevel } from './registry.entities.js';

/**
 * GB/T 2260 code shapes: a province is `PP0000`, a city `PPCC00`, a county `PPCCXX` (XX ≠ 00);
 * townships carry longer codes (9 or 12 digits) that begin with their county's six.
 * Each level sits directly under the one above it, and a child's code extends its parent's.
 */
const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = {
  province: null,
  city: 'province',
  county: 'city',
  township: 'county',
};

/** Digits of a code that its descendants share. */
export function codePrefix(code: string, level: RegionLevel): string {
  return { province: code.slice(0, 2), city: code.slice(0, 4), county: code.slice(0, 6), township: code }[level];
}

export function regionCodeProblem(
  code: string,
  level: RegionLevel,
  parent: { code: string; level: RegionLevel } | null,
): { code: 'INVALID_REGION_CODE' | 'REGION_LEVEL_ORDER'; message: string } | null {
  const shape: Record<RegionLevel, [RegExp, string]> = {
    province: [/^\d{2}0000$/, 'a province code is six digits ending in 0000'],
    city: [/^\d{4}00$/, 'a city code is six digits ending in 00'],
    county: [/^\d{6}$/, 'a county code is six digits not ending in 00'],
    township: [/^\d{9}(\d{3})?$/, 'a township code is 9 or 12 digits'],
  };
  const [re, rule] = shape[level];
  if (!re.test(code) || (level === 'city' && code.endsWith('0000')) || (level === 'county' && code.endsWith('00'))) {
    return { code: 'INVALID_REGION_CODE', message: `${code}: ${rule} (GB/T 2260).` };
  }
  const expected = PARENT_LEVEL[level];
  if (!expected) {
    return parent ? { code: 'REGION_LEVEL_ORDER', message: `${code}: a province has no parent region.` } : null;
  }
  if (!parent) return { code: 'REGION_LEVEL_ORDER', message: `${code}: a ${level} needs a parent ${expected}.` };
  if (parent.level !== expected) {
    return { code: 'REGION_LEVEL_ORDER', message: `${code}: a ${level} must sit under a ${expected}, not a ${parent.level}.` };
  }
  if (!code.startsWith(codePrefix(parent.code, parent.level))) {
    return { code: 'INVALID_REGION_CODE', message: `${code} does not extend its parent's code ${parent.code}.` };
  }
  return null;
}

export const LEVEL_ORDER: Record<RegionLevel, number> = { province: 0, city: 1, county: 2, township: 3 };
