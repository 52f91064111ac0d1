import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { AuditService } from '../src/audit/audit.service.js';
import { TokenService } from '../src/auth/token.service.js';
import { issueJoinToken } from '../src/signalling/join-token.js';
import type { JoinedEvent, PeerRole, SignalAck } from '../src/signalling/protocol.js';
import { SignallingService } from '../src/signalling/signalling.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { recordingClient, type Client, type EventName, type Payload } from './support/signalling.js';

/**
 * Two instances of the service on one PostgreSQL database, with the socket.io cluster adapter
 * on PostgreSQL (LISTEN/NOTIFY) or Redis: a session's peers on different instances must not notice.
 * Always on the real server: embedded PGlite is one process and one connection.
 */
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

// Long enough that a reconnect on a loaded CI machine still lands inside it (the clients retry
// every 50–100 ms); the tests that wait for it to run out pay this once each.
const GRACE_SECONDS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function eventually(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

const ADAPTERS: { adapter: string; env: Record<string, string> }[] = [
  { adapter: 'postgres', env: { SOCKET_ADAPTER: 'postgres' } },
  { adapter: 'redis', env: { SOCKET_ADAPTER: 'redis', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } },
];

describe.each(ADAPTERS)('signalling across two instances ($adapter adapter)', ({ env }) => {
  let a: TestApp;
  let b: TestApp;
  const open: Client[] = [];

  beforeAll(async () => {
    // Instances of one deployment share the data-encryption key (its fingerprint is checked at start).
    const settings = {
      ...env,
      SIGNALLING_GRACE_SECONDS: String(GRACE_SECONDS),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    a = await startTestApp(settings);
    // The second instance shares the first one's database (startTestApp makes it a spare one it never uses).
    b = await startTestApp({ ...settings, DATABASE_URL: a.config.databaseUrl! });
    await eventually(
      'the instances see each other',
      async () => (await a.app.get(SignallingService).clusterSize()) >= 2 && (await b.app.get(SignallingService).clusterSize()) >= 2,
    );
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    // b first: a's close drops the shared database.
    await b?.close();
    await a?.close();
  });

  const token = (on: TestApp, sessionId: string, userId: string, role: PeerRole) =>
    issueJoinToken(on.app.get(TokenService), { sessionId, userId, role });

  const connect = (on: TestApp, auth: Record<string, unknown>, opts: { reconnection?: boolean } = {}) =>
    recordingClient(on.url, auth, open, opts);
  type Peer = ReturnType<typeof connect> & { joined: JoinedEvent; userId: string };

  async function join(
    on: TestApp,
    sessionId: string,
    role: PeerRole,
    userId: string = randomUUID(),
    opts: { reconnection?: boolean } = {},
  ): Promise<Peer> {
    const c = connect(on, { token: await token(on, sessionId, userId, role) }, opts);
    const joined = await new Promise<JoinedEvent>((resolve, reject) => {
      c.socket.once('joined', resolve);
      c.socket.once('connect_error', (err) => reject(new Error(`join refused: ${err.message}`)));
    });
    return { ...c, joined, userId };
  }

  async function until<E extends EventName>(peer: Peer, event: E, count: number): Promise<Payload<E>[]> {
    await eventually(`${count} × ${event}`, () => peer.of(event).length >= count);
    return peer.of(event);
  }

  const send = (from: Peer, body: unknown): Promise<SignalAck> =>
    (from.socket as unknown as Socket).timeout(30_000).emitWithAck('signal', body) as Promise<SignalAck>;
  const candidate = (i: number) => ({
    candidate: `candidate:${i} 1 udp 2122260223 192.0.2.7 ${50000 + i} typ host`,
    sdpMid: '0',
    sdpMLineIndex: 0,
  });

  /** The notary on instance A, the township point's assistant on instance B. */
  async function split(sessionId = randomUUID()) {
    const notary = await join(a, sessionId, 'notary');
    const assistant = await join(b, sessionId, 'assistant');
    return { sessionId, notary, assistant };
  }

  it('introduces peers on different instances to each other and relays both ways', async () => {
    const { notary, assistant } = await split();
    expect(assistant.joined.peers).toEqual([notary.joined.self]);
    expect(await until(notary, 'peer-joined', 1)).toEqual([assistant.joined.self]);

    const sdp = `v=0\r\n${'a=candidate-ish filler\r\n'.repeat(1000)}`; // ~24 KB: over NOTIFY's 8000-byte limit
    expect(await send(notary, { to: assistant.joined.self.peerId, description: { type: 'offer', sdp } })).toEqual({ ok: true });
    expect(await send(assistant, { to: notary.joined.self.peerId, description: { type: 'answer', sdp: 'v=0\r\n' } })).toEqual({ ok: true });
    for (let i = 0; i < 5; i++) {
      expect(await send(assistant, { to: notary.joined.self.peerId, candidate: candidate(i) })).toEqual({ ok: true });
    }
    expect(await until(assistant, 'signal', 1)).toEqual([{ from: notary.joined.self.peerId, description: { type: 'offer', sdp } }]);
    const atNotary = await until(notary, 'signal', 6);
    expect(atNotary[0]).toEqual({ from: assistant.joined.self.peerId, description: { type: 'answer', sdp: 'v=0\r\n' } });
    expect(atNotary.slice(1).map((s) => s.candidate)).toEqual([0, 1, 2, 3, 4].map(candidate));
  });

  it("keeps one sender's order, even when a large description is followed at once by small candidates", async () => {
    const { notary, assistant } = await split();
    const sdp = `v=0\r\n${'a=fmtp:96 filler to pass 8000 bytes\r\n'.repeat(500)}`;
    const to = assistant.joined.self.peerId;
    // No waiting between sends: trickle ICE fires candidates right after the offer.
    const acks = await Promise.all([
      send(notary, { to, description: { type: 'offer', sdp } }),
      ...[0, 1, 2, 3, 4].map((i) => send(notary, { to, candidate: candidate(i) })),
      send(notary, { to, description: { type: 'offer', sdp: sdp + 'a=second\r\n' } }),
      send(notary, { to, candidate: candidate(5) }),
    ]);
    expect(acks.every((x) => x.ok)).toBe(true);
    const got = await until(assistant, 'signal', 8);
    expect(got.map((s) => (s.description ? `offer ${s.description.sdp.length}` : s.candidate?.candidate.split(' ')[0]))).toEqual([
      `offer ${sdp.length}`,
      'candidate:0',
      'candidate:1',
      'candidate:2',
      'candidate:3',
      'candidate:4',
      `offer ${sdp.length + 10}`,
      'candidate:5',
    ]);
  });

  it('refuses signals to a peer of another session held on the other instance', async () => {
    const one = await split();
    const other = await split();
    expect(await send(one.notary, { to: other.assistant.joined.self.peerId, candidate: candidate(1) })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_PEER',
    });
    expect(await send(one.notary, { to: one.assistant.joined.self.peerId, candidate: candidate(2) })).toEqual({ ok: true });
    await until(one.assistant, 'signal', 1);
    await sleep(100);
    expect(other.assistant.of('signal')).toEqual([]);
  });

  it('pushes session state from either instance to the peers on both', async () => {
    const { sessionId, notary, assistant } = await split();
    const bystander = await split();
    a.app.get(SignallingService).pushSessionState(sessionId, { status: 'interviewing' });
    await until(notary, 'session-state', 1);
    await until(assistant, 'session-state', 1);
    b.app.get(SignallingService).pushSessionState(sessionId, { status: 'signed', by: 'applicant' });
    expect(await until(notary, 'session-state', 2)).toEqual([{ status: 'interviewing' }, { status: 'signed', by: 'applicant' }]);
    expect(await until(assistant, 'session-state', 2)).toEqual([{ status: 'interviewing' }, { status: 'signed', by: 'applicant' }]);
    await sleep(100);
    expect(bystander.notary.of('session-state')).toEqual([]);
    expect(bystander.assistant.of('session-state')).toEqual([]);
  });

  it('counts peers on both instances towards the session limit', async () => {
    const sessionId = randomUUID();
    await join(a, sessionId, 'notary');
    await join(b, sessionId, 'assistant');
    await join(a, sessionId, 'assistant');
    const fourth = await join(b, sessionId, 'assistant');
    expect(fourth.joined.peers).toHaveLength(3);
    const fifth = connect(a, { token: await token(a, sessionId, randomUUID(), 'assistant') }, { reconnection: false });
    await expect(new Promise((resolve) => fifth.socket.once('connect_error', (e) => resolve(e.message)))).resolves.toBe('SESSION_FULL');
  });

  it('moves an identity between instances: replaced on one, kept by the others', async () => {
    const { sessionId, notary, assistant } = await split();
    const replaced = new Promise((resolve) => assistant.socket.once('replaced', resolve));
    const moved = await join(a, sessionId, 'assistant', assistant.userId);
    await expect(replaced).resolves.toEqual({ peerId: assistant.joined.self.peerId });
    expect(moved.joined.self).toEqual(assistant.joined.self);
    await until(notary, 'peer-reconnected', 1);
    expect(await send(notary, { to: moved.joined.self.peerId, candidate: candidate(1) })).toEqual({ ok: true });
    await until(moved, 'signal', 1);
    expect(assistant.of('signal')).toEqual([]);

    // It drops off instance A and comes back on B within the grace period: still no leave.
    moved.socket.io.reconnection(false);
    moved.socket.io.engine.close();
    await sleep(200);
    const back = await join(b, sessionId, 'assistant', assistant.userId, { reconnection: false });
    expect(back.joined.self).toEqual(assistant.joined.self);
    await sleep((GRACE_SECONDS + 0.5) * 1000);
    expect(notary.of('peer-left')).toEqual([]);
    expect(notary.of('peer-joined')).toHaveLength(1);

    // Now it stays away: the notary on the other instance hears it left, once.
    back.socket.io.engine.close();
    await until(notary, 'peer-left', 1);
    await sleep((GRACE_SECONDS + 0.5) * 1000);
    expect(notary.of('peer-left')).toEqual([{ peerId: assistant.joined.self.peerId }]);
    await eventually('the leave is audited', async () =>
      (await a.app.get(AuditService).findForSubject('session', sessionId)).some((e) => e.action === 'session.peer.left'),
    );
    const actions = (await a.app.get(AuditService).findForSubject('session', sessionId)).map((e) => e.action);
    expect(actions).toEqual([
      'session.peer.joined',
      'session.peer.joined',
      'session.peer.replaced',
      'session.peer.reconnected',
      'session.peer.left',
    ]);
  });
});
