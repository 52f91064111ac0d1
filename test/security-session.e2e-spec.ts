import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { KeyStore } from '../src/auth/key-store.service.js';
import { ShiftedClock } from '../src/common/clock.js';
import { checkCharacter } from '../src/common/id-number.js';
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminPost, buildWorld, ID_NUMBERS, writeCounters, type World } from './support/fixtures.js';
import { recordingClient, type Client } from './support/signalling.js';

// Check-in lock-out under parallel attempts, join tokens and live sockets of ended sessions and
// disabled users, names and ID numbers.
const NOW = new Date('2026-11-30T08:00:00+08:00');

describe('session security', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let w: World;
  let terminal: SimulatedTerminal;
  let slot = 0;
  const open: Client[] = [];
  const staffSockets: Socket[] = [];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' }, { clock });
    w = await buildWorld(t, { notaries: 2, hours: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] } });
    for (const n of w.notaries) {
      await t
        .http()
        .put(`/api/notaries/${n.id}/schedule`)
        .set(bearer(w.adminToken))
        .send({ weekly: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] }, exceptions: [] })
        .expect(200);
    }
    terminal = await createSimulatedTerminal();
    terminal.kid = (
      await adminPost(t, w.adminToken, `/api/points/${w.pointId}/terminals`, { label: '模拟终端', publicKeyJwk: terminal.publicJwk })
    ).kid;
  });
  afterAll(async () => {
    for (const s of [...open, ...staffSockets]) s.disconnect();
    await t.close();
  });

  const applicantOf = (over: Partial<{ name: string; idNumber: string }> = {}) => ({
    name: over.name ?? '王堃',
    idNumber: over.idNumber ?? ID_NUMBERS[0],
    phone: '13912345678',
  });
  const bookAs = (token: string, applicant: object) => {
    const start = new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000);
    return t
      .http()
      .post('/api/bookings')
      .set(bearer(token))
      .send({ pointId: w.pointId, matterCode: 'declaration', start: start.toISOString(), applicant });
  };
  const reading = (bookingId: string, over: Partial<{ name: string; idNumber: string }> = {}) => ({
    bookingId,
    idCard: { name: over.name ?? '王堃', idNumber: over.idNumber ?? ID_NUMBERS[0], validUntil: '2036-01-01' },
    faceMatch: { score: 0.93, liveness: true },
    photo: new TextEncoder().encode('simulated camera frame'),
  });
  const checkIn = (bookingId: string, attestation: string) =>
    t.http().post(`/api/bookings/${bookingId}/check-in`).set(bearer(w.assistant.token)).send({ attestation });

  async function openSession() {
    const b = (await bookAs(w.assistant.token, applicantOf()).expect(201)).body as { id: string; notary: { id: string } };
    await checkIn(b.id, await attest(terminal, reading(b.id), { now: clock.now() })).expect(200);
    const s = (await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: b.id }).expect(201)).body as {
      id: string;
    };
    const notary = w.notaries.find((n) => n.id === b.notary.id)!;
    return { bookingId: b.id, sessionId: s.id, notary };
  }

  const joinToken = async (sessionId: string, token: string) =>
    (await t.http().get(`/api/sessions/${sessionId}/join`).set(bearer(token)).expect(200)).body.token as string;

  /** Connects with a join token: 'joined', or the connect_error code. */
  function connect(token: string) {
    const c = recordingClient(t.url, { token }, open, { reconnection: false });
    const outcome = new Promise<string>((resolve) => {
      c.socket.once('joined', () => resolve('joined'));
      c.socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
    });
    return { ...c, outcome };
  }
  // A ceiling so that a socket the server never closes fails the test instead of hanging it.
  const closed = (s: { connected: boolean; once(e: 'disconnect', f: (reason: string) => void): unknown }) =>
    new Promise<string>((resolve) => {
      if (!s.connected) return resolve('not connected');
      s.once('disconnect', resolve);
      setTimeout(() => resolve('still connected'), 15_000).unref();
    });

  describe('check-in lock-out (item 3)', () => {
    it('10 parallel failing check-ins give 3 × ID_MISMATCH and 7 × CHECK_IN_LOCKED', async () => {
      const b = (await bookAs(w.assistant.token, applicantOf()).expect(201)).body as { id: string };
      const attestations = await Promise.all(
        Array.from({ length: 10 }, () => attest(terminal, reading(b.id, { idNumber: ID_NUMBERS[1] }), { now: clock.now() })),
      );
      const res = await Promise.all(attestations.map((a) => checkIn(b.id, a)));
      const codes = res.map((r) => `${r.status} ${r.body.code}`).sort();
      expect(codes).toEqual([...Array(3).fill('422 ID_MISMATCH'), ...Array(7).fill('409 CHECK_IN_LOCKED')].sort());
      const [{ failures }] = await t.db.query(`SELECT check_in_failures AS failures FROM bookings WHERE id = $1`, [b.id]);
      expect(failures).toBe(3);
    });
  });

  describe('names and ID numbers (item 9)', () => {
    const birth2099 = (() => {
      const first17 = `321181${'20990307'}001`;
      return first17 + checkCharacter(first17);
    })();

    it.each([
      ['an RTL override', { name: '王\u202e堃' }],
      ['a newline with a template', { name: '王堃\n{{x}}' }],
      ['39 combining marks', { name: `王${'\u0301'.repeat(39)}` }],
      ['an ID number born in 2099', { idNumber: birth2099 }],
    ])('refuses %s with 400 and writes nothing', async (_what, over) => {
      const before = await writeCounters(t);
      const res = await bookAs(w.assistant.token, applicantOf(over));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await writeCounters(t)).toEqual(before);
    });

    it('stores names in NFC and compares them at check-in after normalisation', async () => {
      const b = (await bookAs(w.assistant.token, applicantOf({ name: '  Jose\u0301  Martí ' })).expect(201)).body as {
        id: string;
        applicant: { name: string };
      };
      expect(b.applicant.name).toBe('José Martí');
      // The card reader sends the decomposed form.
      await checkIn(b.id, await attest(terminal, reading(b.id, { name: 'Jose\u0301 Marti\u0301' }), { now: clock.now() })).expect(200);
    });
  });

  describe('join tokens and live sockets (item 6)', () => {
    it('an aborted session’s join token no longer connects, and its live peers are disconnected', async () => {
      const { sessionId, notary } = await openSession();
      const live = connect(await joinToken(sessionId, w.assistant.token));
      expect(await live.outcome).toBe('joined');
      const spare = await joinToken(sessionId, notary.token);
      const gone = closed(live.socket);
      await t.http().post(`/api/sessions/${sessionId}/abort`).set(bearer(w.assistant.token)).send({ reason: 'applicant left' }).expect(200);
      expect(await gone).toBe('io server disconnect');
      expect(await connect(spare).outcome).toBe('SESSION_ENDED');
    });

    it('a disabled assistant’s join token no longer connects, and its live socket is disconnected', async () => {
      const { sessionId } = await openSession();
      const username = `temp-assistant-${slot}`;
      const a = await adminPost(t, w.adminToken, `/api/points/${w.pointId}/assistants`, {
        username,
        password: 'assistant-password-2',
        displayName: '临时辅助员',
      });
      const token = await t.login(username, 'assistant-password-2');
      const first = await joinToken(sessionId, token);
      const second = await joinToken(sessionId, token);
      const live = connect(first);
      expect(await live.outcome).toBe('joined');
      const gone = closed(live.socket);
      await t.http().post(`/api/users/${a.id}/disable`).set(bearer(w.adminToken)).expect(200);
      expect(await gone).toBe('io server disconnect');
      expect(await connect(second).outcome).toBe('ACCOUNT_DISABLED');
    });

    it('audits at most 20 presence events per identity and session in 10 minutes (item 8)', async () => {
      const { sessionId } = await openSession();
      const token = await joinToken(sessionId, w.assistant.token);
      for (let i = 0; i < 15; i++) {
        const c = connect(token);
        expect(await c.outcome).toBe('joined');
        c.socket.disconnect();
      }
      const count = async () =>
        Number(
          (
            await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1 AND action LIKE 'session.peer.%'`, [
              sessionId,
            ])
          )[0].n,
        );
      // 30 presence events happened; the leaves are recorded just after the disconnects.
      for (let tries = 0; tries < 100 && (await count()) < 20; tries++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      expect(await count()).toBe(20);
    });

    it('a disabled notary’s /staff socket is disconnected', async () => {
      const n = w.notaries[1];
      const staff = io(`${t.url}/staff`, { auth: { token: n.token }, transports: ['websocket'], forceNew: true, reconnection: false });
      staffSockets.push(staff);
      await new Promise<void>((resolve, reject) => {
        staff.once('connect', () => resolve());
        staff.once('connect_error', reject);
      });
      const gone = closed(staff);
      await t.http().post(`/api/users/${n.id}/disable`).set(bearer(w.adminToken)).expect(200);
      expect(await gone).toBe('io server disconnect');
    });
  });

  describe('smaller ones (item 10)', () => {
    it('an aborted session releases its booking: it can be cancelled, or checked in again', async () => {
      const first = await openSession();
      await t
        .http()
        .post(`/api/sessions/${first.sessionId}/abort`)
        .set(bearer(w.assistant.token))
        .send({ reason: 'connection lost' })
        .expect(200);
      const [{ status }] = await t.db.query(`SELECT status FROM bookings WHERE id = $1`, [first.bookingId]);
      expect(status).toBe('confirmed');
      const cancelled = await t
        .http()
        .post(`/api/bookings/${first.bookingId}/cancel`)
        .set(bearer(w.assistant.token))
        .send({ reason: 'applicant will come back another day' });
      expect({ status: cancelled.status, booking: cancelled.body.status }).toEqual({ status: 200, booking: 'cancelled' });
      // Another one is checked in afresh and gets a new session.
      const second = await openSession();
      await t
        .http()
        .post(`/api/sessions/${second.sessionId}/abort`)
        .set(bearer(w.assistant.token))
        .send({ reason: 'camera failed' })
        .expect(200);
      await checkIn(second.bookingId, await attest(terminal, reading(second.bookingId), { now: clock.now() })).expect(200);
      await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: second.bookingId }).expect(201);
    });

    it('refuses connections to the default socket.io namespace', async () => {
      const anon = io(t.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      staffSockets.push(anon);
      const outcome = await new Promise<string>((resolve) => {
        anon.once('connect', () => resolve('connected'));
        anon.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message));
      });
      expect(outcome).toBe('NO_SUCH_NAMESPACE');
    });

    it('keeps keys per purpose: a token signed with the receipt key is refused', async () => {
      const { kid, key, alg } = await t.app.get(KeyStore).signingKey('receipt');
      const now = Math.floor(clock.now().getTime() / 1000);
      const forged = await new SignJWT({ role: 'admin', officeId: null, pointId: null })
        .setProtectedHeader({ alg, kid, typ: 'JWT' })
        .setIssuer(t.config.publicBaseUrl)
        .setAudience('remote-notary:staff')
        .setSubject((await t.http().get('/api/auth/me').set(bearer(w.adminToken)).expect(200)).body.id)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(key);
      const res = await t.http().get('/api/auth/me').set(bearer(forged));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'INVALID_TOKEN' });
    });
  });

  describe('terminal enrolment (item 11)', () => {
    it('an assistant’s terminal waits for an admin’s approval before it may sign a check-in', async () => {
      const own = await createSimulatedTerminal();
      const reg = await adminPost(t, w.assistant.token, `/api/points/${w.pointId}/terminals`, {
        label: '辅助员自行登记',
        publicKeyJwk: own.publicJwk,
      });
      expect(reg.status).toBe('pending');
      own.kid = reg.kid;
      const b = (await bookAs(w.assistant.token, applicantOf()).expect(201)).body as { id: string };
      const refused = await checkIn(b.id, await attest(own, reading(b.id), { now: clock.now() }));
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'ATTESTATION_INVALID' });
      expect(refused.body.message).toContain('approval');
      const byAssistant = await t.http().post(`/api/terminals/${reg.id}/approve`).set(bearer(w.assistant.token));
      expect(byAssistant.status).toBe(403);
      const approved = await t.http().post(`/api/terminals/${reg.id}/approve`).set(bearer(w.adminToken)).expect(200);
      expect(approved.body).toMatchObject({ status: 'active', approvedAt: expect.any(String) });
      await checkIn(b.id, await attest(own, reading(b.id), { now: clock.now() })).expect(200);
      const actions = (await t.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [reg.id])).map(
        (r: { action: string }) => r.action,
      );
      expect(actions).toEqual(['registry.terminal.registered', 'registry.terminal.approved']);
    });
  });
});
