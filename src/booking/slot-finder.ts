import { minutesOf, type TimeRange } from '../registry/opening-hours.js';
import { shanghaiInstant } from '../common/shanghai-time.js';

export interface Interval {
  start: Date;
  end: Date;
}

export interface SlotQuery {
  /** Shanghai calendar date. */
  date: string;
  /** The point's opening ranges that day. */
  openRanges: TimeRange[];
  notaries: { id: string; ranges: TimeRange[]; busy: Interval[] }[];
  terminals: { id: string; busy: Interval[] }[];
  durationMinutes: number;
  /** Kept free after each appointment; part of the reservation, not of the appointment. */
  bufferMinutes: number;
  stepMinutes: number;
  notBefore: Date;
  notAfter: Date;
}

const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

function within(date: string, ranges: TimeRange[], startMin: number, endMin: number): boolean {
  return ranges.some(([a, b]) => minutesOf(a) <= startMin && endMin <= minutesOf(b)) && !!date;
}

/** Who could take an appointment starting `startMin` minutes after midnight. */
export function candidatesAt(q: SlotQuery, startMin: number) {
  const start = shanghaiInstant(q.date, hhmm(startMin));
  const appointment: Interval = { start, end: new Date(start.getTime() + q.durationMinutes * 60_000) };
  const reservation: Interval = { start, end: new Date(appointment.end.getTime() + q.bufferMinutes * 60_000) };
  const endMin = startMin + q.durationMinutes;
  const open = within(q.date, q.openRanges, startMin, endMin);
  const notaries = q.notaries.filter((n) => within(q.date, n.ranges, startMin, endMin) && !n.busy.some((b) => overlaps(b, reservation)));
  const terminals = q.terminals.filter((t) => !t.busy.some((b) => overlaps(b, reservation)));
  return { appointment, reservation, open, notaries, terminals };
}

/**
 * Bookable starts on a day: every `stepMinutes` from midnight where the appointment fits in
 * the point's opening hours and in some notary's working hours, that notary and one of the
 * point's terminals are free for the appointment plus the buffer, and the start lies between
 * the minimum notice and the horizon. The same rule as `candidatesAt`, on numbers worked out
 * once per query: this runs on every slots request (Shanghai keeps +08:00 all year, so a
 * start is midnight plus its minutes).
 */
export function findSlots(q: SlotQuery): Interval[] {
  const ms = q.durationMinutes * 60_000;
  return slotStarts(q).map((start) => ({ start: new Date(start), end: new Date(start + ms) }));
}

type Span = readonly [number, number];

const fits = (ranges: Span[], startMin: number, endMin: number) => {
  for (const [a, b] of ranges) if (a <= startMin && endMin <= b) return true;
  return false;
};
const free = (busy: Span[], start: number, reservedUntil: number) => {
  for (const [s, e] of busy) if (s < reservedUntil && start < e) return false;
  return true;
};

/** `findSlots`' starts, as epoch milliseconds: what both `slots` (listed) and `availability` (counted) read. */
export function slotStarts(q: SlotQuery): number[] {
  const out: number[] = [];
  const span = (ranges: TimeRange[]) => ranges.map(([a, b]) => [minutesOf(a), minutesOf(b)] as const);
  const times = (busy: Interval[]) => busy.map((b) => [b.start.getTime(), b.end.getTime()] as const);
  const open = span(q.openRanges);
  if (!open.length) return out; // closed all day: nothing fits
  const notaries = q.notaries.map((n) => ({ ranges: span(n.ranges), busy: times(n.busy) }));
  const terminals = q.terminals.map((t) => times(t.busy));
  const midnight = shanghaiInstant(q.date, '00:00').getTime();
  const [notBefore, notAfter] = [q.notBefore.getTime(), q.notAfter.getTime()];
  const reserved = (q.durationMinutes + q.bufferMinutes) * 60_000;
  for (let m = 0; m + q.durationMinutes <= 24 * 60; m += q.stepMinutes) {
    const start = midnight + m * 60_000;
    const endMin = m + q.durationMinutes;
    const reservedUntil = start + reserved;
    if (start < notBefore || start > notAfter || !fits(open, m, endMin) || !terminals.some((t) => free(t, start, reservedUntil))) continue;
    if (notaries.some((n) => fits(n.ranges, m, endMin) && free(n.busy, start, reservedUntil))) out.push(start);
  }
  return out;
}

const DAY_MS = 86_400_000;

/**
 * The bookings that overlap each day of a range, in their given order: for day `i` after `from`,
 * exactly those a read of that day alone returns (`during && [midnight, next midnight)`; Shanghai
 * days are 24 h). Worked out once per range on numbers: filtering a month of an office's bookings
 * for every day with Date comparisons (each a `valueOf` call) was most of an availability request.
 */
export function byDay<T extends Interval>(from: string, days: number, busy: T[]): T[][] {
  const first = shanghaiInstant(from, '00:00').getTime();
  const out = Array.from({ length: days }, () => [] as T[]);
  for (const b of busy) {
    // Day i overlaps when b.start < first + (i + 1) DAY and b.end > first + i DAY.
    const lo = Math.max(0, Math.floor((b.start.getTime() - first) / DAY_MS));
    const hi = Math.min(days - 1, Math.ceil((b.end.getTime() - first) / DAY_MS) - 1);
    for (let i = lo; i <= hi; i++) out[i].push(b);
  }
  return out;
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
