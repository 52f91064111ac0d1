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
  const out: Interval[] = [];
  const span = (ranges: TimeRange[]) => ranges.map(([a, b]) => [minutesOf(a), minutesOf(b)] as const);
  const times = (busy: Interval[]) => busy.map((b) => [b.start.getTime(), b.end.getTime()] as const);
  const open = span(q.openRanges);
  const notaries = q.notaries.map((n) => ({ ranges: span(n.ranges), busy: times(n.busy) }));
  const terminals = q.terminals.map((t) => times(t.busy));
  const midnight = shanghaiInstant(q.date, '00:00').getTime();
  const [notBefore, notAfter] = [q.notBefore.getTime(), q.notAfter.getTime()];
  for (let m = 0; m + q.durationMinutes <= 24 * 60; m += q.stepMinutes) {
    const start = midnight + m * 60_000;
    const endMin = m + q.durationMinutes;
    const reservedUntil = start + (q.durationMinutes + q.bufferMinutes) * 60_000;
    const fits = (ranges: (readonly [number, number])[]) => ranges.some(([a, b]) => a <= m && endMin <= b);
    const free = (busy: (readonly [number, number])[]) => !busy.some(([s, e]) => s < reservedUntil && start < e);
    if (start < notBefore || start > notAfter || !fits(open) || !terminals.some(free)) continue;
    if (notaries.some((n) => fits(n.ranges) && free(n.busy)))
      out.push({ start: new Date(start), end: new Date(start + q.durationMinutes * 60_000) });
  }
  return out;
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
