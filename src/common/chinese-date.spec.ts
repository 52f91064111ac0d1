import { describe, expect, it } from '@jest/globals';
import { chineseCalendarDate, chineseDate, chineseNumber, shanghaiDateTime } from './chinese-date.js';

describe('chineseDate', () => {
  it('writes the year digit by digit with 〇 and month and day as numbers', () => {
    expect(chineseDate(new Date('2026-12-01T02:15:00Z'))).toBe('二〇二六年十二月一日');
    expect(chineseDate(new Date('2030-10-20T04:00:00Z'))).toBe('二〇三〇年十月二十日');
  });

  it('takes the calendar day in Asia/Shanghai, not UTC or the server zone', () => {
    // 15:59:59 UTC is 23:59:59 in Beijing; one second later it is the next day there.
    expect(chineseDate(new Date('2026-11-30T15:59:59Z'))).toBe('二〇二六年十一月三十日');
    expect(chineseDate(new Date('2026-11-30T16:00:00Z'))).toBe('二〇二六年十二月一日');
    expect(chineseDate(new Date('2026-12-31T16:30:00Z'))).toBe('二〇二七年一月一日');
  });

  it('rejects an invalid Date', () => {
    expect(() => chineseDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('chineseCalendarDate', () => {
  it.each([
    ['1988-02-29', '一九八八年二月二十九日'],
    ['2000-10-31', '二〇〇〇年十月三十一日'],
    ['1999-11-20', '一九九九年十一月二十日'],
    ['2010-02-10', '二〇一〇年二月十日'],
    ['2021-01-11', '二〇二一年一月十一日'],
    ['2005-12-21', '二〇〇五年十二月二十一日'],
  ])('%s → %s', (iso, zh) => {
    expect(chineseCalendarDate(iso)).toBe(zh);
  });

  it.each(['2026-02-30', '2027-02-29', '2026-13-01', '2026-2-3', '20260203', ''])('rejects %j', (bad) => {
    expect(() => chineseCalendarDate(bad)).toThrow(RangeError);
  });
});

describe('chineseNumber', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [19, '十九'],
    [20, '二十'],
    [21, '二十一'],
    [30, '三十'],
    [31, '三十一'],
    [99, '九十九'],
  ])('%i → %s', (n, zh) => {
    expect(chineseNumber(n)).toBe(zh);
  });

  it.each([0, 100, 1.5, -3])('rejects %p', (n) => {
    expect(() => chineseNumber(n)).toThrow(RangeError);
  });
});

describe('shanghaiDateTime', () => {
  it('prints Beijing time to the second, midnight as 00', () => {
    expect(shanghaiDateTime(new Date('2026-12-01T01:30:07Z'))).toBe('2026-12-01 09:30:07');
    expect(shanghaiDateTime(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01 00:00:00');
  });
});
