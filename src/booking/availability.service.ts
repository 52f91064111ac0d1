import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badRequest, unprocessable } from '../common/errors.js';
import { addDays, shanghaiDate, shanghaiInstant, shanghaiIsoAt, shanghaiMinutes } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { Clock } from '../common/clock.js';
import { readTogether } from '../common/read-together.js';
import type { Sql } from '../common/transaction.js';
import { isCalendarDate, rangesOn } from '../registry/opening-hours.js';
import { BookingReference, StaleReference, type PointRef } from './booking-reference.js';
import { BookingRepository, type Busy, type Placement } from './booking.repository.js';
import { retrying } from './retry.js';
import { byDay, candidatesAt, slotStarts, type SlotQuery } from './slot-finder.js';

export type { Busy } from './booking.repository.js';

/** Days from `from` to `to`, both included (Shanghai has no daylight saving: days are 24 h). */
const dayCount = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

type Rules = Pick<AppConfig['booking'], 'bufferMinutes' | 'slotStepMinutes' | 'minNoticeMinutes' | 'horizonDays'>;

/** What the slot finder needs to know about a point's day: its hours, the notaries' and terminals' bookings, the rules. */
export function slotQuery(ref: PointRef, date: string, minutes: number, busy: Busy[], rules: Rules, now: Date): SlotQuery {
  const { bufferMinutes, slotStepMinutes, minNoticeMinutes, horizonDays } = rules;
  return {
    date,
    openRanges: rangesOn(date, ref.point.openingHours, ref.point.exceptions),
    notaries: ref.notaries.map((n) => ({
      id: n.id,
      ranges: rangesOn(date, n.weekly, n.exceptions),
      busy: busy.filter((b) => b.notaryId === n.id),
    })),
    terminals: ref.terminalIds.map((id) => ({ id, busy: busy.filter((b) => b.terminalId === id) })),
    durationMinutes: minutes,
    bufferMinutes,
    stepMinutes: slotStepMinutes,
    notBefore: new Date(now.getTime() + minNoticeMinutes * 60_000),
    notAfter: new Date(now.getTime() + horizonDays * 86_400_000),
  };
}

/**
 * The number of free start times on each of `days` days from `from`, given the office's bookings
 * over them all: each day counts what `slots` reads for it (the bookings overlapping that day,
 * `byDay`) by the same rule (`slotStarts`), so both always agree. availability.spec.ts checks it
 * against slots' own way, day by day.
 */
export function freeByDay(
  ref: PointRef,
  from: string,
  days: number,
  minutes: number,
  busy: Busy[],
  rules: Rules,
  now: Date,
): { date: string; free: number }[] {
  const perDay = byDay(from, days, busy);
  const out: { date: string; free: number }[] = [];
  for (let i = 0, date = from; i < days; i++, date = addDays(date, 1))
    out.push({ date, free: slotStarts(slotQuery(ref, date, minutes, perDay[i], rules, now)).length });
  return out;
}

/** Free times at a point, and who could take a given start. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly db: DataSource,
    private readonly bookings: BookingRepository,
    private readonly reference: BookingReference,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The public reads' statements: those of one turn of the event loop go out together (read-together.ts). */
  private readonly together: Sql = { query: (sql, params) => readTogether(this.db, sql, params) };

  /** GET /points/:id/slots: one statement on a warm cache (see README, benchmark: its plan). */
  async slots(pointId: string, date: string, matterCode: string) {
    return retrying(async () => {
      const { ref, matter } = await this.reference.confirmed(async () => ({
        ref: await this.reference.bookable(pointId),
        matter: await this.reference.matter(matterCode),
      }));
      if (!isCalendarDate(date)) throw badRequest('VALIDATION_FAILED', 'date must be a real date written YYYY-MM-DD.');
      const busy = await this.busy(ref.point.officeId, date, addDays(date, 1));
      const version = Math.min(ref.version, matter.version);
      if (!this.reference.fresh(version)) throw new StaleReference(version); // reference changed meanwhile: reload
      // findSlots' intervals, written straight from the epoch milliseconds.
      const ms = matter.estimatedMinutes * 60_000;
      return slotStarts(this.query(ref, date, matter.estimatedMinutes, busy)).map((s) => ({
        start: shanghaiIsoAt(s),
        end: shanghaiIsoAt(s + ms),
      }));
    });
  }

  /**
   * GET /points/:id/availability: the number of free start times on each day from `from` to
   * `to` (inclusive), for a date picker that marks free days. The same rule as `slots`, day by
   * day, on one read of the office's bookings for the whole range (`freeByDay`). The range may span at most
   * the booking horizon: beyond it nothing is bookable, and a longer range is only work.
   */
  async days(pointId: string, from: string, to: string, matterCode: string): Promise<{ date: string; free: number }[]> {
    if (to < from) throw badRequest('VALIDATION_FAILED', 'to must not be before from.', [{ field: 'to', problems: ['before from'] }]);
    const span = dayCount(from, to);
    const max = this.config.booking.horizonDays + 1;
    if (span > max)
      throw badRequest('VALIDATION_FAILED', `to may be at most ${max - 1} days after from (the booking horizon).`, [
        { field: 'to', problems: [`more than ${max - 1} days after from`] },
      ]);
    return retrying(async () => {
      const { ref, matter } = await this.reference.confirmed(async () => ({
        ref: await this.reference.bookable(pointId),
        matter: await this.reference.matter(matterCode),
      }));
      const busy = await this.busy(ref.point.officeId, from, addDays(to, 1));
      const version = Math.min(ref.version, matter.version);
      if (!this.reference.fresh(version)) throw new StaleReference(version);
      return freeByDay(ref, from, span, matter.estimatedMinutes, busy, this.config.booking, this.clock.now());
    });
  }

  /**
   * The office's bookings that hold a notary or a terminal on a Shanghai day (a point's
   * terminals and an office's notaries only serve that office's bookings), with the reference
   * version (BookingRepository.busy).
   */
  private async busy(officeId: string, date: string, until: string): Promise<Busy[]> {
    const { version, busy } = await this.bookings.busy(
      this.together,
      officeId,
      shanghaiInstant(date, '00:00'),
      shanghaiInstant(until, '00:00'),
    );
    this.reference.observe(version);
    return busy;
  }

  private query(ref: PointRef, date: string, minutes: number, busy: Busy[]): SlotQuery {
    return slotQuery(ref, date, minutes, busy, this.config.booking, this.clock.now());
  }

  /**
   * Who could take `start` by the schedules alone (no database read): the point open for the
   * whole appointment, the notaries working then. Whether they are free is for the placement
   * statement to see, under the exclusion constraints.
   */
  placement(ref: PointRef, start: Date, minutes: number, version: number): Placement {
    const date = shanghaiDate(start);
    const c = candidatesAt(this.query(ref, date, minutes, []), shanghaiMinutes(start));
    // Appointments start on whole minutes; a start with seconds is not a bookable time.
    if (start.getUTCSeconds() || start.getUTCMilliseconds() || !c.open) {
      throw unprocessable(
        'OUTSIDE_OPENING_HOURS',
        `${ref.point.name} is not open for the whole appointment at that time. 该时间不在服务点开放时间内。`,
      );
    }
    if (!ref.terminalIds.length) throw unprocessable('NO_TERMINAL', `${ref.point.name} has no active terminal yet. 服务点尚无可用终端。`);
    if (!c.notaries.length) throw unprocessable('NO_NOTARY_WORKING', 'No notary of the office works at that time. 该时间无公证员值班。');
    return {
      notaryIds: c.notaries.map((n) => n.id),
      terminalIds: ref.terminalIds,
      reservation: c.reservation,
      day: { start: shanghaiInstant(date, '00:00'), end: shanghaiInstant(addDays(date, 1), '00:00') },
      version,
    };
  }
}
