/**
 * The operator's console over HTTP, on one app. Case figures: a case taken to its certificate shows in the point's row with a handling
 * time (measured from the check-in to the certificate, as the database recorded them), the CSV
 * carries the same numbers behind a byte order mark, each role sees its own scope only, and bad
 * ranges are refused naming the field. Administration: the user list, password reset, office and
 * notary edits, matter fields checked against the wording, and the demo accounts disabled at once —
 * each audited, each bad input a 4xx that writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiftedClock } from '../src/common/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DemoSeedService } from '../src/registry/demo-seed.service.js';
import { buildWorld, ID_NUMBERS, writeCounters, type World } from './support/fixtures.js';
import { officeWithTerminal, signedSession, type OfficeWithTerminal } from './support/journey.js';
import { caseSummary, rebuiltCaseSummary } from './support/stats.js';
import type { CaseFigures, CaseStatsRow } from '../src/stats/dto/stats.response.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const FIELDS = {
  documentTitle: '放弃继承权声明书',
  declarationSummary: '自愿放弃对父亲王某某遗产的继承权',
  signingMethod: '以电子签名方式签名',
};
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

type Figures = CaseFigures;
type Row = CaseStatsRow;

describe('case figures', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let o: OfficeWithTerminal;
  let w: World;
  let other: World;
  let citizenToken: string;
  /** Handling minutes of the approved case, from the rows the database holds. */
  let handling: number;
  let waiting: number;
  let approvedSessionId: string;

  const stats = (token: string | undefined, query: Record<string, string>, path = '/api/stats/cases') => {
    const req = t.http().get(path).query(query);
    return token ? req.set(bearer(token)) : req;
  };

  // Two worlds and three cases through the whole API: the ceiling allows a loaded machine and PGlite.
  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' }, { clock });
    o = await officeWithTerminal(t);
    w = o.world;
    other = await buildWorld(t);
    const notary = bearer(w.notaries[0].token);

    // Approved: checked in, then the certificate a quarter of an hour later.
    const approved = await signedSession(t, o, { start: new Date('2026-11-30T10:00:00+08:00'), now: clock.now() });
    approvedSessionId = approved.sessionId;
    clock.advance(15 * 60_000);
    await t.http().post(`/api/sessions/${approved.sessionId}/approve`).set(notary).send({ fields: FIELDS }).expect(201);
    // Rejected.
    const rejected = await signedSession(t, o, {
      start: new Date('2026-11-30T11:00:00+08:00'),
      now: clock.now(),
      idNumber: ID_NUMBERS[1],
      name: '李雷',
    });
    await t.http().post(`/api/sessions/${rejected.sessionId}/reject`).set(notary).send({ reason: '申请人不能清楚表达意愿' }).expect(200);
    // Cancelled, at 07:30 Shanghai time: 23:30 UTC of the day before, a Shanghai day later.
    const cancelled = (
      await t
        .http()
        .post('/api/bookings')
        .set(bearer(w.assistant.token))
        .send({
          pointId: w.pointId,
          matterCode: 'declaration',
          start: '2026-12-01T07:30:00+08:00',
          applicant: { name: '韩梅梅', idNumber: ID_NUMBERS[2], phone: '13912345670' },
        })
        .expect(201)
    ).body as { id: string; caseNo: string; accessCode: string };
    await t.http().post(`/api/bookings/${cancelled.id}/cancel`).set(bearer(w.assistant.token)).send({ reason: '申请人改期' }).expect(200);
    citizenToken = (
      await t.http().post('/api/auth/case-access').send({ caseNo: cancelled.caseNo, accessCode: cancelled.accessCode }).expect(200)
    ).body.accessToken;

    const [m] = (await t.db.query(
      `SELECT extract(epoch FROM c.issued_at - ci.created_at)::float8 / 60 AS handling, extract(epoch FROM s.live_at - ci.created_at)::float8 / 60 AS waiting
         FROM certificates c JOIN sessions s ON s.id = c.session_id JOIN check_ins ci ON ci.id = s.check_in_id WHERE s.id = $1`,
      [approved.sessionId],
    )) as { handling: number; waiting: number }[];
    handling = Math.round(m.handling * 10) / 10;
    waiting = Math.round(m.waiting * 10) / 10;
  }, 300_000);
  afterAll(() => t?.close());

  const RANGE = { from: '2026-11-29', to: '2026-12-01' };

  it('shows the completed case in its point’s row with its handling and waiting time, and the rejected one apart', async () => {
    expect(handling).toBeGreaterThanOrEqual(15);
    const res = await stats(w.adminToken, { ...RANGE, groupBy: 'point' }).expect(200);
    const body = res.body as { rows: Row[]; total: Figures };
    const row = body.rows.find((r) => r.key === w.pointId)!;
    expect(row).toMatchObject({ booked: 3, completed: 1, rejected: 1, cancelled: 1, noShow: 0, certificates: 1 });
    expect(row.label).toMatch(/^服务点/);
    expect(row.handlingMinutes).toEqual({ p50: handling, p90: handling });
    expect(row.waitingMinutes).toEqual({ p50: waiting, p90: waiting });
    // The other office's point has no case: no row; the total is this point's.
    expect(body.rows.map((r) => r.key)).toEqual([w.pointId]);
    expect(body.total).toEqual({ ...row, key: undefined, label: undefined });
  });

  it('spreads handling times in 2-minute buckets, the approved case in its bucket', async () => {
    const body = (await stats(w.notaries[0].token, RANGE, '/api/stats/handling').expect(200)).body as {
      buckets: { fromMinutes: number; toMinutes: number | null; cases: number }[];
      handlingMinutes: { p50: number };
    };
    expect(body.buckets).toHaveLength(31);
    expect(body.buckets.filter((b) => b.cases)).toEqual([
      { fromMinutes: Math.floor(handling / 2) * 2, toMinutes: Math.floor(handling / 2) * 2 + 2, cases: 1 },
    ]);
    expect(body.handlingMinutes.p50).toBe(handling);
    expect((await stats(other.notaries[0].token, { ...RANGE, office: w.officeId }, '/api/stats/handling')).status).toBe(403);
  });

  it('lists every Asia/Shanghai day of the range, empty ones with zeros', async () => {
    const body = (await stats(w.adminToken, { ...RANGE, groupBy: 'day' }).expect(200)).body as { rows: Row[] };
    expect(body.rows.map((r) => [r.key, r.booked, r.completed, r.rejected, r.cancelled])).toEqual([
      ['2026-11-29', 0, 0, 0, 0],
      ['2026-11-30', 2, 1, 1, 0],
      ['2026-12-01', 1, 0, 0, 1],
    ]);
    expect(body.rows[0].handlingMinutes).toEqual({ p50: null, p90: null });
  });

  it('groups by matter, office and notary with names for labels, and filters by matter', async () => {
    const matter = (await stats(w.adminToken, { ...RANGE, groupBy: 'matter' }).expect(200)).body as { rows: Row[] };
    expect(matter.rows.map((r) => [r.key, r.booked])).toEqual([['declaration', 3]]);
    expect(matter.rows[0].label).toContain('声明');
    const office = (await stats(w.adminToken, { ...RANGE, groupBy: 'office' }).expect(200)).body as { rows: Row[] };
    expect(office.rows.map((r) => [r.key, r.label, r.booked])).toEqual([[w.officeId, expect.stringMatching(/公证处/), 3]]);
    const notary = (await stats(w.adminToken, { ...RANGE, groupBy: 'notary' }).expect(200)).body as { rows: Row[] };
    expect(notary.rows.map((r) => [r.key, r.completed])).toEqual([[w.notaries[0].id, 1]]);
    const none = (await stats(w.adminToken, { ...RANGE, groupBy: 'matter', matter: 'entrustment' }).expect(200)).body as {
      rows: Row[];
      total: Figures;
    };
    expect(none.rows).toEqual([]);
    expect(none.total.booked).toBe(0);
  });

  it('writes the same rows as CSV: UTF-8 with a byte order mark, a header row, a total line', async () => {
    const json = (await stats(w.adminToken, { ...RANGE, groupBy: 'point' }).expect(200)).body as { rows: Row[] };
    const res = await stats(w.adminToken, { ...RANGE, groupBy: 'point' }, '/api/stats/cases.csv')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'key,label,booked,completed,rejected,cancelled,noShow,certificates,handlingMinutesP50,handlingMinutesP90,waitingMinutesP50,waitingMinutesP90',
    );
    const r = json.rows[0];
    expect(lines[1].split(',')).toEqual([
      w.pointId,
      r.label,
      '3',
      '1',
      '1',
      '1',
      '0',
      '1',
      String(handling),
      String(handling),
      String(waiting),
      String(waiting),
    ]);
    expect(lines[2]).toMatch(/^total,合计,3,1,1,1,0,1,/);
    expect(lines).toHaveLength(3);
  });

  it('scopes each role: admin all, a notary their office, an assistant their point; others refused', async () => {
    const q = { ...RANGE, groupBy: 'point' };
    const keys = async (token: string) => ((await stats(token, q).expect(200)).body as { rows: Row[] }).rows.map((r) => r.key);
    expect(await keys(w.notaries[0].token)).toEqual([w.pointId]);
    expect(await keys(w.assistant.token)).toEqual([w.pointId]);
    expect(await keys(other.notaries[0].token)).toEqual([]);
    expect(await keys(other.assistant.token)).toEqual([]);
    const refused = async (token: string | undefined, query: Record<string, string>) => {
      const res = await stats(token, query);
      return [res.status, res.body.code];
    };
    expect(await refused(other.notaries[0].token, { ...q, office: w.officeId })).toEqual([403, 'OUT_OF_SCOPE']);
    expect(await refused(other.assistant.token, { ...q, point: w.pointId })).toEqual([403, 'OUT_OF_SCOPE']);
    expect(await refused(citizenToken, q)).toEqual([403, 'FORBIDDEN_ROLE']);
    expect((await stats(undefined, q)).status).toBe(401);
    expect((await stats(citizenToken, q, '/api/stats/cases.csv')).status).toBe(403);
  });

  it.each([
    ['to before from', { from: '2026-12-02', to: '2026-12-01' }, 'INVALID_RANGE', 'to'],
    ['more than 366 days', { from: '2026-01-01', to: '2027-01-02' }, 'INVALID_RANGE', 'to'],
    ['an impossible from', { from: '2026-02-30', to: '2026-03-01' }, 'VALIDATION_FAILED', 'from'],
    ['an impossible to', { from: '2026-02-01', to: '2026-13-45' }, 'VALIDATION_FAILED', 'to'],
    ['a missing from', { to: '2026-03-01' }, 'VALIDATION_FAILED', 'from'],
    ['an unknown groupBy', { from: '2026-02-01', to: '2026-03-01', groupBy: 'week' }, 'VALIDATION_FAILED', 'groupBy'],
  ])('refuses %s with 400 naming the field', async (_, query, code, field) => {
    const res = await stats(w.adminToken, { groupBy: 'day', ...query });
    expect([res.status, res.body.code]).toEqual([400, code]);
    expect(res.body.message).toContain(`${field}:`);
    expect((res.body.details as { field: string }[]).map((d) => d.field)).toContain(field);
  });

  it('accepts a leap year’s 366 days', async () => {
    const body = (await stats(w.adminToken, { from: '2028-01-01', to: '2028-12-31', groupBy: 'day' }).expect(200)).body as { rows: Row[] };
    expect(body.rows).toHaveLength(366);
  });

  it('keeps the summary with the facts, in their transaction: a cancellation after the fact, bookings at once, a revocation, a rollback', async () => {
    const day = { from: '2026-12-02', to: '2026-12-02', groupBy: 'point' };
    const figures = async () => ((await stats(w.adminToken, day).expect(200)).body as { total: Figures }).total;
    const late = (
      await t
        .http()
        .post('/api/bookings')
        .set(bearer(w.assistant.token))
        .send({
          pointId: w.pointId,
          matterCode: 'declaration',
          start: '2026-12-02T09:00:00+08:00',
          applicant: { name: '王小明', idNumber: ID_NUMBERS[3], phone: '13912345671' },
        })
        .expect(201)
    ).body as { id: string };
    expect(await figures()).toMatchObject({ booked: 1, cancelled: 0 });

    // The change and its figures move together inside one transaction; rolled back, neither happened.
    const qr = t.db.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      await qr.query(`UPDATE bookings SET status = 'cancelled' WHERE id = $1`, [late.id]);
      expect(
        await qr.query(`SELECT booked, cancelled FROM stats_case_days WHERE day = '2026-12-02' AND point_id = $1`, [w.pointId]),
      ).toEqual([{ booked: 1, cancelled: 1 }]);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
    expect(await figures()).toMatchObject({ booked: 1, cancelled: 0 });

    // Cancelled after it was counted: the next request sees it, no refresh needed.
    await t.http().post(`/api/bookings/${late.id}/cancel`).set(bearer(w.assistant.token)).send({ reason: '申请人改期' }).expect(200);
    expect(await figures()).toMatchObject({ booked: 1, cancelled: 1 });

    // Bookings of that point and day made at once: each transaction waits for the row the other
    // holds and recounts after it committed, so none is lost.
    const times = ['09:30', '10:00', '10:30', '11:00'];
    const made = await Promise.all(
      times.map((time, i) =>
        t
          .http()
          .post('/api/bookings')
          .set(bearer(w.assistant.token))
          .send({
            pointId: w.pointId,
            matterCode: 'declaration',
            start: `2026-12-02T${time}:00+08:00`,
            applicant: { name: '王小明', idNumber: ID_NUMBERS[i], phone: '13912345671' },
          }),
      ),
    );
    expect(made.map((r) => r.status)).toEqual(times.map(() => 201));
    expect(await figures()).toMatchObject({ booked: 1 + times.length, cancelled: 1 });

    // A revoked certificate was still issued: its case keeps its count and its handling time.
    const before = (await stats(w.adminToken, { ...RANGE, groupBy: 'point' }).expect(200)).body as unknown;
    const [cert] = (await t.db.query(`SELECT id FROM certificates WHERE session_id = $1`, [approvedSessionId])) as { id: string }[];
    await t
      .http()
      .post(`/api/certificates/${cert.id}/revoke`)
      .set(bearer(w.notaries[0].token))
      .send({ reason: '申请人提供虚假材料' })
      .expect(200);
    expect((await stats(w.adminToken, { ...RANGE, groupBy: 'point' }).expect(200)).body).toEqual(before);

    // And every row equals the one rebuilt from the facts.
    expect(await caseSummary(t.db)).toEqual(await rebuiltCaseSummary(t.db));
  });

  describe('administration', () => {
    const admin = () => bearer(w.adminToken);
    const auditOf = async (action: string, subjectId: string) =>
      (await t.db.query(`SELECT payload FROM audit_entries WHERE action = $1 AND subject_id = $2`, [action, subjectId])) as {
        payload: Record<string, unknown>;
      }[];

    it('lists staff accounts to admins, filtered by role or text, never with a hash', async () => {
      const all = (await t.http().get('/api/users').set(admin()).expect(200)).body as { id: string; role: string; disabled: boolean }[];
      expect(all.map((u) => u.id)).toEqual(expect.arrayContaining([w.assistant.id, w.notaries[0].id, other.assistant.id]));
      expect(JSON.stringify(all)).not.toMatch(/argon|passwordHash|password_hash/);
      const assistants = (await t.http().get('/api/users').query({ role: 'assistant', q: w.assistant.username }).set(admin()).expect(200))
        .body as { id: string }[];
      expect(assistants.map((u) => u.id)).toEqual([w.assistant.id]);
      expect((await t.http().get('/api/users').set(bearer(w.notaries[0].token))).status).toBe(403);
      const bad = await t.http().get('/api/users').query({ role: 'citizen' }).set(admin());
      expect([bad.status, bad.body.code, bad.body.message]).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining('role')]);
    });

    it('resets a password: the old one stops working, the new one works, the audit entry holds no password', async () => {
      const user = await buildWorld(t).then((x) => x.assistant);
      const before = await writeCounters(t);
      const short = await t.http().post(`/api/users/${user.id}/password`).set(admin()).send({ password: 'short' });
      expect([short.status, short.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const missing = await t
        .http()
        .post(`/api/users/00000000-0000-4000-8000-000000000000/password`)
        .set(admin())
        .send({ password: 'a-new-password-123' });
      expect([missing.status, missing.body.code]).toEqual([404, 'USER_NOT_FOUND']);
      expect(await writeCounters(t)).toEqual(before);
      await t.http().post(`/api/users/${user.id}/password`).set(admin()).send({ password: 'a-new-password-123' }).expect(200);
      expect((await t.http().post('/api/auth/login').send({ username: user.username, password: user.password })).status).toBe(401);
      await t.http().post('/api/auth/login').send({ username: user.username, password: 'a-new-password-123' }).expect(200);
      const entries = await auditOf('auth.user.password_reset', user.id);
      expect(entries).toHaveLength(1);
      expect(JSON.stringify(entries[0].payload)).not.toContain('a-new-password-123');
    });

    it('edits an office (audited) and refuses a bad phone, a taken name and an unknown office', async () => {
      const before = await writeCounters(t);
      const phone = await t.http().patch(`/api/offices/${w.officeId}`).set(admin()).send({ phone: 'call me' });
      expect([phone.status, phone.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const prefix = await t.http().patch(`/api/offices/${w.officeId}`).set(admin()).send({ certificatePrefix: '苏改' });
      expect([prefix.status, prefix.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const otherName = ((await t.http().get(`/api/offices/${other.officeId}`).expect(200)).body as { name: string }).name;
      const taken = await t.http().patch(`/api/offices/${w.officeId}`).set(admin()).send({ name: otherName });
      expect([taken.status, taken.body.code]).toEqual([409, 'OFFICE_EXISTS']);
      const none = await t.http().patch(`/api/offices/00000000-0000-4000-8000-000000000000`).set(admin()).send({ phone: '0511-86000001' });
      expect([none.status, none.body.code]).toEqual([404, 'OFFICE_NOT_FOUND']);
      expect(await writeCounters(t)).toEqual(before);
      const res = await t.http().patch(`/api/offices/${w.officeId}`).set(admin()).send({ phone: '0511-86000001' }).expect(200);
      expect(res.body).toMatchObject({ id: w.officeId, phone: '0511-86000001' });
      expect((await auditOf('registry.office.updated', w.officeId))[0].payload).toMatchObject({ changed: ['phone'] });
      expect(
        (await t.http().patch(`/api/offices/${w.officeId}`).set(bearer(w.notaries[0].token)).send({ phone: '0511-86000002' })).status,
      ).toBe(403);
    });

    it('edits a notary’s name and licence number, refusing a taken licence', async () => {
      const otherLicence = (
        (await t.http().get(`/api/offices/${other.officeId}/notaries`).set(admin()).expect(200)).body as { licenseNo: string }[]
      )[0].licenseNo;
      const taken = await t.http().patch(`/api/notaries/${w.notaries[0].id}`).set(admin()).send({ licenseNo: otherLicence });
      expect([taken.status, taken.body.code]).toEqual([409, 'LICENSE_NO_TAKEN']);
      const notNotary = await t.http().patch(`/api/notaries/${w.assistant.id}`).set(admin()).send({ displayName: '张三' });
      expect([notNotary.status, notNotary.body.code]).toEqual([404, 'NOTARY_NOT_FOUND']);
      const res = await t
        .http()
        .patch(`/api/notaries/${w.notaries[0].id}`)
        .set(admin())
        .send({ displayName: '王敏', licenseNo: 'LIC-EDITED-1' })
        .expect(200);
      expect(res.body).toMatchObject({ id: w.notaries[0].id, displayName: '王敏', licenseNo: 'LIC-EDITED-1' });
      expect(await auditOf('auth.user.renamed', w.notaries[0].id)).toHaveLength(1);
      expect(await auditOf('registry.notary.updated', w.notaries[0].id)).toHaveLength(1);
    });

    it('changes a matter’s fields only when they fit its wording', async () => {
      const matter = (await t.http().get('/api/matters/declaration').expect(200)).body as {
        fields: Record<string, unknown>[];
        wordingTemplate: string;
      };
      const unprinted = matter.fields.map((f) => (f.key === 'documentTitle' ? { ...f, inWording: false } : f));
      const before = await writeCounters(t);
      const bad = await t.http().patch('/api/matters/declaration').set(admin()).send({ fields: unprinted });
      expect([bad.status, bad.body.code]).toEqual([400, 'MATTER_SPEC_INVALID']);
      expect(bad.body.message).toContain('wordingTemplate: no printed field supplies {{documentTitle}}');
      const badKey = await t
        .http()
        .patch('/api/matters/declaration')
        .set(admin())
        .send({ fields: [...matter.fields, { ...matter.fields[0], key: 'Bad Key' }] });
      expect([badKey.status, badKey.body.code, badKey.body.message]).toEqual([
        400,
        'VALIDATION_FAILED',
        expect.stringContaining('fields.'),
      ]);
      expect(await writeCounters(t)).toEqual(before);
      const added = { key: 'remarks', labelZh: '备注', labelEn: 'Remarks', type: 'text', required: false, inWording: false, example: '无' };
      const ok = await t
        .http()
        .patch('/api/matters/declaration')
        .set(admin())
        .send({ fields: [...matter.fields, added] })
        .expect(200);
      expect((ok.body as { fields: { key: string }[] }).fields.map((f) => f.key)).toContain('remarks');
      expect((await auditOf('matter.updated', 'declaration'))[0].payload).toEqual({ changed: ['fields'] });
    });

    it('disables every demo account in one action, each audited; a second run finds none left', async () => {
      await t.app.get(DemoSeedService).seed();
      const listed = (await t.http().get('/api/demo-accounts').set(admin()).expect(200)).body as { id: string; disabled: boolean }[];
      expect(listed.length).toBeGreaterThan(2);
      expect(listed.every((u) => !u.disabled)).toBe(true);
      expect((await t.http().post('/api/demo-accounts/disable').set(bearer(w.notaries[0].token))).status).toBe(403);
      const res = await t.http().post('/api/demo-accounts/disable').set(admin()).expect(200);
      expect(res.body).toEqual({ disabled: expect.any(Array), stillEnabled: 0 });
      expect((res.body.disabled as string[]).length).toBe(listed.length);
      for (const u of listed) expect(await auditOf('auth.user.disabled', u.id)).toHaveLength(1);
      const again = await t.http().post('/api/demo-accounts/disable').set(admin()).expect(200);
      expect(again.body).toEqual({ disabled: [], stillEnabled: 0 });
    });
  });
});
