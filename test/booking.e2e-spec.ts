import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { ShiftedClock } from '../src/common/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, ID_NUMBERS, writeCounters, type World } from './support/fixtures.js';

// Monday 2026-11-30 08:00 in Shanghai; bookings go to Tuesday 2026-12-01.
const NOW = new Date('2026-11-30T08:00:00+08:00');
const TUE = '2026-12-01';
const at = (hhmm: string, date = TUE) => `${date}T${hhmm}:00+08:00`;
const applicant = (i = 0) => ({ name: '王堃', idNumber: ID_NUMBERS[i % ID_NUMBERS.length], phone: '13912345678' });

describe('booking', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let w: World;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    // Tokens outlive the hours this suite moves the clock forward.
    t = await startTestApp({ PUBLIC_BOOKINGS_PER_HOUR: '1000', ACCESS_TOKEN_TTL_SECONDS: '86400' }, { clock });
    w = await buildWorld(t, { notaries: 2 });
  });
  afterAll(() => t.close());

  const book = (body: object, token?: string) => {
    const req = t.http().post('/api/bookings').set('X-Forwarded-For', '10.1.0.1');
    return (token ? req.set(bearer(token)) : req).send(body);
  };

  async function refused(send: () => Promise<{ status: number; body: { code: string } }>, status: number, code: string) {
    const before = await writeCounters(t);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await writeCounters(t)).toEqual(before);
  }

  describe('slots', () => {
    it('lists open slots with +08:00 offsets for the matter’s length', async () => {
      const res = await t.http().get(`/api/points/${w.pointId}/slots?date=${TUE}&matter=declaration`).expect(200);
      expect(res.body[0]).toEqual({ start: at('08:30'), end: expect.stringMatching(/^2026-12-01T08:\d\d:00\+08:00$/) });
      expect(res.body.map((s: { start: string }) => s.start)).not.toContain(at('12:00'));
      expect(res.body.length).toBeGreaterThan(10);
    });

    it('offers nothing on a closed day and nothing beyond the horizon', async () => {
      expect((await t.http().get(`/api/points/${w.pointId}/slots?date=2026-12-06&matter=declaration`).expect(200)).body).toEqual([]);
      expect((await t.http().get(`/api/points/${w.pointId}/slots?date=2027-03-01&matter=declaration`).expect(200)).body).toEqual([]);
    });

    it('refuses a bad date, an unknown matter and an unknown point', async () => {
      expect((await t.http().get(`/api/points/${w.pointId}/slots?date=2026-02-30&matter=declaration`).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect((await t.http().get(`/api/points/${w.pointId}/slots?date=${TUE}&matter=nope`).expect(404)).body.code).toBe('MATTER_NOT_FOUND');
      await t.http().get(`/api/points/00000000-0000-4000-8000-000000000000/slots?date=${TUE}&matter=declaration`).expect(404);
    });
  });

  describe('availability by day', () => {
    const days = (q: string) => t.http().get(`/api/points/${w.pointId}/availability?${q}`);

    it('counts each day’s free times exactly as slots lists them; closed days and days past the horizon are 0', async () => {
      const res = await days('from=2026-11-30&to=2026-12-30&matter=declaration').expect(200);
      expect(res.body).toHaveLength(31);
      expect(res.body[0]).toEqual({ date: '2026-11-30', free: expect.any(Number) });
      for (const date of [TUE, '2026-12-06', '2026-12-30']) {
        const slots = (await t.http().get(`/api/points/${w.pointId}/slots?date=${date}&matter=declaration`).expect(200)).body;
        expect(res.body.find((d: { date: string }) => d.date === date)).toEqual({ date, free: slots.length });
      }
      expect(res.body.find((d: { date: string }) => d.date === '2026-12-06').free).toBe(0);
      expect(res.body.find((d: { date: string }) => d.date === TUE).free).toBeGreaterThan(10);
    });

    it('drops by one when a time is booked', async () => {
      const THU = '2026-12-10';
      const before = (await days(`from=${THU}&to=${THU}&matter=declaration`).expect(200)).body[0].free;
      const slots = (await t.http().get(`/api/points/${w.pointId}/slots?date=${THU}&matter=declaration`).expect(200)).body;
      const last = slots.at(-1).start;
      await book({ pointId: w.pointId, matterCode: 'declaration', start: last, applicant: applicant(3) }).expect(201);
      const after = (await days(`from=${THU}&to=${THU}&matter=declaration`).expect(200)).body[0].free;
      const now = (await t.http().get(`/api/points/${w.pointId}/slots?date=${THU}&matter=declaration`).expect(200)).body.length;
      expect(after).toBe(now);
      expect(after).toBeLessThan(before);
    });

    it.each([
      ['to before from', 'from=2026-12-05&to=2026-12-01&matter=declaration', 'to'],
      ['a range longer than the horizon', 'from=2026-12-01&to=2027-06-01&matter=declaration', 'to'],
      ['an impossible date', 'from=2026-02-30&to=2026-03-01&matter=declaration', 'from'],
      ['no to', 'from=2026-12-01&matter=declaration', 'to'],
    ])('answers 400 naming the field for %s', async (_name, q, field) => {
      const res = await days(q).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('throttles anonymous calendar reads per address, availability and slots together; staff are not counted', async () => {
      const tt = await startTestApp({ TRUST_PROXY: 'loopback', PUBLIC_READS_PER_MINUTE: '3' }, { clock: new ShiftedClock(NOW) });
      try {
        const ww = await buildWorld(tt);
        const read = (what: 'availability' | 'slots', ip: string, token?: string) => {
          const q = what === 'slots' ? `date=${TUE}&matter=declaration` : `from=${TUE}&to=2026-12-07&matter=declaration`;
          const req = tt.http().get(`/api/points/${ww.pointId}/${what}?${q}`).set('X-Forwarded-For', ip);
          return token ? req.set(bearer(token)) : req;
        };
        expect((await read('availability', '10.3.0.1')).status).toBe(200);
        expect((await read('slots', '10.3.0.1')).status).toBe(200);
        expect((await read('availability', '10.3.0.1')).status).toBe(200);
        const fourth = await read('availability', '10.3.0.1');
        expect({ status: fourth.status, code: fourth.body.code }).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS' });
        expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(0);
        expect((await read('slots', '10.3.0.1')).status).toBe(429);
        // Another address has its own count; the point's assistant behind the same address is not counted.
        expect((await read('availability', '10.3.0.2')).status).toBe(200);
        expect((await read('availability', '10.3.0.1', ww.assistant.token)).status).toBe(200);
        expect((await read('slots', '10.3.0.1', ww.assistant.token)).status).toBe(200);
      } finally {
        await tt.close();
      }
    });

    it('answers 404 for an unknown matter or point', async () => {
      expect((await days(`from=${TUE}&to=${TUE}&matter=nope`).expect(404)).body.code).toBe('MATTER_NOT_FOUND');
      await t
        .http()
        .get(`/api/points/00000000-0000-4000-8000-000000000000/availability?from=${TUE}&to=${TUE}&matter=declaration`)
        .expect(404);
    });
  });

  describe('creating bookings', () => {
    it('books anonymously: 201 confirmed with case number, access code, notary, point, matter, times', async () => {
      const res = await book({ pointId: w.pointId, matterCode: 'declaration', start: at('09:00'), applicant: applicant() }).expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        caseNo: expect.stringMatching(/^RN20261130-[0-9A-Z]{6}$/),
        accessCode: expect.stringMatching(/^\d{8}$/),
        status: 'confirmed',
        notary: { id: expect.any(String), displayName: expect.any(String) },
        point: { id: w.pointId, name: expect.any(String) },
        matter: { code: 'declaration', nameZh: '声明' },
        start: at('09:00'),
        end: expect.stringMatching(/^2026-12-01T09:\d\d:00\+08:00$/),
      });
      expect(res.body.applicant).toEqual({ name: '王堃', idNumberMasked: '3211**********0013', phoneMasked: '139****5678' });
      // Stored only as a keyed hash; the ID and phone never appear raw in the row or the audit chain.
      const [row] = await t.db.query(`SELECT * FROM bookings WHERE id = $1`, [res.body.id]);
      expect(JSON.stringify(row)).not.toContain(res.body.accessCode);
      expect(JSON.stringify(row)).not.toContain(ID_NUMBERS[0]);
      expect(JSON.stringify(row)).not.toContain('13912345678');
      const audit = await t.db.query(`SELECT payload FROM audit_entries WHERE subject_id = $1`, [res.body.id]);
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toMatch(/321181199003070013|13912345678/);
    });

    it('lets the point’s assistant book and spreads bookings over the notaries (fewest that day first)', async () => {
      const a = await book(
        { pointId: w.pointId, matterCode: 'declaration', start: at('10:00'), applicant: applicant(1) },
        w.assistant.token,
      ).expect(201);
      const b = await book(
        { pointId: w.pointId, matterCode: 'declaration', start: at('14:00'), applicant: applicant(2) },
        w.assistant.token,
      ).expect(201);
      expect(a.body.notary.id).not.toBe(b.body.notary.id);
    });

    // The booking route reads the caller's account in its own transaction, beside the placement.
    it('refuses another point’s assistant with 403 and a disabled account with 401 at once, writing nothing', async () => {
      const other = await buildWorld(t);
      const body = { pointId: other.pointId, matterCode: 'declaration', start: at('16:00'), applicant: applicant(3) };
      await refused(() => book(body, w.assistant.token), 403, 'OUT_OF_SCOPE');
      await book(body, other.assistant.token).expect(201);
      await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [other.assistant.id]);
      await refused(() => book({ ...body, start: at('16:30') }, other.assistant.token), 401, 'INVALID_TOKEN');
      // The input is checked before the account is read: bad input gets its 400, as it would anonymously.
      await refused(
        () => book({ ...body, applicant: { ...applicant(), idNumber: '321181199003070014' } }, other.assistant.token),
        400,
        'INVALID_ID_NUMBER',
      );
    });

    it.each([
      [
        'an ID number with a wrong check digit',
        { applicant: { ...applicant(), idNumber: '321181199003070014' } },
        400,
        'INVALID_ID_NUMBER',
      ],
      ['a 17-character ID number', { applicant: { ...applicant(), idNumber: '32118119900307001' } }, 400, 'INVALID_ID_NUMBER'],
      ['a landline instead of a mobile', { applicant: { ...applicant(), phone: '0511-86000000' } }, 400, 'INVALID_PHONE'],
      ['a start outside opening hours', { start: at('12:30') }, 422, 'OUTSIDE_OPENING_HOURS'],
      ['a start on a closed day', { start: at('09:00', '2026-12-06') }, 422, 'OUTSIDE_OPENING_HOURS'],
      ['a start in the past', { start: at('07:00', '2026-11-30') }, 422, 'START_IN_PAST'],
      ['a start inside the minimum notice', { start: at('08:15', '2026-11-30') }, 422, 'INSIDE_MINIMUM_NOTICE'],
      ['a start beyond the horizon', { start: at('09:00', '2027-01-05') }, 422, 'BEYOND_HORIZON'],
      ['an unknown matter', { matterCode: 'no_such_matter' }, 404, 'MATTER_NOT_FOUND'],
      ['a time without an offset', { start: '2026-12-01T09:00:00' }, 400, 'VALIDATION_FAILED'],
    ])('refuses %s, writing nothing', async (_what, over, status, code) => {
      await refused(
        () => book({ pointId: w.pointId, matterCode: 'declaration', start: at('15:00'), applicant: applicant(), ...over }),
        status,
        code,
      );
    });

    it('refuses a disabled matter and a suspended point with 422, writing nothing', async () => {
      await t.http().patch('/api/matters/birth').set(bearer(w.adminToken)).send({ enabled: false }).expect(200);
      await refused(
        () => book({ pointId: w.pointId, matterCode: 'birth', start: at('15:00'), applicant: applicant() }),
        422,
        'MATTER_DISABLED',
      );
      const other = await buildWorld(t);
      await t.http().patch(`/api/points/${other.pointId}`).set(bearer(w.adminToken)).send({ status: 'suspended' }).expect(200);
      await refused(
        () => book({ pointId: other.pointId, matterCode: 'declaration', start: at('15:00'), applicant: applicant() }),
        422,
        'POINT_SUSPENDED',
      );
      await refused(
        () => book({ pointId: w.pointId, matterCode: 'declaration', start: at('15:00'), applicant: applicant() }, other.assistant.token),
        403,
        'OUT_OF_SCOPE',
      );
      await refused(
        () => book({ pointId: w.pointId, matterCode: 'declaration', start: at('15:00'), applicant: applicant() }, w.notaries[0].token),
        403,
        'FORBIDDEN_ROLE',
      );
    });

    it('throttles anonymous bookings per address', async () => {
      const tt = await startTestApp({ TRUST_PROXY: 'loopback', PUBLIC_BOOKINGS_PER_HOUR: '2' }, { clock: new ShiftedClock(NOW) });
      try {
        const ww = await buildWorld(tt);
        const send = (start: string, ip: string) =>
          tt
            .http()
            .post('/api/bookings')
            .set('X-Forwarded-For', ip)
            .send({ pointId: ww.pointId, matterCode: 'declaration', start: at(start), applicant: applicant() });
        expect((await send('09:00', '10.2.0.1')).status).toBe(201);
        expect((await send('10:00', '10.2.0.1')).status).toBe(201);
        const third = await send('11:00', '10.2.0.1');
        expect({ status: third.status, code: third.body.code }).toEqual({ status: 429, code: 'TOO_MANY_REQUESTS' });
        expect((await send('11:00', '10.2.0.2')).status).toBe(201);
      } finally {
        await tt.close();
      }
    });
  });

  describe('no double booking, ever', () => {
    it('confirms exactly one of 100 concurrent requests for one slot at a one-notary office; the rest get 409 SLOT_TAKEN', async () => {
      const solo = await buildWorld(t, { notaries: 1 });
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          book({ pointId: solo.pointId, matterCode: 'declaration', start: at('09:30'), applicant: applicant(i) }, solo.assistant.token),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(99);
      expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['SLOT_TAKEN']));
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM bookings WHERE point_id = $1 AND status = 'confirmed'`, [
        solo.pointId,
      ]);
      expect(n).toBe(1);
    });

    it('lets the database itself refuse an overlapping booking for a notary or a terminal, past the service', async () => {
      const [b] = await t.db.query(`SELECT * FROM bookings WHERE status = 'confirmed' LIMIT 1`);
      const [spare] = await t.db.query(
        `INSERT INTO terminals (point_id, label, kid, alg, public_jwk) VALUES ($1, 'spare', 'raw-spare-kid', 'EdDSA', '{}') RETURNING id`,
        [b.point_id],
      );
      const [otherNotary] = await t.db.query(`SELECT user_id FROM notaries WHERE office_id = $1 AND user_id <> $2 LIMIT 1`, [
        b.office_id,
        b.notary_id,
      ]);
      const copy = (notary: string, terminal: string, caseNo: string) =>
        t.db.query(
          `INSERT INTO bookings (case_no, access_code_hash, kind, status, point_id, office_id, matter_code, notary_id, terminal_id, during,
             applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc, applicant_phone_masked, created_by)
           SELECT $4, 'x', 'appointment', 'confirmed', point_id, office_id, matter_code, $2, $3, during,
             'x', 'x', 'x', 'x', 'x', 'x', 'test' FROM bookings WHERE id = $1`,
          [b.id, notary, terminal, caseNo],
        );
      // Same notary, another terminal: only the notary constraint can refuse it.
      await expect(copy(b.notary_id, spare.id, 'RN-RAW-1')).rejects.toThrow(/bookings_notary_no_overlap/);
      // Same terminal, another notary: only the terminal constraint can refuse it.
      await expect(copy(otherNotary.user_id, b.terminal_id, 'RN-RAW-2')).rejects.toThrow(/bookings_terminal_no_overlap/);
      await t.db.query(`UPDATE terminals SET status = 'disabled', disabled_at = now() WHERE id = $1`, [spare.id]);
    });
  });

  describe('citizen access and managing a booking', () => {
    let booking: { id: string; caseNo: string; accessCode: string; notary: { id: string } };
    let citizen: string;

    beforeAll(async () => {
      booking = (await book({ pointId: w.pointId, matterCode: 'entrustment', start: at('15:30'), applicant: applicant(3) }).expect(201))
        .body;
    });

    it('signs a citizen in with case number and access code, scoped to that one case', async () => {
      const res = await t.http().post('/api/auth/case-access').send({ caseNo: booking.caseNo, accessCode: booking.accessCode }).expect(200);
      citizen = res.body.accessToken;
      const own = await t.http().get(`/api/bookings/${booking.id}`).set(bearer(citizen)).expect(200);
      expect(own.body).toMatchObject({ caseNo: booking.caseNo, status: 'confirmed' });
      expect(own.body.applicant.idNumber).toBeUndefined();
      const someoneElse = (await t.db.query(`SELECT id FROM bookings WHERE id <> $1 LIMIT 1`, [booking.id]))[0].id;
      expect((await t.http().get(`/api/bookings/${someoneElse}`).set(bearer(citizen)).expect(404)).body.code).toBe('BOOKING_NOT_FOUND');
      await t.http().get('/api/bookings').set(bearer(citizen)).expect(403);
    });

    it('shows the full ID number to the notary handling the case only', async () => {
      const handling = w.notaries.find((n) => n.id === booking.notary.id)!;
      const full = await t.http().get(`/api/bookings/${booking.id}`).set(bearer(handling.token)).expect(200);
      expect(full.body.applicant.idNumber).toBe(ID_NUMBERS[3]);
      const colleague = w.notaries.find((n) => n.id !== booking.notary.id)!;
      const masked = await t.http().get(`/api/bookings/${booking.id}`).set(bearer(colleague.token)).expect(200);
      expect(masked.body.applicant.idNumber).toBeUndefined();
      const assistant = await t.http().get(`/api/bookings/${booking.id}`).set(bearer(w.assistant.token)).expect(200);
      expect(assistant.body.applicant.idNumberMasked).toBe('3211**********015X');
    });

    it('lists the day’s bookings to staff within their scope', async () => {
      const mine = (await t.http().get(`/api/bookings?date=${TUE}`).set(bearer(w.assistant.token)).expect(200)).body;
      expect(mine.length).toBeGreaterThanOrEqual(4);
      expect(mine.every((b: { point: { id: string } }) => b.point.id === w.pointId)).toBe(true);
      const other = await buildWorld(t);
      expect(
        (await t.http().get(`/api/bookings?pointId=${w.pointId}&date=${TUE}`).set(bearer(other.assistant.token)).expect(403)).body.code,
      ).toBe('OUT_OF_SCOPE');
      await t.http().get(`/api/bookings?pointId=${w.pointId}&date=${TUE}`).set(bearer(other.notaries[0].token)).expect(403);
      expect((await t.http().get(`/api/bookings?date=${TUE}`).set(bearer(w.notaries[0].token)).expect(200)).body.length).toBe(mine.length);
    });

    it('refuses wrong codes with 401, throttles guessing per case with 429, and audits it', async () => {
      const elsewhere = await buildWorld(t);
      const other = (
        await book({ pointId: elsewhere.pointId, matterCode: 'declaration', start: at('16:00'), applicant: applicant() }).expect(201)
      ).body;
      for (let i = 0; i < 5; i++) {
        const res = await t.http().post('/api/auth/case-access').send({ caseNo: other.caseNo, accessCode: '00000000' });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'INVALID_CASE_ACCESS' });
      }
      const blocked = await t.http().post('/api/auth/case-access').send({ caseNo: other.caseNo, accessCode: other.accessCode });
      expect({ status: blocked.status, code: blocked.body.code }).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
      const unknown = await t.http().post('/api/auth/case-access').send({ caseNo: 'RN00000000-XXXXXX', accessCode: '12345678' });
      expect(unknown.status).toBe(401);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE action = 'booking.access.failed' AND subject_id = $1`,
        [other.caseNo],
      );
      expect(n).toBe(5);
    });

    it('serves a calendar invite in Asia/Shanghai time with the point, case number and materials', async () => {
      const res = await t.http().get(`/api/bookings/${booking.id}/invite.ics`).set(bearer(citizen)).expect(200);
      expect(res.headers['content-type']).toContain('text/calendar');
      const ics = res.text.replace(/\r\n[ \t]/g, '');
      expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:20261201T153000');
      expect(ics).toContain('TZID:Asia/Shanghai');
      expect(ics).toContain(booking.caseNo);
      expect(ics).toMatch(/LOCATION:服务点/);
      expect(ics).toContain('申请人居民身份证');
    });

    it('reschedules atomically: a taken time leaves the booking where it was', async () => {
      // Fill both notaries at 11:00 so nobody is free there.
      await book({ pointId: w.pointId, matterCode: 'declaration', start: at('11:00'), applicant: applicant() }, w.assistant.token).expect(
        201,
      );
      const extra = await t
        .http()
        .post(`/api/points/${w.pointId}/terminals`)
        .set(bearer(w.adminToken))
        .send({ label: 'second', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' } });
      expect(extra.status).toBe(201);
      await book({ pointId: w.pointId, matterCode: 'declaration', start: at('11:00'), applicant: applicant() }, w.assistant.token).expect(
        201,
      );
      const before = (await t.http().get(`/api/bookings/${booking.id}`).set(bearer(citizen))).body;
      const res = await t
        .http()
        .post(`/api/bookings/${booking.id}/reschedule`)
        .set(bearer(citizen))
        .send({ start: at('11:00') });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'SLOT_TAKEN' });
      expect((await t.http().get(`/api/bookings/${booking.id}`).set(bearer(citizen))).body.start).toBe(before.start);
      const moved = await t
        .http()
        .post(`/api/bookings/${booking.id}/reschedule`)
        .set(bearer(citizen))
        .send({ start: at('16:30') })
        .expect(200);
      expect(moved.body.start).toBe(at('16:30'));
      const slots = (await t.http().get(`/api/points/${w.pointId}/slots?date=${TUE}&matter=entrustment`)).body.map(
        (s: { start: string }) => s.start,
      );
      expect(slots).toContain(at('15:30'));
    });

    it('records a no-show only after the grace period, and cancels with a reason', async () => {
      const today = (
        await book(
          { pointId: w.pointId, matterCode: 'declaration', start: at('09:00', '2026-11-30'), applicant: applicant() },
          w.assistant.token,
        ).expect(201)
      ).body;
      const early = await t.http().post(`/api/bookings/${today.id}/no-show`).set(bearer(w.assistant.token));
      expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'NO_SHOW_TOO_EARLY' });
      clock.advance(80 * 60_000); // now about 09:20: past 09:00 plus the 15-minute grace
      const res = await t.http().post(`/api/bookings/${today.id}/no-show`).set(bearer(w.assistant.token)).expect(200);
      expect(res.body.status).toBe('no_show');
      await t.http().post(`/api/bookings/${today.id}/no-show`).set(bearer(w.notaries[0].token)).expect(403);

      const c = await t.http().post(`/api/bookings/${booking.id}/cancel`).set(bearer(citizen)).send({ reason: '改期' }).expect(200);
      expect(c.body).toMatchObject({ status: 'cancelled', cancelReason: '改期' });
      const again = await t.http().post(`/api/bookings/${booking.id}/cancel`).set(bearer(citizen)).send({ reason: '再次' });
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'BOOKING_NOT_CANCELLABLE' });
      const trail = (await t.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [booking.id])).map(
        (r: { action: string }) => r.action,
      );
      expect(trail).toEqual(['booking.created', 'booking.access.granted', 'booking.rescheduled', 'booking.cancelled']);
    });
  });

  describe('schedules and duty', () => {
    it('lets a notary set and read their schedule; others may not change it', async () => {
      const n = w.notaries[1];
      const weekly = { mon: [['09:00', '11:00']], tue: [['13:30', '17:30']] };
      const res = await t
        .http()
        .put(`/api/notaries/${n.id}/schedule`)
        .set(bearer(n.token))
        .send({ weekly, exceptions: [{ date: '2026-12-24', ranges: [] }] })
        .expect(200);
      expect(res.body).toMatchObject({ weekly, exceptions: [{ date: '2026-12-24', ranges: [] }], onDuty: false });
      expect((await t.http().get(`/api/notaries/${n.id}/schedule`).set(bearer(w.notaries[0].token)).expect(200)).body.weekly).toEqual(
        weekly,
      );
      await t.http().put(`/api/notaries/${n.id}/schedule`).set(bearer(w.notaries[0].token)).send({ weekly, exceptions: [] }).expect(403);
      const bad = await t
        .http()
        .put(`/api/notaries/${n.id}/schedule`)
        .set(bearer(n.token))
        .send({ weekly: { mon: [['11:00', '09:00']] }, exceptions: [] })
        .expect(400);
      expect(bad.body.code).toBe('INVALID_SCHEDULE');
      await t
        .http()
        .put(`/api/notaries/${n.id}/schedule`)
        .set(bearer(w.adminToken))
        .send({
          weekly: {
            mon: [['08:00', '18:00']],
            tue: [['08:00', '18:00']],
            wed: [['08:00', '18:00']],
            thu: [['08:00', '18:00']],
            fri: [['08:00', '18:00']],
          },
          exceptions: [],
        })
        .expect(200);
    });
  });

  describe('walk-ins', () => {
    let office: World;
    const sockets: Socket[] = [];
    afterAll(() => sockets.forEach((s) => s.disconnect()));

    function listen(token: string): Promise<{ socket: Socket; events: { name: string; payload: { id: string } }[] }> {
      return new Promise((resolve, reject) => {
        const socket = io(`${t.url}/staff`, { auth: { token }, transports: ['websocket'], forceNew: true });
        sockets.push(socket);
        const events: { name: string; payload: { id: string } }[] = [];
        socket.onAny((name: string, payload: { id: string }) => events.push({ name, payload }));
        socket.on('connect', () => resolve({ socket, events }));
        socket.on('connect_error', reject);
      });
    }
    const until = async (cond: () => boolean) => {
      for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(cond()).toBe(true);
    };

    beforeAll(async () => {
      office = await buildWorld(t, { notaries: 3 });
      for (const n of office.notaries.slice(0, 2))
        await t.http().put(`/api/notaries/${n.id}/duty`).set(bearer(n.token)).send({ onDuty: true }).expect(200);
    });

    it('refuses the staff socket without a valid token', async () => {
      await expect(listen('not-a-token')).rejects.toThrow(/TOKEN_INVALID/);
      await expect(listen('')).rejects.toThrow(/TOKEN_MISSING/);
    });

    it('tells on-duty notaries at once; the first claim wins, the others get 409 ALREADY_CLAIMED', async () => {
      const [a, b, offDuty] = await Promise.all(office.notaries.map((n) => listen(n.token)));
      const res = await t
        .http()
        .post('/api/bookings/walk-in')
        .set(bearer(office.assistant.token))
        .send({ pointId: office.pointId, matterCode: 'entrustment', applicant: applicant() })
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'waiting',
        caseNo: expect.any(String),
        accessCode: expect.stringMatching(/^\d{8}$/),
        notary: null,
      });
      await until(() => a.events.some((e) => e.name === 'walk-in.waiting') && b.events.some((e) => e.name === 'walk-in.waiting'));
      expect(offDuty.events).toEqual([]);

      const queue = (await t.http().get('/api/queue').set(bearer(office.notaries[0].token)).expect(200)).body;
      expect(queue.map((q: { id: string }) => q.id)).toEqual([res.body.id]);
      expect(queue[0].waitingSeconds).toBeGreaterThanOrEqual(0);

      const claims = await Promise.all(
        office.notaries.slice(0, 2).map((n) => t.http().post(`/api/bookings/${res.body.id}/claim`).set(bearer(n.token))),
      );
      expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
      const winner = claims.find((c) => c.status === 200)!;
      expect(winner.body).toMatchObject({ status: 'confirmed', notary: { id: expect.any(String) }, start: expect.any(String) });
      expect(claims.find((c) => c.status === 409)!.body.code).toBe('ALREADY_CLAIMED');
      await until(() => a.events.some((e) => e.name === 'walk-in.claimed') && b.events.some((e) => e.name === 'walk-in.claimed'));
      expect((await t.http().get('/api/queue').set(bearer(office.notaries[0].token)).expect(200)).body).toEqual([]);
    });

    it('refuses a claim by an off-duty notary and by another office', async () => {
      const res = await t
        .http()
        .post('/api/bookings/walk-in')
        .set(bearer(office.assistant.token))
        .send({ pointId: office.pointId, matterCode: 'declaration', applicant: applicant(1) })
        .expect(201);
      const off = await t.http().post(`/api/bookings/${res.body.id}/claim`).set(bearer(office.notaries[2].token));
      expect({ status: off.status, code: off.body.code }).toEqual({ status: 409, code: 'NOT_ON_DUTY' });
      await t.http().post(`/api/bookings/${res.body.id}/claim`).set(bearer(w.notaries[0].token)).expect(404);
      await t
        .http()
        .post('/api/bookings/walk-in')
        .set(bearer(w.assistant.token))
        .send({ pointId: office.pointId, matterCode: 'declaration', applicant: applicant() })
        .expect(403);
    });

    it('expires unclaimed walk-ins and tells the on-duty notaries', async () => {
      const { events } = await listen(office.notaries[0].token);
      const res = await t
        .http()
        .post('/api/bookings/walk-in')
        .set(bearer(office.assistant.token))
        .send({ pointId: office.pointId, matterCode: 'declaration', applicant: applicant(2) })
        .expect(201);
      clock.advance(31 * 60_000);
      const queue = (await t.http().get('/api/queue').set(bearer(office.notaries[0].token)).expect(200)).body;
      expect(queue.map((q: { id: string }) => q.id)).not.toContain(res.body.id);
      await until(() => events.some((e) => e.name === 'walk-in.expired' && e.payload.id === res.body.id));
      expect((await t.http().get(`/api/bookings/${res.body.id}`).set(bearer(office.assistant.token))).body.status).toBe('expired');
    });
  });

  it('documents the booking routes in OpenAPI', async () => {
    const paths = Object.keys((await t.http().get('/api/docs-json')).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/points/{id}/slots',
        '/api/bookings',
        '/api/bookings/walk-in',
        '/api/bookings/{id}',
        '/api/bookings/{id}/cancel',
        '/api/bookings/{id}/reschedule',
        '/api/bookings/{id}/no-show',
        '/api/bookings/{id}/claim',
        '/api/bookings/{id}/invite.ics',
        '/api/queue',
        '/api/auth/case-access',
        '/api/notaries/{id}/schedule',
        '/api/notaries/{id}/duty',
      ]),
    );
  });
});
