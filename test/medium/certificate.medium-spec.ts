import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/auth/actor.js';
import { CertificateIssuance } from '../../src/certificate/issuance.service.js';
import { shanghaiDate } from '../../src/common/shanghai-time.js';
import type { BuiltOffice } from '../support/world.js';
import { hoursFromNow, refusal, useMedium, type Medium } from './support.js';

const FIELDS = {
  documentTitle: '放弃继承权声明书',
  declarationSummary: '自愿放弃对父亲王某某遗产的继承权',
  signingMethod: '以电子签名方式签名',
};

/** Issuance and numbering, through CertificateIssuance on a real database. */
describe('certificate issuance (medium)', () => {
  let m: Medium;
  let issuance: CertificateIssuance;
  const medium = useMedium();
  beforeAll(() => {
    m = medium();
    issuance = m.get(CertificateIssuance);
  });

  /** Each office's next half-hour, from two hours ahead. */
  const slots = new Map<string, number>();
  const signed = (o: BuiltOffice<Actor>, recording = true) => {
    const slot = slots.get(o.officeId) ?? 0;
    slots.set(o.officeId, slot + 1);
    return m.signedCase(o, { start: new Date(hoursFromNow(m.clock, 2).getTime() + slot * 30 * 60_000), recording });
  };
  const counter = async (officeId: string) =>
    (await m.db.query(`SELECT year, last_no AS "lastNo" FROM certificate_counters WHERE office_id = $1`, [officeId])) as {
      year: number;
      lastNo: number;
    }[];

  it('numbers (year)prefix证字第N号, moves the session to approved and the booking to completed, in one transaction', async () => {
    const o = await m.world();
    const { booking, sessionId, notary } = await signed(o);
    const issued = await issuance.approve(notary.as, sessionId, FIELDS);
    const year = shanghaiDate(m.clock.now()).slice(0, 4);
    const [office] = (await m.db.query(`SELECT certificate_prefix AS prefix FROM offices WHERE id = $1`, [o.officeId])) as {
      prefix: string;
    }[];
    expect(issued.certificateNo).toBe(`(${year})${office.prefix}证字第1号`);
    const [row] = await m.db.query(
      `SELECT s.status AS session, b.status AS booking, c.number, c.audit_seq IS NOT NULL AS audited
         FROM sessions s JOIN bookings b ON b.id = s.booking_id JOIN certificates c ON c.session_id = s.id WHERE s.id = $1`,
      [sessionId],
    );
    expect(row).toEqual({ session: 'approved', booking: 'completed', number: issued.certificateNo, audited: true });
    expect(booking.id).toBeDefined();
    expect(await counter(o.officeId)).toEqual([{ year: Number(year), lastNo: 1 }]);
    const twice = await refusal(issuance.approve(notary.as, sessionId, FIELDS));
    expect({ status: twice.status, code: twice.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    expect(await counter(o.officeId)).toEqual([{ year: Number(year), lastNo: 1 }]);
  });

  it('consumes no number when approval is refused: fields missing, not yet signed, recording missing', async () => {
    const o = await m.world();
    const { sessionId, notary } = await signed(o);
    expect((await refusal(issuance.approve(notary.as, sessionId, {}))).code).toBe('MATTER_FIELDS_INVALID');
    const open = await m.openCase(o, { start: hoursFromNow(m.clock, 10) });
    expect((await refusal(issuance.approve(open.notary.as, open.sessionId, FIELDS))).code).toBe('ILLEGAL_TRANSITION');
    const unrecorded = await signed(o, false);
    const e = await refusal(issuance.approve(unrecorded.notary.as, unrecorded.sessionId, FIELDS));
    expect({ status: e.status, code: e.code }).toEqual({ status: 409, code: 'RECORDING_INCOMPLETE' });
    expect(await counter(o.officeId)).toEqual([]);
    expect((await issuance.approve(notary.as, sessionId, FIELDS)).certificateNo).toMatch(/证字第1号$/);
  });

  it('keeps one counter per office: two offices both start at 1', async () => {
    const [a, b] = [await m.world(), await m.world()];
    const [sa, sb] = [await signed(a), await signed(b)];
    const [ia, ib] = [
      await issuance.approve(sa.notary.as, sa.sessionId, FIELDS),
      await issuance.approve(sb.notary.as, sb.sessionId, FIELDS),
    ];
    expect([ia.certificateNo, ib.certificateNo].map((n) => /第(\d+)号$/.exec(n)![1])).toEqual(['1', '1']);
  });

  it('refuses approval to a notary of another office (404: the session is out of their sight)', async () => {
    const [o, other] = [await m.world(), await m.world()];
    const { sessionId } = await signed(o);
    const e = await refusal(issuance.approve(other.notaries[0].as, sessionId, FIELDS));
    expect(e.status).toBe(404);
    expect(await counter(o.officeId)).toEqual([]);
  });

  // Moved from test/certificate.e2e-spec.ts ("gives 50 concurrent approvals in one office the numbers 1..50").
  it('gives 50 concurrent approvals in one office the numbers 1..50, no gap, no duplicate', async () => {
    const o = await m.world();
    const cases = [];
    for (let i = 0; i < 50; i++) cases.push(await signed(o));
    const results = await Promise.all(cases.map((c) => issuance.approve(c.notary.as, c.sessionId, FIELDS)));
    const numbers = results.map((r) => Number(/第(\d+)号$/.exec(r.certificateNo)![1])).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const [{ n, distinct }] = await m.db.query(
      `SELECT count(*)::int AS n, count(DISTINCT number)::int AS distinct FROM certificates WHERE office_id = $1`,
      [o.officeId],
    );
    expect({ n, distinct }).toEqual({ n: 50, distinct: 50 });
    expect((await counter(o.officeId))[0].lastNo).toBe(50);
  }, 600_000); // 50 cases set up and 50 PDFs signed: a ceiling for a loaded machine, not a speed claim
});
