import { describe, expect, it } from '@jest/globals';
import { shanghaiDate, shanghaiInstant, shanghaiIsoAt, shanghaiMinutes, toShanghaiIso } from './shanghai-time.js';

describe('Asia/Shanghai wall clock', () => {
  it('maps 09:00 in Shanghai to 01:00 UTC the same day', () => {
    expect(shanghaiInstant('2026-12-01', '09:00').toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });
  it('maps 07:00 in Shanghai to 23:00 UTC the day before, and back', () => {
    const t = shanghaiInstant('2026-12-01', '07:00');
    expect(t.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    expect(shanghaiDate(t)).toBe('2026-12-01');
    expect(shanghaiMinutes(t)).toBe(420);
  });
  it('writes times with the +08:00 offset', () => {
    expect(toShanghaiIso(new Date('2026-12-01T01:30:00Z'))).toBe('2026-12-01T09:30:00+08:00');
  });
  it('writes whole seconds from epoch milliseconds, and 24:00 as the next midnight', () => {
    expect(shanghaiIsoAt(Date.parse('2026-12-01T01:30:00.999Z'))).toBe('2026-12-01T09:30:00+08:00');
    expect(shanghaiIsoAt(shanghaiInstant('2026-12-31', '24:00').getTime())).toBe('2027-01-01T00:00:00+08:00');
    expect(shanghaiIsoAt(shanghaiInstant('9999-12-31', '24:00').getTime())).toBe('+010000-01-01T00:00:00+08:00');
  });
});
