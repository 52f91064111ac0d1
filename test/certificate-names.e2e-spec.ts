/**
 * Every name prints: names with CJK Extension A and B characters are booked,
 * approved and printed; a name no certificate font can print is refused at booking; nothing
 * unprintable ever gets a number.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiftedClock } from '../src/common/clock.js';
import { inkRatio, pdffonts, pdfsig, pdftotext, rasterizeGray } from '../src/certificate/pdf/poppler.js';
import { HOLDER_LINE, QR_BOX } from '../src/certificate/pdf/render.js';
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
    // Fields stored before they were checked at entry (PUT matter-fields now answers 400 UNPRINTABLE_TEXT).
    await t.db.query(`UPDATE sessions SET matter_fields = $2 WHERE id = $1`, [
      sessionId,
      JSON.stringify({ ...FIELDS, documentTitle: `放弃${EXT_G}继承权声明书` }),
    ]);
    const bad = await t.http().post(`/api/sessions/${sessionId}/approve`).set(bearer(world.notaries[0].token)).send({});
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 422, code: 'UNPRINTABLE_CHARACTER' });
    expect(bad.body.message).toContain('U+30000');
    expect(await t.db.query(`SELECT last_no FROM certificate_counters WHERE office_id = $1`, [world.officeId])).toEqual(before);
    const session = (await t.http().get(`/api/sessions/${sessionId}`).set(bearer(world.notaries[0].token)).expect(200)).body;
    expect(session.status).toBe('signing');
  });

  // ── the notary's draft ─────────────────────────────────────────────────────────────────────

  describe('the draft the notary previews before approving', () => {
    const draftOf = (sessionId: string, token = world.notaries[0].token) =>
      t.http().get(`/api/sessions/${sessionId}/certificate/draft`).set(bearer(token)).buffer(true).parse(binary);

    it('is the certificate marked 草稿: no number, no QR code, no signature, embedded fonts, and nothing written', async () => {
      const { allRowCounts } = await import('./support/row-counts.js');
      const sessionId = await signedSession('王堃');
      await t
        .http()
        .put(`/api/sessions/${sessionId}/matter-fields`)
        .set(bearer(world.notaries[0].token))
        .send({ fields: FIELDS })
        .expect(200);
      const before = await allRowCounts(t);
      const res = await draftOf(sessionId).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['cache-control']).toBe('private, no-store');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // Nothing numbered, audited or stored: every table (the audit log and the counters included) as it was.
      expect(await allRowCounts(t)).toEqual(before);

      const text = (await pdftotext(pdf)).replace(/\s/g, '');
      expect(text).toContain('草稿');
      expect(text).toContain('申请人：王堃，');
      expect(text).toContain(FIELDS.documentTitle);
      expect(text).toContain('批准出证时编号');
      expect(text).not.toMatch(/证字第\d+号/);
      expect(text).not.toContain('扫码验证');
      expect(text).not.toContain('/verify/');
      expect(text).not.toContain('receipt.jws');
      // pdfsig exits 2 on a file without signatures; its report is the verdict.
      expect(await pdfsig(pdf).catch((e: { stdout?: string }) => e.stdout ?? '')).toMatch(/does not contain any signatures/);
      const fonts = await pdffonts(pdf);
      expect(fonts.length).toBeGreaterThanOrEqual(2);
      expect(fonts.every((f) => f.embedded && f.subset && f.unicode)).toBe(true);
      // Rendered: the holder's name is inked where the certificate prints it, and no QR code is drawn.
      const img = await rasterizeGray(pdf, 1, 100);
      const first = HOLDER_LINE.left + HOLDER_LINE.nameOffset * HOLDER_LINE.size;
      expect(
        inkRatio(img, {
          left: first + 1,
          right: first + HOLDER_LINE.size - 1,
          top: HOLDER_LINE.baseline - HOLDER_LINE.size * 0.85,
          bottom: HOLDER_LINE.baseline + 1,
        }),
      ).toBeGreaterThan(0.02);
      expect(
        inkRatio(img, { left: QR_BOX.left, right: QR_BOX.left + QR_BOX.size, top: QR_BOX.top, bottom: QR_BOX.top + QR_BOX.size }),
      ).toBeLessThan(0.02);

      // Approval then issues the same text, numbered and signed.
      const cert = (await approve(sessionId).expect(201)).body as { certificateId: string };
      const issued = (await pdftotext((await pdfOf(cert.certificateId).expect(200)).body as Buffer)).replace(/\s/g, '');
      expect(issued).toContain(FIELDS.documentTitle);
      expect(issued).not.toContain('草稿');
      // Approved: no more drafts.
      const late = await draftOf(sessionId);
      expect({ status: late.status, code: JSON.parse(late.body.toString()).code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    });

    it('answers 422 UNPRINTABLE_CHARACTER naming the field, as approval does before taking a number', async () => {
      const { allRowCounts } = await import('./support/row-counts.js');
      const sessionId = await signedSession('张三');
      await t.db.query(`UPDATE sessions SET matter_fields = $2 WHERE id = $1`, [
        sessionId,
        JSON.stringify({ ...FIELDS, documentTitle: `放弃${EXT_G}继承权声明书` }),
      ]);
      const before = await allRowCounts(t);
      const res = await draftOf(sessionId);
      const body = JSON.parse(res.body.toString()) as { code: string; message: string; details: { field: string; characters: string[] }[] };
      expect({ status: res.status, code: body.code }).toEqual({ status: 422, code: 'UNPRINTABLE_CHARACTER' });
      expect(body.details).toEqual([{ field: 'matter.wording', characters: ['\u{30000} (U+30000)'] }]);
      const refused = await t.http().post(`/api/sessions/${sessionId}/approve`).set(notary()).send({});
      expect({ status: refused.status, code: refused.body.code, details: refused.body.details }).toEqual({
        status: 422,
        code: 'UNPRINTABLE_CHARACTER',
        details: body.details,
      });
      expect(await allRowCounts(t)).toEqual(before);
    });

    it('is refused before the applicant has signed, and to anyone but the case’s notary', async () => {
      const sessionId = await signedSession('李四');
      for (const [token, status, code] of [
        [world.assistant.token, 403, 'FORBIDDEN_ROLE'],
        [world.adminToken, 403, 'FORBIDDEN_ROLE'],
      ] as const) {
        const res = await draftOf(sessionId, token);
        expect({ status: res.status, code: JSON.parse(res.body.toString()).code }).toEqual({ status, code });
      }
      const missing = await draftOf('00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      await t.db.query(`UPDATE sessions SET status = 'live' WHERE id = $1`, [sessionId]);
      const live = await draftOf(sessionId);
      expect({ status: live.status, code: JSON.parse(live.body.toString()).code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    });
  });

  // ── every printed string, not only names ────────────────────────────────────────────────────

  const admin = () => bearer(world.adminToken);
  const notary = () => bearer(world.notaries[0].token);
  const counter = async () =>
    (await t.db.query(`SELECT last_no FROM certificate_counters WHERE office_id = $1`, [world.officeId])) as unknown[];
  const approve = (sessionId: string) => t.http().post(`/api/sessions/${sessionId}/approve`).set(notary()).send({ fields: FIELDS });
  const pdfOf = (id: string, token = world.adminToken) =>
    t.http().get(`/api/certificates/${id}/pdf`).set(bearer(token)).buffer(true).parse(binary);
  const correct = (id: string, body: object, token = world.adminToken) =>
    t.http().post(`/api/certificates/${id}/corrections`).set(bearer(token)).send(body);
  /** A label an assistant once enrolled on a demo point, and an override reason once accepted. */
  const EMOJI_LABEL = '2号终端 📷';
  const BIDI_REASON = 'a\u202eb\u200bc';

  it('refuses unprintable text where it enters, with 400 UNPRINTABLE_TEXT naming the field, and writes nothing', async () => {
    const { allRowCounts } = await import('./support/row-counts.js');
    const sessionId = (
      await signedSessionVia(
        t,
        { world, terminal },
        { start: new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000), now: clock.now(), recording: false },
      )
    ).sessionId;
    const before = await allRowCounts(t);
    const cases: [string, () => Promise<{ status: number; body: { code?: string; details?: { field: string }[] } }>][] = [
      [
        'label',
        () =>
          t
            .http()
            .post(`/api/points/${world.pointId}/terminals`)
            .set(admin())
            .send({ label: EMOJI_LABEL, publicKeyJwk: terminal.publicJwk }),
      ],
      ['reason', () => t.http().post(`/api/sessions/${sessionId}/recording-override`).set(notary()).send({ reason: BIDI_REASON })],
      [
        'displayName',
        () =>
          t
            .http()
            .post(`/api/offices/${world.officeId}/notaries`)
            .set(admin())
            .send({ username: 'emoji.notary', password: 'a-long-enough-password', displayName: '王敏📷', licenseNo: 'EMOJI-0001' }),
      ],
      [
        'displayName',
        () =>
          t
            .http()
            .post(`/api/points/${world.pointId}/assistants`)
            .set(admin())
            .send({ username: 'emoji.assistant', password: 'a-long-enough-password', displayName: `辅助员${EXT_G}` }),
      ],
      ['name', () => t.http().patch(`/api/points/${world.pointId}`).set(admin()).send({ name: '司徒镇\u202e服务点' })],
      [
        'fields',
        () =>
          t
            .http()
            .put(`/api/sessions/${sessionId}/matter-fields`)
            .set(notary())
            .send({ fields: { ...FIELDS, documentTitle: `声明${EXT_G}` } }),
      ],
      [
        'fields',
        () =>
          t
            .http()
            .post(`/api/sessions/${sessionId}/approve`)
            .set(notary())
            .send({ fields: { ...FIELDS, signingMethod: `签名${EXT_G}` } }),
      ],
    ];
    for (const [field, send] of cases) {
      const res = await send();
      expect({ field, status: res.status, code: res.body.code }).toEqual({ field, status: 400, code: 'UNPRINTABLE_TEXT' });
      expect(res.body.details?.map((d) => d.field)).toContain(field);
    }
    expect(await allRowCounts(t)).toEqual(before);
  });

  it('checks everything the renderer prints before numbering: a terminal label, an override reason, a notary name from before the entry checks', async () => {
    const [{ terminalId }] = (await t.db.query(`SELECT id AS "terminalId" FROM terminals WHERE kid = $1`, [terminal.kid])) as {
      terminalId: string;
    }[];
    const [{ label, displayName }] = (await t.db.query(
      `SELECT t.label, u.display_name AS "displayName" FROM terminals t, users u WHERE t.id = $1 AND u.id = $2`,
      [terminalId, world.notaries[0].id],
    )) as { label: string; displayName: string }[];
    // Rows written before the entry checks existed, straight into the tables.
    const legacy: [string, (sessionId: string) => Promise<void>, () => Promise<void>][] = [
      [
        'terminal label',
        async () => void (await t.db.query(`UPDATE terminals SET label = $2 WHERE id = $1`, [terminalId, EMOJI_LABEL])),
        async () => void (await t.db.query(`UPDATE terminals SET label = $2 WHERE id = $1`, [terminalId, label])),
      ],
      [
        'notary display name',
        async () => void (await t.db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [world.notaries[0].id, '王敏📷'])),
        async () => void (await t.db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [world.notaries[0].id, displayName])),
      ],
      [
        'override reason',
        async (sessionId) =>
          void (await t.db.query(
            `INSERT INTO recording_overrides (session_id, reason, created_by, created_at, retain_until) VALUES ($1, $2, $3, now(), now() + interval '1 year')`,
            [sessionId, BIDI_REASON, world.notaries[0].id],
          )),
        async () => undefined,
      ],
    ];
    for (const [what, spoil, restore] of legacy) {
      const { sessionId } = await signedSessionVia(
        t,
        { world, terminal },
        { start: new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000), now: clock.now(), recording: what !== 'override reason' },
      );
      const before = await counter();
      await spoil(sessionId);
      try {
        const res = await approve(sessionId);
        expect({ what, status: res.status, code: res.body.code }).toEqual({ what, status: 422, code: 'UNPRINTABLE_CHARACTER' });
        expect(await counter()).toEqual(before);
        expect(await t.db.query(`SELECT id FROM certificates WHERE session_id = $1`, [sessionId])).toEqual([]);
      } finally {
        await restore();
      }
    }
  });

  describe('a numbered certificate whose PDF cannot be drawn (a label entered before the checks)', () => {
    let certId: string;
    let terminalId: string;
    let label: string;

    beforeAll(async () => {
      const { sessionId } = await signedSessionVia(
        t,
        { world, terminal },
        { start: new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000), now: clock.now() },
      );
      certId = ((await approve(sessionId).expect(201)).body as { certificateId: string }).certificateId;
      [{ terminalId, label }] = (await t.db.query(`SELECT id AS "terminalId", label FROM terminals WHERE kid = $1`, [terminal.kid])) as {
        terminalId: string;
        label: string;
      }[];
      // The state such a certificate is in: a number, an unprintable label, no stored PDF.
      await t.db.query(`UPDATE terminals SET label = $2 WHERE id = $1`, [terminalId, EMOJI_LABEL]);
      await t.db.query(`UPDATE certificates SET pdf = NULL, pdf_sha256 = NULL WHERE id = $1`, [certId]);
    });
    afterAll(async () => {
      await t.db.query(`UPDATE terminals SET label = $2 WHERE id = $1`, [terminalId, label]);
    });

    it('answers 422 UNPRINTABLE_CHARACTER for the PDF, pointing to a correction', async () => {
      const res = await pdfOf(certId);
      expect({ status: res.status }).toEqual({ status: 422 });
      expect(JSON.parse(res.body.toString()).code).toBe('UNPRINTABLE_CHARACTER');
    });

    it('refuses bad corrections with 4xx and writes nothing', async () => {
      const { allRowCounts } = await import('./support/row-counts.js');
      const before = await allRowCounts(t);
      const good = { field: 'terminalLabel', value: '2号终端', reason: '终端名称含表情符号，按登记信息更正' };
      const tries: [object, string, number, string][] = [
        [good, world.notaries[0].token, 403, 'FORBIDDEN_ROLE'],
        [good, world.assistant.token, 403, 'FORBIDDEN_ROLE'],
        [{ ...good, field: 'holderName' }, world.adminToken, 400, 'VALIDATION_FAILED'],
        [{ ...good, value: '2号终端 📷' }, world.adminToken, 400, 'UNPRINTABLE_TEXT'],
        [{ ...good, value: '   ' }, world.adminToken, 400, 'VALIDATION_FAILED'],
        [{ ...good, reason: '' }, world.adminToken, 400, 'VALIDATION_FAILED'],
        [{ ...good, extra: 1 }, world.adminToken, 400, 'VALIDATION_FAILED'],
        [{ ...good, field: 'recordingOverrideReason' }, world.adminToken, 409, 'NO_RECORDING_OVERRIDE'],
      ];
      for (const [body, token, status, code] of tries) {
        const res = await correct(certId, body, token);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      }
      const missing = await correct('00000000-0000-4000-8000-000000000000', good);
      expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'CERTIFICATE_NOT_FOUND' });
      expect(await allRowCounts(t)).toEqual(before);
    });

    it('takes corrections as new audited rows; the PDF prints the latest and the number stands', async () => {
      const first = await correct(certId, { field: 'terminalLabel', value: 'A号终端', reason: '终端名称含表情符号，按登记信息更正' });
      expect(first.status).toBe(201);
      const second = await correct(certId, { field: 'terminalLabel', value: '2号终端（更正）', reason: '更正前次更正的终端编号' });
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ certificateId: certId, field: 'terminalLabel', value: '2号终端（更正）' });
      const audited = (await t.db.query(
        `SELECT payload->>'value' AS value FROM audit_entries WHERE action = 'certificate.corrected' AND subject_id = $1 ORDER BY seq`,
        [certId],
      )) as { value: string }[];
      expect(audited.map((a) => a.value)).toEqual(['A号终端', '2号终端（更正）']);
      const res = await pdfOf(certId, world.notaries[0].token);
      expect(res.status).toBe(200);
      const evidence = (await pdftotext(res.body as Buffer)).replace(/\s/g, '');
      expect(evidence).toContain('2号终端（更正）');
      expect(evidence).not.toContain('A号终端');
      // Corrections are evidence: the database refuses to change them.
      await expect(t.db.query(`UPDATE certificate_corrections SET value = 'x' WHERE certificate_id = $1`, [certId])).rejects.toThrow(
        /cannot be changed/,
      );
      await expect(t.db.query(`DELETE FROM certificate_corrections WHERE certificate_id = $1`, [certId])).rejects.toThrow(
        /cannot be changed/,
      );
      // Once the signed PDF is stored, nothing may change what it says.
      const late = await correct(certId, { field: 'terminalLabel', value: '3号终端', reason: '再次更正终端编号' });
      expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'CERTIFICATE_PDF_STORED' });
    });
  });

  // ── the ID number is not stored in clear ───────────────────────────────────────────────────

  it('stores the wording without the clear ID number, prints it from the encrypted value, and redacts older rows at start', async () => {
    const { sessionId } = await signedSessionVia(
      t,
      { world, terminal },
      { start: new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000), now: clock.now() },
    );
    const { certificateId } = (await approve(sessionId).expect(201)).body as { certificateId: string };
    const clearRows = async () => {
      const tables = (await t.db.query(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      )) as { name: string }[];
      const hits: string[] = [];
      for (const { name } of tables) {
        const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM "${name}" x WHERE x::text LIKE $1`, [`%${ID_NUMBERS[0]}%`])) as {
          n: number;
        }[];
        if (n) hits.push(name);
      }
      return hits;
    };
    expect(await clearRows()).toEqual([]);
    const pdf = (await pdfOf(certificateId).expect(200)).body as Buffer;
    const page1 = (await pdftotext(pdf, { firstPage: 1, lastPage: 1 })).replace(/\s/g, '');
    // Printed twice on the first page: the holder's line and the wording's particulars.
    expect(page1.split(`公民身份号码：${ID_NUMBERS[0]}`).length - 1).toBe(2);

    // A certificate stored before the slot existed: redacted once, audited, when the service starts.
    const { CertificateIssuance } = await import('../src/certificate/issuance.service.js');
    const { ID_NUMBER_SLOT } = await import('../src/certificate/certificate-records.js');
    await t.db.query(`UPDATE certificates SET wording = replace(wording, $2, $3), wording_redacted = false WHERE id = $1`, [
      certificateId,
      ID_NUMBER_SLOT,
      ID_NUMBERS[0],
    ]);
    expect(await clearRows()).toEqual(['certificates']);
    await t.app.get(CertificateIssuance).onApplicationBootstrap();
    expect(await clearRows()).toEqual([]);
    const entries = (await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'certificate.wording.redacted' AND subject_id = $1`,
      [certificateId],
    )) as { n: number }[];
    expect(entries).toEqual([{ n: 1 }]);
  });
});
