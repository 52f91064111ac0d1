import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/auth/actor.js';
import { AvailabilityService } from '../../src/booking/availability.service.js';
import { BookingService } from '../../src/booking/booking.service.js';
import { shanghaiDate, shanghaiIsoAt } from '../../src/common/shanghai-time.js';
import { ReservationService } from '../../src/booking/reservation.service.js';
import { ID_NUMBERS, type BuiltOffice } from '../support/world.js';
import { hoursFromNow, refusal, useMedium, type Medium } from './support.js';

/** Placement and the booking's moves, through ReservationService on a real database. */
describe('booking (medium)', () => {
  let m: Medium;
  let reservations: ReservationService;
  let bookings: BookingService;
  const medium = useMedium();
  beforeAll(() => {
    m = medium();
    reservations = m.get(ReservationService);
    bookings = m.get(BookingService);
  });

  const book = (o: BuiltOffice<Actor>, start: Date, opts: { point?: number; as?: Actor; matterCode?: string } = {}) => {
    const point = o.points[opts.point ?? 0];
    return reservations.create(
      { actor: opts.as ?? point.assistant.as },
      {
        pointId: point.id,
        matterCode: opts.matterCode ?? 'declaration',
        start: start.toISOString(),
        applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
      },
      '127.0.0.1',
    );
  };

  describe('placement', () => {
    it('confirms a free time with a notary and a terminal of the point, and refuses the same time to a second case', async () => {
      const o = await m.world();
      const start = hoursFromNow(m.clock, 3);
      const first = await book(o, start);
      expect(first).toMatchObject({ status: 'confirmed', notary: { id: o.notaries[0].id }, start: expect.any(String) });
      const [row] = await m.db.query(`SELECT notary_id AS "notaryId", terminal_id AS "terminalId" FROM bookings WHERE id = $1`, [first.id]);
      expect(row).toEqual({ notaryId: o.notaries[0].id, terminalId: o.points[0].terminals[0].id });
      const second = await refusal(book(o, start));
      expect({ status: second.status, code: second.code }).toEqual({ status: 409, code: 'SLOT_TAKEN' });
      expect(await m.db.query(`SELECT count(*)::int AS n FROM bookings WHERE point_id = $1`, [o.points[0].id])).toEqual([{ n: 1 }]);
    });

    it('with two notaries and one terminal, the terminal is what runs out', async () => {
      const o = await m.world({ notaries: 2 });
      const start = hoursFromNow(m.clock, 3);
      await book(o, start);
      expect((await refusal(book(o, start))).code).toBe('SLOT_TAKEN');
    });

    it('spreads a day’s bookings over the notaries, the one with fewest that day first', async () => {
      const o = await m.world({ notaries: 2, terminals: ['终端1', '终端2'] });
      const start = hoursFromNow(m.clock, 3);
      const a = await book(o, start);
      const b = await book(o, start);
      const c = await book(o, new Date(start.getTime() + 3600_000));
      const d = await book(o, new Date(start.getTime() + 3600_000));
      expect(new Set([a.notary!.id, b.notary!.id])).toEqual(new Set(o.notaries.map((n) => n.id)));
      expect(new Set([c.notary!.id, d.notary!.id])).toEqual(new Set(o.notaries.map((n) => n.id)));
    });

    it('places exactly one of 20 concurrent bookings for one time at a one-notary office', async () => {
      const o = await m.world();
      const start = hoursFromNow(m.clock, 4);
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => book(o, start)));
      const placed = results.filter((r) => r.status === 'fulfilled');
      const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
      expect(placed).toHaveLength(1);
      expect(codes).toEqual(Array(19).fill('SLOT_TAKEN'));
    });

    it('answers 40 concurrent slots reads, sent together as one prepared statement, each as a read on its own does', async () => {
      const o = await m.world({ notaries: 2 });
      const start = hoursFromNow(m.clock, 3);
      await book(o, start);
      await book(o, new Date(start.getTime() + 3600_000));
      const availability = m.get(AvailabilityService);
      const date = shanghaiDate(start);
      const alone = await availability.slots(o.points[0].id, date, 'declaration');
      const together = await Promise.all(Array.from({ length: 40 }, () => availability.slots(o.points[0].id, date, 'declaration')));
      // The point's one terminal is taken at both booked times; the rest of the day is open.
      expect(alone.length).toBeGreaterThan(10);
      expect(alone.map((s) => s.start)).not.toContain(shanghaiIsoAt(start.getTime()));
      expect(alone.map((s) => s.start)).not.toContain(shanghaiIsoAt(start.getTime() + 3600_000));
      expect(together).toEqual(Array(40).fill(alone));
    });

    it('refuses a start in the past, inside the minimum notice and beyond the horizon with 422, writing nothing', async () => {
      const o = await m.world();
      const now = m.clock.now().getTime();
      const codes = [];
      for (const start of [now - 3600_000, now + 60_000, now + (m.config.booking.horizonDays + 1) * 86_400_000]) {
        const e = await refusal(book(o, new Date(start)));
        codes.push([e.status, e.code]);
      }
      expect(codes).toEqual([
        [422, 'START_IN_PAST'],
        [422, 'INSIDE_MINIMUM_NOTICE'],
        [422, 'BEYOND_HORIZON'],
      ]);
      expect(await m.db.query(`SELECT count(*)::int AS n FROM bookings WHERE point_id = $1`, [o.points[0].id])).toEqual([{ n: 0 }]);
    });

    it('refuses an assistant booking at another point', async () => {
      const [o, other] = [await m.world(), await m.world()];
      const e = await refusal(book(o, hoursFromNow(m.clock, 3), { as: other.points[0].assistant.as }));
      expect(e.status).toBe(403);
    });
  });

  describe('moves', () => {
    it('reschedules atomically: a taken time leaves the booking where it was; a free one moves it and keeps the notary', async () => {
      const o = await m.world({ notaries: 2 });
      const start = hoursFromNow(m.clock, 3);
      const mine = await book(o, start);
      const taken = new Date(start.getTime() + 2 * 3600_000);
      await book(o, taken);
      const assistant = o.points[0].assistant.as;
      expect((await refusal(reservations.reschedule(assistant, mine.id, taken.toISOString()))).code).toBe('SLOT_TAKEN');
      expect((await bookings.find(mine.id))!.start).toEqual(start);
      const later = new Date(start.getTime() + 4 * 3600_000);
      const moved = await reservations.reschedule(assistant, mine.id, later.toISOString());
      expect(moved).toMatchObject({ status: 'confirmed', notary: { id: mine.notary!.id } });
      expect((await bookings.find(mine.id))!.start).toEqual(later);
    });

    it('records a no-show only after the grace period; a final booking can be neither cancelled nor moved', async () => {
      const o = await m.world();
      const start = hoursFromNow(m.clock, 1);
      const b = await book(o, start);
      const assistant = o.points[0].assistant.as;
      expect((await refusal(reservations.noShow(assistant, b.id))).code).toBe('NO_SHOW_TOO_EARLY');
      m.clock.advance(start.getTime() - m.clock.now().getTime() + (m.config.booking.noShowGraceMinutes + 1) * 60_000);
      expect(await reservations.noShow(assistant, b.id)).toMatchObject({ status: 'no_show' });
      const cancel = await refusal(reservations.cancel(assistant, b.id, '改期'));
      expect({ status: cancel.status, code: cancel.code, details: cancel.details }).toEqual({
        status: 409,
        code: 'BOOKING_NOT_CANCELLABLE',
        details: { status: 'no_show' },
      });
      const move = await refusal(reservations.reschedule(assistant, b.id, hoursFromNow(m.clock, 5).toISOString()));
      expect(move.code).toBe('BOOKING_NOT_RESCHEDULABLE');
      expect((await refusal(reservations.noShow(assistant, b.id))).code).toBe('BOOKING_NOT_CONFIRMED');
    });

    it('cancels with a reason, frees the time for another case, and audits each move in order', async () => {
      const o = await m.world();
      const start = hoursFromNow(m.clock, 3);
      const b = await book(o, start);
      const assistant = o.points[0].assistant.as;
      expect(await reservations.cancel(assistant, b.id, '改期')).toMatchObject({ status: 'cancelled', cancelReason: '改期' });
      expect((await refusal(reservations.cancel(assistant, b.id, '再次'))).code).toBe('BOOKING_NOT_CANCELLABLE');
      await book(o, start);
      const trail = (await m.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [b.id])) as {
        action: string;
      }[];
      expect(trail.map((r) => r.action)).toEqual(['booking.created', 'booking.cancelled']);
    });

    it('lets the database itself refuse a second active booking of one notary at one time', async () => {
      const o = await m.world({ terminals: ['终端1', '终端2'] });
      const b = await book(o, hoursFromNow(m.clock, 3));
      const [row] = await m.db.query(`SELECT * FROM bookings WHERE id = $1`, [b.id]);
      const copy = { ...row, id: undefined, case_no: `${row.case_no}X`, terminal_id: o.points[0].terminals[1].id };
      delete copy.id;
      const cols = Object.keys(copy);
      const err = await m.db
        .query(`INSERT INTO bookings (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(copy))
        .catch((e: { driverError?: { code?: string } }) => e);
      expect((err as { driverError?: { code?: string } }).driverError?.code).toBe('23P01'); // exclusion_violation
    });
  });
});
