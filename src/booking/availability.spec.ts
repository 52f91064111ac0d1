import { describe, expect, it } from '@jest/globals';
import { addDays, shanghaiInstant } from '../common/shanghai-time.js';
import type { DatedException, WeeklyPlan } from '../registry/opening-hours.js';
import type { Point } from '../registry/registry.entities.js';
import { freeByDay, slotQuery, type Busy } from './availability.service.js';
import type { PointRef } from './booking-reference.js';
import { findSlots } from './slot-finder.js';

const FROM = '2026-11-23'; // a Monday
const DAYS = 40;
const HOUR = 3_600_000;

const weekdays = (ranges: [string, string][]): WeeklyPlan => ({ mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges });
const OPEN: [string, string][] = [
  ['08:30', '12:00'],
  ['13:30', '17:30'],
];

/** A point open on weekdays with a lunch break, on Saturday mornings, closed one Wednesday, open one Sunday evening until midnight. */
function pointRef(terminals: number): PointRef {
  const exceptions: DatedException[] = [
    { date: '2026-12-02', ranges: [] },
    { date: '2026-12-06', ranges: [['18:00', '24:00']] },
  ];
  const notaries = [
    { id: 'n-early', weekly: weekdays([['08:00', '12:00']]), exceptions: [] },
    {
      id: 'n-late',
      weekly: { ...weekdays([['13:00', '18:00']]), sat: [['08:30', '12:00']] },
      exceptions: [{ date: '2026-12-06', ranges: [['18:00', '24:00']] }],
    },
    { id: 'n-all', weekly: weekdays([['08:00', '18:00']]), exceptions: [{ date: '2026-11-26', ranges: [] }] },
  ].map((n) => ({ ...n, displayName: n.id }) as PointRef['notaries'][number]);
  return {
    point: { openingHours: { ...weekdays(OPEN), sat: [['08:30', '12:00']] }, exceptions } as unknown as Point,
    officeName: 'office',
    notaries,
    terminalIds: Array.from({ length: terminals }, (_, i) => `t${i}`),
    version: 1,
  };
}

/** A small deterministic generator (mulberry32): the same bookings on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An office's bookings around the range: on the point's terminals and on other points' (null,
 * or another id), held by its notaries, by another office's, or by none (walk-ins); on whole
 * quarters and at odd seconds (a walk-in starts at `now()`); some before the range and reaching
 * into it, some across midnight, some after it.
 */
function bookings(seed: number, count: number): Busy[] {
  const next = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const first = shanghaiInstant(FROM, '00:00').getTime() - 2 * 24 * HOUR;
  return Array.from({ length: count }, () => {
    const odd = next() < 0.2;
    const start = odd
      ? first + Math.floor(next() * (DAYS + 4) * 24 * HOUR)
      : first + Math.floor(next() * (DAYS + 4) * 96) * 15 * 60_000 + (next() < 0.1 ? 23 * 60_000 : 0);
    const long = next() < 0.05; // a long hold, e.g. across midnight
    const end = start + (long ? Math.floor(next() * 30) * HOUR : pick([20, 30, 45, 60]) * 60_000);
    return {
      notaryId: pick(['n-early', 'n-late', 'n-all', 'n-all', 'n-other', null]),
      terminalId: pick(['t0', 't0', 't1', 't-other', null]),
      start: new Date(start),
      end: new Date(end),
    };
  });
}

/** What `slots` answers for each day: that day's bookings alone (the statement's `during && [midnight, next midnight)`), listed. */
function slotsDayByDay(...[ref, from, days, minutes, busy, rules, now]: Parameters<typeof freeByDay>) {
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    const [start, end] = [shanghaiInstant(date, '00:00'), shanghaiInstant(addDays(date, 1), '00:00')];
    const near = busy.filter((b) => b.end > start && b.start < end);
    return { date, free: findSlots(slotQuery(ref, date, minutes, near, rules, now)).length };
  });
}

describe('availability by day', () => {
  const cases = [
    // now, booking rules, matter length, terminals, bookings (count, seed)
    {
      now: '2026-11-24T10:07:00+08:00',
      rules: { bufferMinutes: 10, slotStepMinutes: 15, minNoticeMinutes: 30, horizonDays: 30 },
      minutes: 20,
      terminals: 1,
      n: 400,
      seed: 1,
    },
    {
      now: '2026-11-20T09:00:00+08:00',
      rules: { bufferMinutes: 0, slotStepMinutes: 30, minNoticeMinutes: 0, horizonDays: 14 },
      minutes: 45,
      terminals: 2,
      n: 250,
      seed: 2,
    },
    {
      now: '2026-11-23T00:00:00+08:00',
      rules: { bufferMinutes: 15, slotStepMinutes: 5, minNoticeMinutes: 120, horizonDays: 365 },
      minutes: 90,
      terminals: 2,
      n: 600,
      seed: 3,
    },
    {
      now: '2026-12-01T16:59:30+08:00',
      rules: { bufferMinutes: 10, slotStepMinutes: 10, minNoticeMinutes: 1, horizonDays: 7 },
      minutes: 30,
      terminals: 1,
      n: 150,
      seed: 4,
    },
    {
      now: '2026-11-23T08:00:00+08:00',
      rules: { bufferMinutes: 10, slotStepMinutes: 15, minNoticeMinutes: 0, horizonDays: 60 },
      minutes: 20,
      terminals: 0,
      n: 50,
      seed: 5,
    },
  ];

  it.each(cases)('counts each day exactly as slots lists it ($minutes min, step $rules.slotStepMinutes, seed $seed)', (c) => {
    const ref = pointRef(c.terminals);
    const now = new Date(c.now);
    const busy = bookings(c.seed, c.n);
    const got = freeByDay(ref, FROM, DAYS, c.minutes, busy, c.rules, now);
    expect(got).toEqual(slotsDayByDay(ref, FROM, DAYS, c.minutes, busy, c.rules, now));
    expect(got.map((d) => d.date)).toEqual(Array.from({ length: DAYS }, (_, i) => addDays(FROM, i)));
  });

  it('the cases above cover bookings that take times, closed days, exceptions, notice and horizon', () => {
    const c = cases[0];
    const ref = pointRef(1);
    const now = new Date(c.now);
    const free = (busy: Busy[]) => new Map(freeByDay(ref, FROM, DAYS, c.minutes, busy, c.rules, now).map((d) => [d.date, d.free]));
    const booked = free(bookings(c.seed, c.n));
    const empty = free([]);
    // Bookings take times on some open days …
    expect([...booked].filter(([date, n]) => n < empty.get(date)!).length).toBeGreaterThan(5);
    // … closed days (Sunday, the closed Wednesday) and days past the horizon (30 days after now) offer nothing,
    expect([empty.get('2026-11-29'), empty.get('2026-12-02'), empty.get('2026-12-25'), empty.get('2027-01-01')]).toEqual([0, 0, 0, 0]);
    // the opened Sunday evening offers its hours, the day of `now` only what lies after the notice,
    expect(empty.get('2026-12-06')).toBeGreaterThan(0);
    expect(empty.get('2026-11-24')).toBeLessThan(empty.get('2026-11-25')!);
    // and the last day within the horizon is cut at now + 30 days (10:07).
    expect(empty.get('2026-12-24')).toBeLessThan(empty.get('2026-12-23')!);
    expect(empty.get('2026-12-24')).toBeGreaterThan(0);
  });
});
