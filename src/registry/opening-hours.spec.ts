import { describe, expect, it } from '@jest/globals';
import { rangesOn, validateExceptions, validateWeeklyPlan } from './opening-hours.js';

describe('weekly plan validation', () => {
  it('accepts a normal township week with a lunch break and a closed Sunday', () => {
    expect(
      validateWeeklyPlan({
        mon: [
          ['08:30', '12:00'],
          ['13:30', '17:30'],
        ],
        sat: [['09:00', '12:00']],
        sun: [],
      }),
    ).toEqual([]);
  });

  it.each([
    [
      {
        mon: [
          ['08:00', '12:00'],
          ['11:00', '13:00'],
        ],
      },
      'openingHours.mon',
      /overlap/,
    ],
    [{ mon: [['08:00', '25:00']] }, 'openingHours.mon[0]', /"25:00" is not a time of day/],
    [{ mon: [['12:00', '08:00']] }, 'openingHours.mon[0]', /ends \(08:00\) before/],
    [{ mon: [['08:00', '08:00']] }, 'openingHours.mon[0]', /before or when/],
    [{ mon: [['8:00', '12:00']] }, 'openingHours.mon[0]', /not a time of day/],
    [{ funday: [] }, 'openingHours.funday', /unknown day/],
    [{ mon: 'all day' }, 'openingHours.mon', /must be a list/],
    [{ mon: [['08:00']] }, 'openingHours.mon[0]', /must be \["HH:MM","HH:MM"\]/],
  ])('refuses %j naming the field', (plan, field, problem) => {
    const problems = validateWeeklyPlan(plan);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].problem).toMatch(problem);
  });

  it('allows a range to end at 24:00 and ranges that touch', () => {
    expect(
      validateWeeklyPlan({
        fri: [
          ['08:00', '12:00'],
          ['12:00', '24:00'],
        ],
      }),
    ).toEqual([]);
  });
});

describe('dated exceptions', () => {
  it('accepts a closed holiday and a day with extra hours', () => {
    expect(
      validateExceptions([
        { date: '2026-10-01', ranges: [] },
        { date: '2026-12-05', ranges: [['09:00', '11:00']] },
      ]),
    ).toEqual([]);
  });

  it('refuses impossible dates, duplicates and unknown fields', () => {
    const problems = validateExceptions([
      { date: '2026-02-30', ranges: [] },
      { date: '2026-10-01', ranges: [] },
      { date: '2026-10-01', ranges: [] },
      { date: '2026-10-02', ranges: [], note: 'x' },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['exceptions[0].date', 'exceptions[2].date', 'exceptions[3]']);
  });
});

describe('ranges on a date', () => {
  const plan = { mon: [['08:30', '12:00']] as [string, string][], tue: [['13:00', '17:00']] as [string, string][] };
  it('uses the weekday of the date (2026-11-30 is a Monday)', () => {
    expect(rangesOn('2026-11-30', plan, [])).toEqual([['08:30', '12:00']]);
    expect(rangesOn('2026-12-01', plan, [])).toEqual([['13:00', '17:00']]);
    expect(rangesOn('2026-12-06', plan, [])).toEqual([]);
  });
  it('lets an exception replace the day, including closing it', () => {
    expect(rangesOn('2026-11-30', plan, [{ date: '2026-11-30', ranges: [] }])).toEqual([]);
  });
});
