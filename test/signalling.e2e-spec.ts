import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import type { Socket } from 'socket.io-client';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import { AuditService } from '../src/audit/audit.service.js';
import { KeyStore } from '../src/auth/key-store.service.js';
import { TokenService } from '../src/auth/token.service.js';
import { issueJoinToken } from '../src/signalling/join-token.js';
import type { IncomingSignal, JoinedEvent, PeerRole, SignalAck } from '../src/signalling/protocol.js';
import { SignallingService } from '../src/signalling/signalling.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { recordingClient, type Client, type EventName, type Payload } from './support/signalling.js';

// Long enough that a reconnect on a loaded CI machine still lands inside it (the clients retry
// every 50–100 ms); the tests that wait for it to run out pay this once each.
const GRACE_SECONDS = 5;
const TURN_SECRET = 'test-turn-secret-0123456789';
/** How long a wait for an event may take before the test fails instead of hanging: no speed claim. */
const CEILING_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('signalling gateway', () => {
  let t: TestApp;
  let tokens: TokenService;
  const open: Client[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      SIGNALLING_GRACE_SECONDS: String(GRACE_SECONDS),
      STUN_URLS: 'stun:stun.test:3478',
      TURN_URLS: 'turn:turn.test:3478?transport=udp,turns:turn.test:5349',
      TURN_SECRET,
    });
    tokens = t.app.get(TokenService);
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(() => t.close());

  // ---- helpers --------------------------------------------------------------------------------

  const token = (sessionId: string, userId: string, role: PeerRole) => issueJoinToken(tokens, { sessionId, userId, role });

  /** A client that records every server event it gets, in order. */
  const connect = (auth: Record<string, unknown>, opts: { reconnection?: boolean } = {}) => recordingClient(t.url, auth, open, opts);
  type Peer = ReturnType<typeof connect> & { joined: JoinedEvent };

  async function join(sessionId: string, userId: string, role: PeerRole, opts: { reconnection?: boolean } = {}): Promise<Peer> {
    const c = connect({ token: await token(sessionId, userId, role) }, opts);
    const joined = await new Promise<JoinedEvent>((resolve, reject) => {
      c.socket.once('joined', resolve);
      c.socket.once('connect_error', (err) => reject(new Error(`join refused: ${err.message}`)));
    });
    return { ...c, joined };
  }

  function refused(auth: Record<string, unknown>): Promise<{ message: string; data: unknown }> {
    const c = connect(auth, { reconnection: false });
    return new Promise((resolve, reject) => {
      c.socket.once('connect_error', (err) => resolve({ message: err.message, data: (err as Error & { data?: unknown }).data }));
      c.socket.once('joined', () => reject(new Error('connected, expected a refusal')));
    });
  }

  function next<E extends EventName>(socket: Client, event: E, ms = CEILING_MS): Promise<Payload<E>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
      (socket as unknown as Socket).once(event as string, (payload: Payload<E>) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
  }

  /** Waits until `count` events of a kind have arrived. */
  async function until<E extends EventName>(peer: Peer, event: E, count: number, ms = CEILING_MS): Promise<Payload<E>[]> {
    const deadline = Date.now() + ms;
    while (peer.of(event).length < count) {
      if (Date.now() > deadline) throw new Error(`${event}: ${peer.of(event).length} of ${count} within ${ms} ms`);
      await sleep(10);
    }
    return peer.of(event);
  }

  /** The session's audit entries, once there are at least `count`: a leave is recorded just after it is announced. */
  async function auditOf(sessionId: string, count: number) {
    const deadline = Date.now() + CEILING_MS;
    for (;;) {
      const entries = await t.app.get(AuditService).findForSubject('session', sessionId);
      if (entries.length >= count || Date.now() > deadline) return entries;
      await sleep(20);
    }
  }

  const send = (from: Peer, body: unknown): Promise<SignalAck> =>
    (from.socket as unknown as Socket).timeout(30_000).emitWithAck('signal', body) as Promise<SignalAck>;
  const candidate = (i: number) => ({
    candidate: `candidate:${i} 1 udp 2122260223 192.0.2.${i % 250} ${50000 + i} typ host generation 0`,
    sdpMid: '0',
    sdpMLineIndex: 0,
  });

  /** A notary and an assistant in a new session. */
  async function pair(sessionId = randomUUID()) {
    const notary = await join(sessionId, randomUUID(), 'notary');
    const assistant = await join(sessionId, randomUUID(), 'assistant');
    await until(notary, 'peer-joined', 1);
    return { sessionId, notary, assistant };
  }

  // ---- WebRTC end to end ----------------------------------------------------------------------

  it('lets two WebRTC peers negotiate through it and open a data channel', async () => {
    const { notary, assistant } = await pair();
    expect(notary.joined.polite).toBe(false);
    expect(assistant.joined.polite).toBe(true);
    expect(notary.of('peer-joined')).toEqual([assistant.joined.self]);
    expect(assistant.joined.peers).toEqual([notary.joined.self]);

    // Loopback only: the test machine has no route to a STUN server.
    const config = { iceServers: [], iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'] };
    const acks: SignalAck[] = [];
    const wire = (me: Peer, pc: RTCPeerConnection, other: string) => {
      const relay = (body: object) => void send(me, { to: other, ...body }).then((a) => acks.push(a));
      pc.onicecandidate = ({ candidate: c }) => relay({ candidate: c ? c.toJSON() : null });
      me.socket.on('signal', (s: IncomingSignal) => {
        void (async () => {
          expect(s.from).toBe(other);
          if (s.description) {
            await pc.setRemoteDescription(s.description);
            if (s.description.type === 'offer') {
              await pc.setLocalDescription(await pc.createAnswer());
              relay({ description: { type: 'answer', sdp: pc.localDescription!.sdp } });
            }
          } else if (s.candidate) {
            await pc.addIceCandidate(s.candidate);
          }
        })();
      });
      return relay;
    };
    const a = new RTCPeerConnection(config);
    const b = new RTCPeerConnection(config);
    try {
      const offerVia = wire(notary, a, assistant.joined.self.peerId);
      wire(assistant, b, notary.joined.self.peerId);
      const received = new Promise<string>((resolve) => {
        b.ondatachannel = ({ channel }: { channel: RTCDataChannel }) => {
          channel.onmessage = ({ data }) => resolve(data.toString());
        };
      });
      const channel = a.createDataChannel('interview');
      channel.onopen = () => channel.send('请出示身份证 / please show your ID card');
      await a.setLocalDescription(await a.createOffer());
      offerVia({ description: { type: 'offer', sdp: a.localDescription!.sdp } });

      await expect(within(received, CEILING_MS)).resolves.toBe('请出示身份证 / please show your ID card');
      expect(notary.of('signal').filter((s) => s.description?.type === 'answer')).toHaveLength(1);
      expect(assistant.of('signal').filter((s) => s.description?.type === 'offer')).toHaveLength(1);
      expect(assistant.of('signal').filter((s) => s.candidate).length).toBeGreaterThan(0);
      expect(notary.of('signal').filter((s) => s.candidate).length).toBeGreaterThan(0);
      expect(acks.length).toBeGreaterThan(2);
      expect(acks.every((x) => x.ok)).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('hands each peer STUN and coturn REST API credentials for its own user', async () => {
    const userId = randomUUID();
    const sessionId = randomUUID();
    const before = Math.floor(Date.now() / 1000);
    const p = await join(sessionId, userId, 'assistant');
    const [stun, turn] = p.joined.iceServers;
    expect(stun).toEqual({ urls: ['stun:stun.test:3478'] });
    expect(turn.urls).toEqual(['turn:turn.test:3478?transport=udp', 'turns:turn.test:5349']);
    const [expiry, user, session] = turn.username!.split(':');
    expect(user).toBe(userId);
    expect(session).toBe(sessionId);
    // 30 minutes by default: coturn cannot revoke a credential, so it must not outlive the session by long.
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 1800);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1800);
    expect(turn.credential).toBe(createHmac('sha1', TURN_SECRET).update(turn.username!).digest('base64'));
  });

  // ---- tokens ---------------------------------------------------------------------------------

  describe('refuses at connect', () => {
    it('a handshake without a token', async () => {
      await expect(refused({})).resolves.toEqual({
        message: 'TOKEN_MISSING',
        data: { code: 'TOKEN_MISSING', message: expect.any(String) },
      });
    });

    it('an expired token', async () => {
      const { kid, key, alg } = await t.app.get(KeyStore).signingKey('token');
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ sid: randomUUID(), role: 'notary' })
        .setProtectedHeader({ alg, kid, typ: 'JWT' })
        .setIssuer(t.config.publicBaseUrl)
        .setAudience('remote-notary:session')
        .setSubject(randomUUID())
        .setIssuedAt(now - 700)
        .setExpirationTime(now - 100)
        .sign(key);
      await expect(refused({ token: expired })).resolves.toMatchObject({ message: 'TOKEN_EXPIRED', data: { code: 'TOKEN_EXPIRED' } });
    });

    it('a token whose payload was changed (another session)', async () => {
      const [header, payload, signature] = (await token(randomUUID(), randomUUID(), 'assistant')).split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, sid: randomUUID(), role: 'notary' })).toString('base64url');
      await expect(refused({ token: `${header}.${forged}.${signature}` })).resolves.toMatchObject({
        message: 'TOKEN_INVALID',
        data: { code: 'TOKEN_INVALID' },
      });
    });

    it('a token with a damaged signature, and garbage', async () => {
      const good = await token(randomUUID(), randomUUID(), 'assistant');
      const damaged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      await expect(refused({ token: damaged })).resolves.toMatchObject({ message: 'TOKEN_INVALID' });
      await expect(refused({ token: 'not-a-jwt' })).resolves.toMatchObject({ message: 'TOKEN_INVALID' });
      await expect(refused({ token: 42 })).resolves.toMatchObject({ message: 'TOKEN_MISSING' });
    });

    it('a staff login token (another audience)', async () => {
      await expect(refused({ token: await t.login() })).resolves.toMatchObject({ message: 'TOKEN_INVALID' });
    });

    it('a session token that names no valid role', async () => {
      const odd = await tokens.sign('session', randomUUID(), { sid: randomUUID(), role: 'admin' }, 60);
      await expect(refused({ token: odd })).resolves.toMatchObject({ message: 'TOKEN_INVALID' });
      const noSession = await tokens.sign('session', randomUUID(), { role: 'notary' }, 60);
      await expect(refused({ token: noSession })).resolves.toMatchObject({ message: 'TOKEN_INVALID' });
    });
  });

  // ---- isolation ------------------------------------------------------------------------------

  it('never lets anything cross from one session to another', async () => {
    const notaryUser = randomUUID(); // the same notary in both sessions
    const sessionA = randomUUID();
    const sessionB = randomUUID();
    const a1 = await join(sessionA, notaryUser, 'notary');
    const a2 = await join(sessionA, randomUUID(), 'assistant');
    const b1 = await join(sessionB, notaryUser, 'notary');
    const b2 = await join(sessionB, randomUUID(), 'assistant');
    expect(b1.joined.self.peerId).not.toBe(a1.joined.self.peerId);
    expect(b1.joined.peers).toEqual([]);
    expect(b2.joined.peers).toEqual([b1.joined.self]);

    // Traffic in A, and attempts to reach B's peers from A and A's from B.
    expect(await send(a1, { to: a2.joined.self.peerId, candidate: candidate(1) })).toEqual({ ok: true });
    expect(await send(a2, { to: a1.joined.self.peerId, description: { type: 'answer', sdp: 'v=0\r\n' } })).toEqual({ ok: true });
    expect(await send(a1, { to: b2.joined.self.peerId, candidate: candidate(2) })).toMatchObject({ ok: false, code: 'UNKNOWN_PEER' });
    expect(await send(b1, { to: a2.joined.self.peerId, candidate: candidate(3) })).toMatchObject({ ok: false, code: 'UNKNOWN_PEER' });
    expect(await send(a1, { to: a1.joined.self.peerId, candidate: candidate(4) })).toMatchObject({ ok: false, code: 'UNKNOWN_PEER' });
    t.app.get(SignallingService).pushSessionState(sessionA, { status: 'in_progress' });
    await until(a2, 'session-state', 1);
    await until(a1, 'session-state', 1);
    // A message within B, sent after all of the above, marks the point by which anything misrouted would have arrived.
    expect(await send(b1, { to: b2.joined.self.peerId, candidate: candidate(5) })).toEqual({ ok: true });
    await until(b2, 'signal', 1);
    await sleep(100);

    expect(a2.of('signal')).toEqual([{ from: a1.joined.self.peerId, candidate: candidate(1) }]);
    expect(b2.seen.map((s) => s.event)).toEqual(['joined', 'signal']);
    expect(b2.of('signal')).toEqual([{ from: b1.joined.self.peerId, candidate: candidate(5) }]);
    expect(b1.seen.map((s) => s.event)).toEqual(['joined', 'peer-joined']);
  });

  // ---- message rules and limits ---------------------------------------------------------------

  it('refuses malformed signals with INVALID_MESSAGE and relays only SDP and ICE fields', async () => {
    const { notary, assistant } = await pair();
    const to = assistant.joined.self.peerId;
    const bad: unknown[] = [
      'hello',
      null,
      { to },
      { to, description: { type: 'offer' } },
      { to, description: { type: 'rollback', sdp: '' } },
      { to, description: { type: 'offer', sdp: 'v=0' }, candidate: candidate(1) },
      { to, candidate: { sdpMid: '0' } },
      { to, candidate: { candidate: 'x', sdpMLineIndex: -1 } },
      { to: 42, candidate: candidate(1) },
    ];
    for (const body of bad) {
      expect(await send(notary, body)).toMatchObject({ ok: false, code: 'INVALID_MESSAGE', message: expect.any(String) });
    }
    expect(await send(notary, { to, candidate: { ...candidate(7), evil: '<script>' }, extra: 1 })).toEqual({ ok: true });
    expect(await send(notary, { to, candidate: null })).toEqual({ ok: true });
    const got = await until(assistant, 'signal', 2);
    expect(got).toEqual([
      { from: notary.joined.self.peerId, candidate: candidate(7) },
      { from: notary.joined.self.peerId, candidate: null },
    ]);
  });

  it('refuses a 65 KB signal with MESSAGE_TOO_LARGE but relays one just under 64 KB', async () => {
    const { notary, assistant } = await pair();
    const to = assistant.joined.self.peerId;
    const huge = { to, description: { type: 'offer', sdp: 'a'.repeat(65 * 1024) } };
    expect(await send(notary, huge)).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
    const fits = { to, description: { type: 'offer', sdp: 'a'.repeat(64 * 1024 - 200) } };
    expect(await send(notary, fits)).toEqual({ ok: true });
    const [got] = await until(assistant, 'signal', 1);
    expect(got.description?.sdp).toHaveLength(64 * 1024 - 200);
    expect(notary.socket.connected).toBe(true);
  });

  it('passes a burst of 30 ICE candidates sent at once, in order', async () => {
    const { notary, assistant } = await pair();
    const to = assistant.joined.self.peerId;
    // 30 fit in the 60-message burst whatever the machine's speed: none is rate-limited.
    const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => send(notary, { to, candidate: candidate(i) })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const got = await until(assistant, 'signal', 30);
    expect(got.map((s) => s.candidate?.candidate)).toEqual(Array.from({ length: 30 }, (_, i) => candidate(i).candidate));
  });

  it('answers a flood of 500 with RATE_LIMITED, survives, and relays again afterwards', async () => {
    const { notary, assistant } = await pair();
    const to = assistant.joined.self.peerId;
    const started = Date.now();
    const acks = await Promise.all(Array.from({ length: 500 }, (_, i) => send(notary, { to, candidate: candidate(i) })));
    const seconds = (Date.now() - started) / 1000;
    const passed = acks.filter((a) => a.ok).length;
    const limited = acks.filter((a) => !a.ok && a.code === 'RATE_LIMITED').length;
    expect(passed + limited).toBe(500);
    // The bucket lets through its burst of 60 plus 30 a second, however long the flood took.
    expect(passed).toBeGreaterThanOrEqual(60);
    expect(passed).toBeLessThanOrEqual(60 + Math.ceil(30 * seconds) + 1);
    expect(limited).toBeGreaterThan(0);
    await until(assistant, 'signal', passed);
    await sleep(1100); // about 30 tokens back
    expect(await send(notary, { to, candidate: candidate(999) })).toEqual({ ok: true });
    await until(assistant, 'signal', passed + 1);
    expect(assistant.of('signal')).toHaveLength(passed + 1);
    // The server is still there for everyone else.
    await pair();
  });

  it('refuses a fifth peer with SESSION_FULL, but not a returning one', async () => {
    const sessionId = randomUUID();
    const notaryUser = randomUUID();
    const notary = await join(sessionId, notaryUser, 'notary');
    const assistants = [];
    for (let i = 0; i < 3; i++) assistants.push(await join(sessionId, randomUUID(), 'assistant'));
    expect(assistants[2].joined.peers).toHaveLength(3);
    await expect(refused({ token: await token(sessionId, randomUUID(), 'assistant') })).resolves.toEqual({
      message: 'SESSION_FULL',
      data: { code: 'SESSION_FULL', message: expect.any(String) },
    });
    // The same notary again replaces its own connection: no new member.
    const again = await join(sessionId, notaryUser, 'notary');
    expect(again.joined.self).toEqual(notary.joined.self);
    // Once someone leaves on purpose, there is room.
    assistants[0].socket.disconnect();
    await until(again, 'peer-left', 1);
    await join(sessionId, randomUUID(), 'assistant');
  });

  // ---- presence and reconnects ----------------------------------------------------------------

  it('replaces the connection of an identity that connects again, without a leave/join flap', async () => {
    const { sessionId, notary, assistant } = await pair();
    const assistantUser = (await tokens.verify('session', (assistant.socket.auth as { token: string }).token)).sub;
    const replacedSeen = next(assistant.socket, 'replaced');
    const gone = new Promise<string>((resolve) => assistant.socket.once('disconnect', resolve));
    const second = await join(sessionId, assistantUser, 'assistant');
    expect(second.joined.self).toEqual(assistant.joined.self);
    expect(second.joined.peers).toEqual([notary.joined.self]);
    await expect(replacedSeen).resolves.toEqual({ peerId: assistant.joined.self.peerId });
    await expect(gone).resolves.toBe('io server disconnect');
    await until(notary, 'peer-reconnected', 1);
    // Signals now reach the new connection only.
    expect(await send(notary, { to: second.joined.self.peerId, candidate: candidate(1) })).toEqual({ ok: true });
    await until(second, 'signal', 1);
    await sleep((GRACE_SECONDS + 0.5) * 1000);
    expect(notary.of('peer-left')).toEqual([]);
    expect(notary.of('peer-joined')).toHaveLength(1); // the first join only
    const actions = (await auditOf(sessionId, 3)).map((e) => e.action);
    expect(actions).toEqual(['session.peer.joined', 'session.peer.joined', 'session.peer.replaced']);
  });

  it('keeps a peer whose connection drops and recovers within the grace period, with what it missed', async () => {
    const { sessionId, notary, assistant } = await pair();
    const back = new Promise<void>((resolve) => assistant.socket.io.once('reconnect', () => resolve()));
    assistant.socket.io.engine.close(); // the network drops; the client reconnects by itself
    await sleep(20);
    expect(await send(notary, { to: assistant.joined.self.peerId, candidate: candidate(1) })).toEqual({ ok: true });
    await back;
    await until(assistant, 'joined', 2); // `joined` again on the recovered connection
    expect(assistant.socket.recovered).toBe(true);
    const [missed] = await until(assistant, 'signal', 1);
    expect(missed).toEqual({ from: notary.joined.self.peerId, candidate: candidate(1) });
    await sleep((GRACE_SECONDS + 0.5) * 1000);
    expect(notary.of('peer-left')).toEqual([]);
    expect(notary.of('peer-reconnected')).toEqual([]);
    const actions = (await auditOf(sessionId, 3)).map((e) => e.action);
    expect(actions).toEqual(['session.peer.joined', 'session.peer.joined', 'session.peer.reconnected']);
  });

  it('keeps a peer that comes back on a new connection within the grace period', async () => {
    const { sessionId, notary, assistant } = await pair();
    const assistantToken = (assistant.socket.auth as { token: string }).token;
    assistant.socket.io.reconnection(false);
    assistant.socket.io.engine.close();
    await sleep(200);
    const fresh = connect({ token: assistantToken });
    const joined = await next(fresh.socket, 'joined');
    expect(fresh.socket.recovered).toBe(false);
    expect(joined.self).toEqual(assistant.joined.self);
    await until(notary, 'peer-reconnected', 1);
    await sleep((GRACE_SECONDS + 0.5) * 1000);
    expect(notary.of('peer-left')).toEqual([]);
    const actions = (await auditOf(sessionId, 3)).map((e) => e.action);
    expect(actions).toEqual(['session.peer.joined', 'session.peer.joined', 'session.peer.reconnected']);
  });

  it('removes a peer that stays away longer than the grace period', async () => {
    const { sessionId, notary, assistant } = await pair();
    assistant.socket.io.reconnection(false);
    const dropped = Date.now();
    assistant.socket.io.engine.close();
    const left = await next(notary.socket, 'peer-left', (GRACE_SECONDS + 3) * 1000);
    expect(left).toEqual({ peerId: assistant.joined.self.peerId });
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 50);
    // Gone means gone: signals to it are refused, and coming back is a new join.
    expect(await send(notary, { to: assistant.joined.self.peerId, candidate: candidate(1) })).toMatchObject({ code: 'UNKNOWN_PEER' });
    const entries = await auditOf(sessionId, 3);
    const leftEntry = entries.find((e) => e.action === 'session.peer.left');
    expect(leftEntry).toMatchObject({
      subjectType: 'session',
      subjectId: sessionId,
      payload: { peerId: assistant.joined.self.peerId, role: 'assistant' },
    });
    expect(leftEntry?.actor).toMatch(/^user:[0-9a-f-]{36}$/);
  });

  it('removes a peer that disconnects on purpose at once, and audits joins and leaves', async () => {
    const { sessionId, notary, assistant } = await pair();
    const started = Date.now();
    assistant.socket.disconnect();
    await expect(next(notary.socket, 'peer-left', GRACE_SECONDS * 1000 - 100)).resolves.toEqual({ peerId: assistant.joined.self.peerId });
    expect(Date.now() - started).toBeLessThan(GRACE_SECONDS * 1000);
    const notaryUser = (await tokens.verify('session', (notary.socket.auth as { token: string }).token)).sub;
    const assistantUser = (await tokens.verify('session', (assistant.socket.auth as { token: string }).token)).sub;
    const entries = await auditOf(sessionId, 3);
    expect(entries.map(({ actor, action, payload }) => ({ actor, action, payload }))).toEqual([
      { actor: `user:${notaryUser}`, action: 'session.peer.joined', payload: { peerId: notary.joined.self.peerId, role: 'notary' } },
      {
        actor: `user:${assistantUser}`,
        action: 'session.peer.joined',
        payload: { peerId: assistant.joined.self.peerId, role: 'assistant' },
      },
      { actor: `user:${assistantUser}`, action: 'session.peer.left', payload: { peerId: assistant.joined.self.peerId, role: 'assistant' } },
    ]);
    expect(await t.app.get(AuditService).verify()).toMatchObject({ ok: true });
  });

  // ---- session state --------------------------------------------------------------------------

  it('pushes session state to every peer of that session and no other', async () => {
    const { sessionId, notary, assistant } = await pair();
    const other = await pair();
    const signalling = t.app.get(SignallingService);
    signalling.pushSessionState(sessionId, { status: 'notice_acknowledged', at: '2025-11-29T08:00:00Z' });
    signalling.pushSessionState(other.sessionId, { status: 'waiting' });
    const expected = { status: 'notice_acknowledged', at: '2025-11-29T08:00:00Z' };
    await expect(until(notary, 'session-state', 1)).resolves.toEqual([expected]);
    await expect(until(assistant, 'session-state', 1)).resolves.toEqual([expected]);
    await until(other.notary, 'session-state', 1);
    await until(other.assistant, 'session-state', 1);
    expect(other.notary.of('session-state')).toEqual([{ status: 'waiting' }]);
    expect(other.assistant.of('session-state')).toEqual([{ status: 'waiting' }]);
  });
});
