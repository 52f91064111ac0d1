/**
 * Every name prints: names with CJK Extension A and B characters are booked,
 * approved and printed; a name no certificate font can print is refused at booking; nothing
 * unprintable ever gets a number.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiftedClock } from '../src/common/clock.js';
import { inkRatio, pdffonts, pdftotext, rasterizeGray } from '../src/certificate/pdf/poppler.js';
import { HOLDER_LINE } from '../src/certificate/pdf/render.js';
import type { SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { startTestApp, type TestApp } from './support/app.js';
import { ID_NUMBERS, type World } from './support/fixtures.js';
import { officeWithTerminal, signedSession as signedSessionVia } from './support/journey.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const FIELDS = {
  documentTitle: '放弃继承权声明书',
  declarationSummary: '自愿放弃对父亲王某某遗产的继承权',
  signingMethod: '以电子签名方式签名',
};
/** U+30000, CJK Extension G: a letter by Unicode's rules, in none of the certificate fonts. */
const EXT_G = '\u{30000}';

describe('names on certificates', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let world: World;
  let terminal: SimulatedTerminal;
  let slot = 0;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  function book(name: string) {
    const start = new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000);
    return t
      .http()
      .post('/api/bookings')
      .set(bearer(world.assistant.token))
      .send({
        pointId: world.pointId,
        matterCode: 'declaration',
        start: start.toISOString(),
        applicant: { name, idNumber: ID_NUMBERS[0], phone: '13912345678' },
      });
  }

  /** A session ready for approval (recording finished), in the next half-hour slot. */
  const signedSession = async (name: string) =>
    (
      await signedSessionVia(
        t,
        { world, terminal },
        { start: new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000), now: clock.now(), name },
      )
    ).sessionId;

  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400', PUBLIC_BASE_URL: 'https://notary.example.cn' }, { clock });
    ({ world, terminal } = await officeWithTerminal(t));
  });
  afterAll(() => t?.close());

  it.each([
    ['刘䶮', 'CJK Extension A'],
    ['王\u{21619}\u{20001}', 'CJK Extension B'],
  ])('books, approves and prints %s (%s), every glyph inked and extractable', async (name) => {
    const sessionId = await signedSession(name);
    const cert = (
      await t.http().post(`/api/sessions/${sessionId}/approve`).set(bearer(world.notaries[0].token)).send({ fields: FIELDS }).expect(201)
    ).body as { certificateId: string };
    const pdf = (
      await t
        .http()
        .get(`/api/certificates/${cert.certificateId}/pdf`)
        .set(bearer(world.notaries[0].token))
        .buffer(true)
        .parse(binary)
        .expect(200)
    ).body as Buffer;
    const page1 = (await pdftotext(pdf, { firstPage: 1, lastPage: 1 })).replace(/\s/g, '');
    expect(page1).toContain(`申请人：${name}，`);
    const img = await rasterizeGray(pdf, 1, 100);
    const inks = [...name].map((_, i) => {
      const left = HOLDER_LINE.left + (HOLDER_LINE.nameOffset + i) * HOLDER_LINE.size;
      return inkRatio(img, {
        left: left + 1,
        right: left + HOLDER_LINE.size - 1,
        top: HOLDER_LINE.baseline - HOLDER_LINE.size * 0.85,
        bottom: HOLDER_LINE.baseline + 1,
      });
    });
    expect(inks.filter((ink) => ink < 0.02)).toEqual([]);
    const fonts = await pdffonts(pdf);
    expect(fonts.every((f) => f.embedded && f.subset && f.unicode)).toBe(true);
  });

  it('refuses at booking, with UNPRINTABLE_NAME naming the character, a name no font can print; writes no booking', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM bookings`)) as { n: number }[];
    const res = await book(`刘${EXT_G}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'UNPRINTABLE_NAME' });
    expect(res.body.message).toContain('U+30000');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM bookings`)).toEqual(before);
    // A private-use character is no letter: refused by the name rules, with their own code.
    const pua = await book('刘\u{e000}');
    expect({ status: pua.status, code: pua.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('checks the printed text before numbering: an unprintable wording field is refused and consumes no number', async () => {
    const sessionId = await signedSession('张三');
    const before = (await t.db.query(`SELECT last_no FROM certificate_counters WHERE office_id = $1`, [world.officeId])) as unknown[];
    const bad = await t
      .http()
      .post(`/api/sessions/${sessionId}/approve`)
      .set(bearer(world.notaries[0].token))
      .send({ fields: { ...FIELDS, documentTitle: `放弃${EXT_G}继承权声明书` } });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 422, code: 'UNPRINTABLE_CHARACTER' });
    expect(bad.body.message).toContain('U+30000');
    expect(await t.db.query(`SELECT last_no FROM certificate_counters WHERE office_id = $1`, [world.officeId])).toEqual(before);
    const session = (await t.http().get(`/api/sessions/${sessionId}`).set(bearer(world.notaries[0].token)).expect(200)).body;
    expect(session.status).toBe('signing');
  });
});
