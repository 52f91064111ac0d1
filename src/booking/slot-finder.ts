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
 * the minimum notice and the horizon.
 */
export function findSlots(q: SlotQuery): Interval[] {
  const out: Interval[] = [];
  for (let m = 0; m + q.durationMinutes <= 24 * 60; m += q.stepMinutes) {
    const c = candidatesAt(q, m);
    if (c.appointment.start < q.notBefore || c.appointment.start > q.notAfter) continue;
    if (c.open && c.notaries.length && c.terminals.length) out.push(c.appointment);
  }
  return out;
}

export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
