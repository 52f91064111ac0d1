import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { ShiftedClock } from '../src/common/clock.js';
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminPost, buildWorld, ID_NUMBERS, type World } from './support/fixtures.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const TURN_SECRET = 'turn-shared-secret-for-tests';
// A 1×1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('live session', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let w: World;
  let terminal: SimulatedTerminal;
  let slot = 0;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    t = await startTestApp(
      { ACCESS_TOKEN_TTL_SECONDS: '86400', TURN_URLS: 'turn:turn.example.org:3478?transport=udp', TURN_SECRET },
      { clock },
    );
    w = await buildWorld(t, { notaries: 1, hours: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] } });
    await t
      .http()
      .put(`/api/notaries/${w.notaries[0].id}/schedule`)
      .set(bearer(w.adminToken))
      .send({ weekly: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] }, exceptions: [] })
      .expect(200);
    terminal = await createSimulatedTerminal();
    terminal.kid = (
      await adminPost(t, w.adminToken, `/api/points/${w.pointId}/terminals`, { label: '模拟终端', publicKeyJwk: terminal.publicJwk })
    ).kid;
  });
  afterAll(() => t.close());

  /** A confirmed booking in its own half hour (from Monday 10:00 on), so bookings never collide. */
  async function booking(i = 0) {
    const start = new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000);
    const res = await t
      .http()
      .post('/api/bookings')
      .set(bearer(w.assistant.token))
      .send({
        pointId: w.pointId,
        matterCode: 'declaration',
        start: start.toISOString(),
        applicant: { name: '王堃', idNumber: ID_NUMBERS[i], phone: '13912345678' },
      })
      .expect(201);
    return res.body as { id: string; caseNo: string; accessCode: string };
  }

  const reading = (
    bookingId: string,
    over: Partial<{ name: string; idNumber: string; validUntil: string; score: number; liveness: boolean }> = {},
  ) => ({
    bookingId,
    idCard: { name: over.name ?? '王堃', idNumber: over.idNumber ?? ID_NUMBERS[0], validUntil: over.validUntil ?? '2036-01-01' },
    faceMatch: { score: over.score ?? 0.93, liveness: over.liveness ?? true },
    photo: new TextEncoder().encode('simulated camera frame'),
  });

  const checkIn = (bookingId: string, attestation: string) =>
    t.http().post(`/api/bookings/${bookingId}/check-in`).set(bearer(w.assistant.token)).send({ attestation });

  async function checkedInSession(i = 0) {
    const b = await booking(i);
    await checkIn(b.id, await attest(terminal, reading(b.id, { idNumber: ID_NUMBERS[i] }), { now: clock.now() })).expect(200);
    const s = (await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: b.id }).expect(201)).body;
    return { booking: b, session: s as { id: string; status: string } };
  }

  describe('check-in with signed identity evidence', () => {
    it('checks the applicant in with a valid simulator attestation and audits it without the raw ID number', async () => {
      const b = await booking();
      const res = await checkIn(b.id, await attest(terminal, reading(b.id), { now: clock.now() })).expect(200);
      expect(res.body).toEqual({ status: 'checked_in' });
      const [entry] = await t.db.query(
        `SELECT payload FROM audit_entries WHERE subject_id = $1 AND action = 'session.check_in.succeeded'`,
        [b.id],
      );
      expect(entry.payload).toMatchObject({
        outcome: 'checked_in',
        faceScore: 0.93,
        liveness: true,
        photoSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(JSON.stringify(entry)).not.toContain(ID_NUMBERS[0]);
      const again = await checkIn(b.id, await attest(terminal, reading(b.id), { now: clock.now() }));
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'ALREADY_CHECKED_IN' });
    });

    it.each([
      ['ID_MISMATCH', { idNumber: ID_NUMBERS[1] }],
      ['ID_MISMATCH', { name: '王昆' }],
      ['ID_EXPIRED', { validUntil: '2026-11-29' }],
      ['FACE_MISMATCH', { score: 0.79 }],
      ['LIVENESS_FAILED', { liveness: false }],
    ])('refuses with 422 %s (%j), recording the failure', async (code, over) => {
      const b = await booking();
      const res = await checkIn(b.id, await attest(terminal, reading(b.id, over), { now: clock.now() }));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code });
      const [{ outcome }] = await t.db.query(`SELECT outcome FROM check_ins WHERE booking_id = $1`, [b.id]);
      expect(outcome).toBe(code);
      expect((await t.http().get(`/api/bookings/${b.id}`).set(bearer(w.assistant.token))).body.status).toBe('confirmed');
    });

    it('accepts a card valid for life (长期)', async () => {
      const b = await booking();
      await checkIn(b.id, await attest(terminal, reading(b.id, { validUntil: '长期' }), { now: clock.now() })).expect(200);
    });

    it('refuses a replayed attestation with ATTESTATION_REPLAYED', async () => {
      const b = await booking();
      const jws = await attest(terminal, reading(b.id, { score: 0.1 }), { now: clock.now() });
      expect((await checkIn(b.id, jws)).body.code).toBe('FACE_MISMATCH');
      const res = await checkIn(b.id, jws);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'ATTESTATION_REPLAYED' });
    });

    it.each([
      [
        'signed by an unregistered key',
        async (bookingId: string) =>
          attest({ ...(await createSimulatedTerminal()), kid: terminal.kid }, reading(bookingId), { now: clock.now() }),
      ],
      [
        'older than five minutes',
        async (bookingId: string) => attest(terminal, reading(bookingId), { now: new Date(clock.now().getTime() - 6 * 60_000) }),
      ],
      [
        'dated in the future',
        async (bookingId: string) => attest(terminal, reading(bookingId), { now: new Date(clock.now().getTime() + 10 * 60_000) }),
      ],
      ['for another booking', async () => attest(terminal, reading('00000000-0000-4000-8000-000000000000'), { now: clock.now() })],
      ['not a JWS at all', async () => 'this-is-not.a-jws-at-all.really'],
    ])('refuses an attestation %s with ATTESTATION_INVALID', async (_what, make) => {
      const b = await booking();
      const res = await checkIn(b.id, await make(b.id));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'ATTESTATION_INVALID' });
    });

    it('refuses a terminal of another point and a disabled terminal', async () => {
      const other = await buildWorld(t);
      const foreign = await createSimulatedTerminal();
      foreign.kid = (
        await adminPost(t, other.adminToken, `/api/points/${other.pointId}/terminals`, { label: 'x', publicKeyJwk: foreign.publicJwk })
      ).kid;
      const b = await booking();
      expect((await checkIn(b.id, await attest(foreign, reading(b.id), { now: clock.now() }))).body.code).toBe('ATTESTATION_INVALID');
      const spare = await createSimulatedTerminal();
      const reg = await adminPost(t, w.adminToken, `/api/points/${w.pointId}/terminals`, { label: 'spare', publicKeyJwk: spare.publicJwk });
      spare.kid = reg.kid;
      await t.http().post(`/api/terminals/${reg.id}/disable`).set(bearer(w.assistant.token)).expect(200);
      const b2 = await booking();
      const res = await checkIn(b2.id, await attest(spare, reading(b2.id), { now: clock.now() }));
      expect(res.body).toMatchObject({ code: 'ATTESTATION_INVALID', message: expect.stringContaining('disabled') });
    });

    it('locks after 3 failures until the assigned notary records an override', async () => {
      const b = await booking();
      for (let i = 0; i < 3; i++)
        expect((await checkIn(b.id, await attest(terminal, reading(b.id, { score: 0.2 }), { now: clock.now() }))).status).toBe(422);
      const locked = await checkIn(b.id, await attest(terminal, reading(b.id), { now: clock.now() }));
      expect({ status: locked.status, code: locked.body.code }).toEqual({ status: 409, code: 'CHECK_IN_LOCKED' });
      await t
        .http()
        .post(`/api/bookings/${b.id}/check-in-override`)
        .set(bearer(w.assistant.token))
        .send({ reason: '经视频核实为本人' })
        .expect(403);
      await t
        .http()
        .post(`/api/bookings/${b.id}/check-in-override`)
        .set(bearer(w.notaries[0].token))
        .send({ reason: '经视频核实为本人，光线原因比对分数偏低' })
        .expect(200);
      await checkIn(b.id, await attest(terminal, reading(b.id), { now: clock.now() })).expect(200);
      const trail = (await t.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [b.id])).map(
        (r: { action: string }) => r.action,
      );
      expect(trail.filter((a: string) => a === 'session.check_in.failed')).toHaveLength(3);
      expect(trail).toContain('session.check_in.overridden');
    });
  });

  describe('sessions and the state machine', () => {
    it('opens a session only for a checked-in booking, once', async () => {
      const b = await booking();
      const early = await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: b.id });
      // A 409 names the current state on the wire (the state machine's refusals: test/medium/session.medium-spec.ts).
      expect({ status: early.status, code: early.body.code, state: early.body.details?.status }).toEqual({
        status: 409,
        code: 'NOT_CHECKED_IN',
        state: 'confirmed',
      });
      await checkIn(b.id, await attest(terminal, reading(b.id), { now: clock.now() })).expect(200);
      const s = await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: b.id }).expect(201);
      expect(s.body).toEqual({ id: expect.any(String), status: 'waiting_notary' });
      expect((await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: b.id })).body.code).toBe(
        'SESSION_EXISTS',
      );
      await t.http().post('/api/sessions').set(bearer(w.notaries[0].token)).send({ bookingId: b.id }).expect(403);
    });

    it('hands out short-lived join tokens with STUN and coturn REST credentials; the notary joining makes it live', async () => {
      const { session } = await checkedInSession();
      const a = (await t.http().get(`/api/sessions/${session.id}/join`).set(bearer(w.assistant.token)).expect(200)).body;
      expect(a.role).toBe('assistant');
      const claims = decodeJwt(a.token);
      expect(claims).toMatchObject({ sid: session.id, role: 'assistant', aud: 'remote-notary:session' });
      expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(600);
      const turn = a.iceServers.find((s: { username?: string }) => s.username);
      // Short-lived (30 minutes by default) and bound to the session: renewed by calling join again while it runs.
      expect(turn.username).toMatch(new RegExp(`^\\d+:${w.assistant.id}:${session.id}$`));
      const expiry = Number(turn.username.split(':')[0]);
      const nowSeconds = Math.floor(clock.now().getTime() / 1000);
      expect(expiry - nowSeconds).toBeGreaterThan(1700);
      expect(expiry - nowSeconds).toBeLessThanOrEqual(1800);
      expect(turn.credential).toBe(createHmac('sha1', TURN_SECRET).update(turn.username).digest('base64'));
      expect((await t.http().get(`/api/sessions/${session.id}`).set(bearer(w.assistant.token))).body.status).toBe('waiting_notary');
      const n = (await t.http().get(`/api/sessions/${session.id}/join`).set(bearer(w.notaries[0].token)).expect(200)).body;
      expect(n.role).toBe('notary');
      expect((await t.http().get(`/api/sessions/${session.id}`).set(bearer(w.assistant.token))).body.status).toBe('live');
      const other = await buildWorld(t);
      await t.http().get(`/api/sessions/${session.id}/join`).set(bearer(other.notaries[0].token)).expect(404);
    });
  });

  describe('in-session steps', () => {
    let sessionId: string;
    let peer: Socket;
    const states: { status: string }[] = [];

    beforeAll(async () => {
      sessionId = (await checkedInSession()).session.id;
      const { token } = (await t.http().get(`/api/sessions/${sessionId}/join`).set(bearer(w.notaries[0].token)).expect(200)).body;
      peer = io(`${t.url}/signalling`, { auth: { token }, transports: ['websocket'], forceNew: true });
      peer.on('session-state', (s: { status: string }) => states.push(s));
      await new Promise((resolve, reject) => {
        peer.on('joined', resolve);
        peer.on('connect_error', reject);
      });
    });
    afterAll(() => {
      peer.disconnect();
    });

    it('shows the notice, then records its acknowledgement with the hash of the text shown', async () => {
      const notice = (await t.http().get(`/api/sessions/${sessionId}/notice`).set(bearer(w.assistant.token)).expect(200)).body;
      expect(notice.text.length).toBeGreaterThan(50);
      expect(notice.noticeSha256).toMatch(/^[0-9a-f]{64}$/);
      const ack = (await t.http().post(`/api/sessions/${sessionId}/notice-ack`).set(bearer(w.assistant.token)).expect(200)).body;
      expect(ack).toMatchObject({ acknowledged: true, text: notice.text, noticeSha256: notice.noticeSha256 });
      await t.http().post(`/api/sessions/${sessionId}/notice-ack`).set(bearer(w.notaries[0].token)).expect(403);
    });

    it('keeps every version of the interview record', async () => {
      const v1 = (
        await t
          .http()
          .put(`/api/sessions/${sessionId}/record`)
          .set(bearer(w.notaries[0].token))
          .send({ entries: [{ question: '您申请办理什么公证？', answer: '声明书公证。' }] })
          .expect(200)
      ).body;
      const v2 = (
        await t
          .http()
          .put(`/api/sessions/${sessionId}/record`)
          .set(bearer(w.notaries[0].token))
          .send({
            entries: [
              { question: '您申请办理什么公证？', answer: '声明书公证。' },
              { question: '声明内容是否真实？', answer: '真实。' },
            ],
          })
          .expect(200)
      ).body;
      expect(v1.version).toBe(1);
      expect(v2.version).toBe(2);
      expect(v2.recordSha256).not.toBe(v1.recordSha256);
      const current = (await t.http().get(`/api/sessions/${sessionId}/record`).set(bearer(w.assistant.token)).expect(200)).body;
      expect(current).toMatchObject({ version: 2, recordSha256: v2.recordSha256, locked: false });
      expect(current.entries).toHaveLength(2);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM session_records WHERE session_id = $1`, [sessionId]);
      expect(n).toBe(2);
      await t
        .http()
        .put(`/api/sessions/${sessionId}/record`)
        .set(bearer(w.assistant.token))
        .send({ entries: [{ question: 'q', answer: 'a' }] })
        .expect(403);
      await t.http().put(`/api/sessions/${sessionId}/record`).set(bearer(w.notaries[0].token)).send({ entries: [] }).expect(400);
    });

    it('refuses a signature over a stale record, a non-PNG and an oversized image', async () => {
      const v1hash = (await t.db.query(`SELECT sha256 FROM session_records WHERE session_id = $1 AND version = 1`, [sessionId]))[0].sha256;
      const stale = await t
        .http()
        .post(`/api/sessions/${sessionId}/signature`)
        .set(bearer(w.assistant.token))
        .send({ imagePng: PNG, recordSha256: v1hash });
      expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'RECORD_CHANGED' });
      const current = (await t.http().get(`/api/sessions/${sessionId}/record`).set(bearer(w.assistant.token))).body.recordSha256;
      const jpeg = await t
        .http()
        .post(`/api/sessions/${sessionId}/signature`)
        .set(bearer(w.assistant.token))
        .send({ imagePng: Buffer.from('\xff\xd8\xff\xe0 not a png').toString('base64'), recordSha256: current });
      expect({ status: jpeg.status, code: jpeg.body.code }).toEqual({ status: 400, code: 'INVALID_SIGNATURE_IMAGE' });
      const huge = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(210 * 1024)]).toString('base64');
      const big = await t
        .http()
        .post(`/api/sessions/${sessionId}/signature`)
        .set(bearer(w.assistant.token))
        .send({ imagePng: huge, recordSha256: current });
      expect(big.status).toBe(400);
      expect((await t.http().get(`/api/sessions/${sessionId}`).set(bearer(w.assistant.token))).body.status).toBe('live');
    });

    it('takes the signature over the record shown, locks the record, moves to signing and tells the peers', async () => {
      const current = (await t.http().get(`/api/sessions/${sessionId}/record`).set(bearer(w.assistant.token))).body.recordSha256;
      const res = await t
        .http()
        .post(`/api/sessions/${sessionId}/signature`)
        .set(bearer(w.assistant.token))
        .send({ imagePng: PNG, recordSha256: current })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'signing',
        recordSha256: current,
        signatureSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const locked = await t
        .http()
        .put(`/api/sessions/${sessionId}/record`)
        .set(bearer(w.notaries[0].token))
        .send({ entries: [{ question: 'q', answer: 'a' }] });
      expect({ status: locked.status, code: locked.body.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
      const png = await t.http().get(`/api/sessions/${sessionId}/signature.png`).set(bearer(w.notaries[0].token)).expect(200);
      expect(Buffer.from(png.body).toString('base64')).toBe(PNG);
      for (let i = 0; i < 50 && !states.some((s) => s.status === 'signing'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(states.map((s) => s.status)).toContain('signing');
      const view = (await t.http().get(`/api/sessions/${sessionId}`).set(bearer(w.notaries[0].token))).body;
      expect(view).toMatchObject({ status: 'signing', record: { version: 2, locked: true }, signature: { recordSha256: current } });
    });

    it('stores recording chunks in order with a hash chain, refusing gaps', async () => {
      const up = (seq: number, body: Buffer) =>
        t
          .http()
          .post(`/api/sessions/${sessionId}/recordings?seq=${seq}`)
          .set(bearer(w.assistant.token))
          .set('Content-Type', 'application/octet-stream')
          .send(body);
      const c0 = (await up(0, Buffer.from('chunk zero')).expect(201)).body;
      const gap = await up(2, Buffer.from('chunk two'));
      expect({ status: gap.status, code: gap.body.code }).toEqual({ status: 409, code: 'RECORDING_OUT_OF_ORDER' });
      const c1 = (await up(1, Buffer.from('chunk one')).expect(201)).body;
      const manifest = (await t.http().get(`/api/sessions/${sessionId}/recordings`).set(bearer(w.notaries[0].token)).expect(200)).body;
      expect(manifest.chunks.map((c: { seq: number }) => c.seq)).toEqual([0, 1]);
      expect(manifest.finalHash).toBe(c1.chainHash);
      const { createHash } = await import('node:crypto');
      const h = (s: string) => createHash('sha256').update(s).digest('hex');
      expect(c0.chainHash).toBe(h('0'.repeat(64) + h('chunk zero')));
      expect(c1.chainHash).toBe(h(c0.chainHash + h('chunk one')));
      expect((await up(2, Buffer.alloc(0))).status).toBe(400);
    });

    it('audits each step in order', async () => {
      const actions = (await t.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [sessionId])).map(
        (r: { action: string }) => r.action,
      );
      expect(actions.filter((a: string) => !a.startsWith('session.peer.'))).toEqual([
        'session.created',
        'session.live',
        'session.notice.acknowledged',
        'session.record.written',
        'session.record.written',
        'session.signed',
        'session.recording.chunk',
        'session.recording.chunk',
      ]);
      expect(actions).toContain('session.peer.joined');
    });

    it('lets the notary reject a signing session with a reason', async () => {
      const res = await t
        .http()
        .post(`/api/sessions/${sessionId}/reject`)
        .set(bearer(w.notaries[0].token))
        .send({ reason: '申请人对声明内容理解有误' })
        .expect(200);
      expect(res.body).toEqual({ id: sessionId, status: 'rejected' });
      expect((await t.http().get(`/api/sessions/${sessionId}`).set(bearer(w.assistant.token))).body).toMatchObject({
        status: 'rejected',
        endReason: '申请人对声明内容理解有误',
      });
    });
  });
});
