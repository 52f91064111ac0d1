import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor, CitizenActor } from '../../src/auth/actor.js';
import { BookingService } from '../../src/booking/booking.service.js';
import { CaseAccessService } from '../../src/booking/case-access.service.js';
import { ReservationService } from '../../src/booking/reservation.service.js';
import { SessionService } from '../../src/session/session.service.js';
import { ID_NUMBERS } from '../support/world.js';
import { hoursFromNow, refusal, useMedium, type Medium } from './support.js';

/**
 * The access policy (src/auth/access.ts) as the services apply it, with the facts they load from
 * the database: who sees a case or a session, who sees the full ID number, and case access by
 * case number and access code. The policy's own table is src/auth/access.spec.ts; the routes'
 * gates are test/authorization.e2e-spec.ts.
 */
describe('access (medium)', () => {
  let m: Medium;
  let bookings: BookingService;
  let sessions: SessionService;
  let caseAccess: CaseAccessService;
  const medium = useMedium();
  beforeAll(() => {
    m = medium();
    bookings = m.get(BookingService);
    sessions = m.get(SessionService);
    caseAccess = m.get(CaseAccessService);
  });

  const outcome = async (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { status?: number; code?: string }) => `${e.status} ${e.code}`,
    );

  it('shows a case to its citizen, its point’s assistant, its office’s notaries and admins; 404 to everyone else', async () => {
    const o = await m.world({ notaries: 2, points: 2 });
    const other = await m.world();
    const { booking, sessionId, notary } = await m.openCase(o);
    const colleague = o.notaries.find((n) => n.id !== notary.id)!;
    const citizen: CitizenActor = { kind: 'citizen', role: 'citizen', bookingId: booking.id, caseNo: booking.caseNo };
    const stranger: CitizenActor = { kind: 'citizen', role: 'citizen', bookingId: other.officeId, caseNo: 'X' };
    const actors: [string, Actor][] = [
      ['citizen', citizen],
      ['assistant', o.points[0].assistant.as],
      ['case notary', notary.as],
      ['colleague', colleague.as],
      ['admin', o.admin],
      ['other point’s assistant', o.points[1].assistant.as],
      ['other office’s notary', other.notaries[0].as],
      ['other office’s assistant', other.points[0].assistant.as],
      ['other citizen', stranger],
    ];
    const seen: Record<string, string[]> = {};
    for (const [who, actor] of actors) {
      seen[who] = [await outcome(bookings.visible(actor, booking.id)), await outcome(sessions.visible(actor, sessionId))];
    }
    expect(seen).toEqual({
      citizen: ['ok', 'ok'],
      assistant: ['ok', 'ok'],
      'case notary': ['ok', 'ok'],
      colleague: ['ok', 'ok'],
      admin: ['ok', 'ok'],
      'other point’s assistant': ['404 BOOKING_NOT_FOUND', '404 SESSION_NOT_FOUND'],
      'other office’s notary': ['404 BOOKING_NOT_FOUND', '404 SESSION_NOT_FOUND'],
      'other office’s assistant': ['404 BOOKING_NOT_FOUND', '404 SESSION_NOT_FOUND'],
      'other citizen': ['404 BOOKING_NOT_FOUND', '404 SESSION_NOT_FOUND'],
    });
  });

  it('shows the full ID number to the notary handling the case only', async () => {
    const o = await m.world({ notaries: 2 });
    const { booking, notary, point } = await m.openCase(o);
    const colleague = o.notaries.find((n) => n.id !== notary.id)!;
    const row = (await bookings.find(booking.id))!;
    const idOf = (actor: Actor) => (bookings.view(row, actor) as { applicant: { idNumber?: string; idNumberMasked?: string } }).applicant;
    expect(idOf(notary.as)).toMatchObject({ idNumber: ID_NUMBERS[0] });
    for (const actor of [colleague.as, point.assistant.as, o.admin]) expect(idOf(actor).idNumber).toBeUndefined();
  });

  it('lets only the session’s own notary and point take their steps (403 for the colleague who can see it)', async () => {
    const o = await m.world({ notaries: 2 });
    const { sessionId, notary, point } = await m.openCase(o);
    const colleague = o.notaries.find((n) => n.id !== notary.id)!;
    expect(await outcome(sessions.join(colleague.as, sessionId))).toMatch(/^403 /);
    expect(await outcome(sessions.acknowledgeNotice(notary.as, sessionId))).toMatch(/^403 /);
    expect(await outcome(sessions.join(notary.as, sessionId))).toBe('ok');
    expect(await outcome(sessions.acknowledgeNotice(point.assistant.as, sessionId))).toBe('ok');
  });

  it('refuses a cancel by a notary of another office as if the case did not exist', async () => {
    const [o, other] = [await m.world(), await m.world()];
    const { booking } = await m.openCase(o, { start: hoursFromNow(m.clock, 6) });
    const e = await refusal(m.get(ReservationService).cancel(other.notaries[0].as, booking.id, 'x'));
    expect({ status: e.status, code: e.code }).toEqual({ status: 404, code: 'BOOKING_NOT_FOUND' });
  });

  describe('case access', () => {
    it('grants a token for the right case number and code (any letter case), and audits it', async () => {
      const o = await m.world();
      const { booking } = await m.openCase(o);
      const granted = await caseAccess.access(booking.caseNo.toLowerCase(), booking.accessCode, '192.0.2.1');
      expect(granted.booking).toEqual({ id: booking.id, caseNo: booking.caseNo });
      const [entry] = await m.db.query(`SELECT actor, action FROM audit_entries WHERE subject_id = $1 ORDER BY seq DESC LIMIT 1`, [
        booking.id,
      ]);
      expect(entry).toEqual({ actor: `case:${booking.caseNo}`, action: 'booking.access.granted' });
    });

    it('refuses wrong codes with 401, then the case locks with 429 even for the right code; other cases are not affected', async () => {
      const o = await m.world();
      const [a, b] = [await m.openCase(o), await m.openCase(o, { start: hoursFromNow(m.clock, 4) })];
      const codes = [];
      for (let i = 0; i < m.config.caseAccessMaxFailures; i++)
        codes.push((await refusal(caseAccess.access(a.booking.caseNo, '000000', '192.0.2.2'))).code);
      expect(codes).toEqual(Array(m.config.caseAccessMaxFailures).fill('INVALID_CASE_ACCESS'));
      const locked = await refusal(caseAccess.access(a.booking.caseNo, a.booking.accessCode, '192.0.2.2'));
      expect({ status: locked.status, code: locked.code }).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
      expect((await caseAccess.access(b.booking.caseNo, b.booking.accessCode, '192.0.2.2')).booking.id).toBe(b.booking.id);
      const failures = await m.db.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'booking.access.failed' AND subject_id = $1`,
        [a.booking.caseNo],
      );
      expect(failures).toEqual([{ n: m.config.caseAccessMaxFailures }]);
    });
  });
});
