import { describe, expect, it } from '@jest/globals';
import { statsCsv } from './stats-csv.js';
import { checkRange, eachDay } from './stats-range.js';

const figures = {
  booked: 2,
  completed: 1,
  rejected: 0,
  cancelled: 1,
  noShow: 0,
  certificates: 1,
  handlingMinutes: { p50: 10.5, p90: null },
  waitingMinutes: { p50: 1, p90: 2 },
};

describe('stats CSV', () => {
  it('starts with a BOM, quotes commas and quotes, and defuses cells a spreadsheet would run as formulas', () => {
    const csv = statsCsv({ rows: [{ key: 'k', label: '=HYPERLINK("x"),1', ...figures }], total: figures });
    expect(csv.startsWith('\uFEFFkey,label,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(`k,"'=HYPERLINK(""x""),1",2,1,0,1,0,1,10.5,,1,2`);
    expect(lines[2]).toBe('total,合计,2,1,0,1,0,1,10.5,,1,2');
  });
});

describe('stats ranges', () => {
  it('lists each day of a range', () => {
    expect(eachDay('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it('refuses a backwards range and one longer than 366 days, naming to', () => {
    expect(() => checkRange('2026-12-02', '2026-12-01')).toThrow(/^Invalid range\. to:/);
    expect(() => checkRange('2026-01-01', '2027-01-02')).toThrow(/366/);
    expect(() => checkRange('2028-01-01', '2028-12-31')).not.toThrow();
  });
});
