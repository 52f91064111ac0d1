import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { AuditService } from '../audit/audit.service.js';
import { AccountEvents } from '../auth/account-events.js';
import { TokenService } from '../auth/token.service.js';
import { Clock } from '../common/clock.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { iceServers } from './ice.js';
import { ConnectRefusal, verifyJoinToken } from './join-token.js';
import { KeyedQueue } from './keyed-queue.js';
import { peerIdOf } from './peer-id.js';
import { Presence, type Holding, type Member } from './presence.js';
import {
  roomOfPeer,
  roomOfSession,
  type ClientToServerEvents,
  type OutgoingSignal,
  type PeerInfo,
  type PeerSocketData,
  type ServerToClientEvents,
  type SessionState,
  type SignalAck,
} from './protocol.js';
import { SESSION_GATE, type SessionGate } from './session-gate.js';
import { checkSignal } from './signal-message.js';
import { SignallingRepository } from './signalling.repository.js';
import { TokenBucket } from './token-bucket.js';

export interface SignallingLimits {
  maxPeersPerSession: number;
  /** Token bucket per socket: a burst of ICE candidates passes, a flood does not. */
  signalBurst: number;
  signalsPerSecond: number;
}
export const DEFAULT_SIGNALLING_LIMITS: SignallingLimits = { maxPeersPerSession: 4, signalBurst: 60, signalsPerSecond: 30 };
/** Injected so that the benchmark can measure the relay itself rather than the rate limit. */
export const SIGNALLING_LIMITS = Symbol('SIGNALLING_LIMITS');

type Prior = Holding['state'] | null;
interface ClaimRequest {
  sessionId: string;
  member: Member;
}
interface ClaimResponse {
  members: Member[];
  prior: Prior;
}
/** Messages between instances, through the socket.io adapter (PostgreSQL NOTIFY or Redis pub/sub). */
export interface InterServerEvents {
  /** "This identity is joining on my instance": evict it if you hold it, and tell me who you hold. */
  'signalling:claim': (req: ClaimRequest, ack: (res: ClaimResponse) => void) => void;
  'signalling:joined': (e: { sessionId: string; member: Member }) => void;
  'signalling:left': (e: { sessionId: string; peerId: string }) => void;
}

export type SignallingNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, PeerSocketData>;
export type SignallingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, PeerSocketData>;

const AUDIT_ACTION = {
  joined: 'session.peer.joined',
  left: 'session.peer.left',
  reconnected: 'session.peer.reconnected',
  recovered: 'session.peer.reconnected',
  replaced: 'session.peer.replaced',
} as const;

/**
 * Presence events change no state of the case, yet each was a permanent audit entry: a client
 * cycling connect/disconnect wrote two a second. Per identity and session,
 * the first 20 in 10 minutes are audited; beyond that they are only logged.
 */
const PRESENCE_AUDIT_LIMIT = { name: 'signalling-presence-audit', points: 20, windowSeconds: 600 };

/** Every socket of one user, so that disabling the account closes them. */
const roomOfUser = (userId: string) => `user:${userId}`;

/** How long a relay waits for the other instances to say whether they hold an unfamiliar peer. */
const LOOKUP_TIMEOUT_MS = 2000;

/**
 * Presence and relay for the video sessions' signalling. The gateway hands every socket event
 * here; everything that must reach a peer goes through the namespace's rooms, so it crosses
 * instances through the adapter. Identities (session, user, role) are held by the instance their
 * socket is on; an instance that admits an identity first claims it from all others.
 */
@Injectable()
export class SignallingService implements BeforeApplicationShutdown {
  private readonly log = new Logger('Signalling');
  private nsp?: SignallingNamespace;
  private readonly presence = new Presence();
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  private readonly welcomed = new WeakSet<SignallingSocket>();
  /** Admissions to one session run one at a time on this instance, so the capacity check holds locally. */
  private readonly admissions = new KeyedQueue();
  /** Audit entries of one session are appended in the order their events happened. */
  private readonly audits = new KeyedQueue();
  private readonly clustered: boolean;
  private closing = false;
  private readonly presenceAudits: Limit;
  /** Read by the metrics module at scrape time. */
  readonly stats = { relayed: 0, peers: () => this.nsp?.sockets.size ?? 0 };

  constructor(
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SIGNALLING_LIMITS) private readonly limits: SignallingLimits,
    @Inject(SESSION_GATE) private readonly sessions: SessionGate,
    private readonly repository: SignallingRepository,
    accounts: AccountEvents,
    rateLimits: RateLimits,
  ) {
    this.presenceAudits = rateLimits.limit(PRESENCE_AUDIT_LIMIT);
    accounts.onDisabled((userId) => this.nsp?.in(roomOfUser(userId)).disconnectSockets(true));
    // The in-memory adapter has no other instances and warns on every server-side emit.
    this.clustered = config.socketAdapter !== 'memory';
  }

  /** Called once by the gateway with its namespace. */
  attach(nsp: SignallingNamespace): void {
    this.nsp = nsp;
    nsp.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (err: unknown) => next(this.refusal(err)),
      );
    });
    if (this.clustered) {
      nsp.on('signalling:claim', (req, ack) => ack(this.yieldClaim(req)));
      nsp.on('signalling:joined', ({ sessionId, member }) => this.presence.learnRemote(sessionId, member));
      nsp.on('signalling:left', ({ sessionId, peerId }) => this.presence.forgetRemote(sessionId, peerId));
    }
  }

  /** Tells every peer of the session, on every instance, the session's new state. */
  pushSessionState(sessionId: string, state: SessionState): void {
    if (typeof state?.status !== 'string') throw new Error('session state needs a string status');
    this.namespace().to(roomOfSession(sessionId)).emit('session-state', state);
    // A join token outlives nothing: when the session ends its peers go, on every instance.
    if (this.sessions.isFinal(state.status)) this.namespace().in(roomOfSession(sessionId)).disconnectSockets(true);
  }

  /** Number of instances the adapter currently sees (1 with the in-memory adapter). */
  async clusterSize(): Promise<number> {
    return this.namespace().adapter.serverCount();
  }

  // ---- connection lifecycle -------------------------------------------------------------------

  /** Namespace middleware: decides whether and as what a socket joins, before it connects. */
  private async admit(socket: SignallingSocket): Promise<void> {
    if (this.closing) throw new ConnectRefusal('UNAVAILABLE', 'This instance is shutting down; reconnect.');
    const joiner = await verifyJoinToken(this.tokens, (socket.handshake.auth as { token?: unknown }).token);
    const { sessionId, userId, role } = joiner;
    await this.assertStillAllowed(sessionId, userId);
    const member: Member = { peerId: peerIdOf(sessionId, userId, role), role, userId };
    await this.admissions.run(sessionId, async () => {
      const unlock = await this.lockAcrossInstances(sessionId);
      let holding: Holding;
      let arrival: PeerSocketData['arrival'];
      try {
        const remote = await this.claimFromOthers(sessionId, member);
        // No await from here to the commit: what this instance holds cannot change in between.
        const local = this.presence.holding(sessionId, member.peerId);
        const others = new Map<string, Member>();
        for (const m of [...this.presence.members(sessionId), ...remote.members]) {
          if (m.peerId !== member.peerId) others.set(m.peerId, m);
        }
        const prior: Prior = local?.state === 'connected' || remote.prior === 'connected' ? 'connected' : (local?.state ?? remote.prior);
        arrival =
          socket.recovered && local?.socketId === socket.id
            ? 'recovered'
            : prior === 'connected'
              ? 'replaced'
              : prior === 'away'
                ? 'reconnected'
                : 'joined';
        if (arrival === 'joined' && others.size >= this.limits.maxPeersPerSession) {
          throw new ConnectRefusal('SESSION_FULL', `A session has at most ${this.limits.maxPeersPerSession} peers.`);
        }
        this.cancelGrace(sessionId, member.peerId);
        holding = this.presence.hold(sessionId, member, socket.id);
        for (const m of remote.members) this.presence.learnRemote(sessionId, m);
        // Held for the new socket first, so the old one's disconnect handler finds nothing to leave.
        if (local && local.socketId !== socket.id) this.evictLocalSocket(local);
        socket.data = { sessionId, userId, peerId: member.peerId, role, arrival, peers: [...others.values()].map(info) };
        // A client that goes before it is connected is dropped by socket.io without a disconnect event.
        socket.conn.once('close', () => {
          if (!this.welcomed.has(socket)) this.disconnected(socket, 'transport close');
        });
      } finally {
        await unlock();
      }

      try {
        await this.record(sessionId, member, AUDIT_ACTION[arrival]);
      } catch (err) {
        // Evidence first: a join that cannot be recorded does not happen.
        if (this.presence.holding(sessionId, member.peerId) === holding) this.leave(holding);
        throw err;
      }
    });
  }

  /**
   * Admissions to one session, one at a time across all instances: two
   * instances admitting at once each saw the other's newcomer missing and let 5 or 6 peers in.
   * A PostgreSQL advisory lock on the shared database, held from the claim until this instance
   * holds the newcomer (the next claim then sees it); released before the audit append, so a
   * held lock never waits for a second pooled connection.
   */
  private async lockAcrossInstances(sessionId: string): Promise<() => Promise<void>> {
    if (!this.clustered) return async () => undefined;
    return this.repository.lockAdmission(sessionId);
  }

  /**
   * A join token is good for ten minutes; the session and the account may change sooner. Read
   * at every connection, from the session module (SESSION_GATE): the session must be open and the
   * user active.
   */
  private async assertStillAllowed(sessionId: string, userId: string): Promise<void> {
    // Only this service signs join tokens, and it never deletes sessions or users: a token names
    // rows that exist (the protocol tests and the benchmark sign tokens for rooms of their own).
    const row = await this.sessions.standing(sessionId, userId);
    if (row.accountDisabled) throw new ConnectRefusal('ACCOUNT_DISABLED', 'This account is disabled. 该账号已停用。');
    if (row.status && this.sessions.isFinal(row.status))
      throw new ConnectRefusal('SESSION_ENDED', `The session is ${row.status}; it has no video any more. 会话已结束。`);
  }

  /** Called by the gateway for every socket that passed the middleware. */
  connected(socket: SignallingSocket): void {
    this.safely('connect', () => this.welcome(socket));
  }

  /** Called by the gateway when a connected socket goes, whatever the reason. */
  disconnected(socket: SignallingSocket, reason: string): void {
    this.safely('disconnect', () => this.farewell(socket, reason));
  }

  private welcome(socket: SignallingSocket): void {
    this.welcomed.add(socket);
    const d = socket.data;
    const holding = this.presence.holding(d.sessionId, d.peerId);
    if (holding?.socketId !== socket.id) {
      // Another connection of the same identity was admitted while this one was connecting.
      socket.emit('replaced', { peerId: d.peerId });
      socket.disconnect(true);
      return;
    }
    holding.state = 'connected';
    this.listen(socket);
    const self: PeerInfo = { peerId: d.peerId, role: d.role };
    void socket.join([roomOfSession(d.sessionId), roomOfPeer(d.sessionId, d.peerId), roomOfUser(d.userId)]);
    socket.emit('joined', {
      self,
      peers: d.peers,
      polite: d.role !== 'notary',
      iceServers: iceServers(this.config, { userId: d.userId, sessionId: d.sessionId }, this.clock.now()),
    });
    if (d.arrival === 'joined') {
      socket.to(roomOfSession(d.sessionId)).emit('peer-joined', self);
      if (this.clustered) this.namespace().serverSideEmit('signalling:joined', { sessionId: d.sessionId, member: holding.member });
    } else if (d.arrival !== 'recovered') {
      // Signals sent while it was away are lost; the others should renegotiate.
      socket.to(roomOfSession(d.sessionId)).emit('peer-reconnected', self);
    }
  }

  private farewell(socket: SignallingSocket, reason: string): void {
    const d = socket.data;
    if (this.closing || !d?.peerId) return;
    const holding = this.presence.holding(d.sessionId, d.peerId);
    if (holding?.socketId !== socket.id) return; // replaced: the identity lives on elsewhere
    if (reason === 'client namespace disconnect' || reason === 'server namespace disconnect') {
      // socket.disconnect() on purpose: the peer has left, no grace period.
      this.leave(holding);
      return;
    }
    holding.state = 'away';
    const key = roomOfPeer(d.sessionId, d.peerId);
    this.graceTimers.set(
      key,
      setTimeout(() => {
        this.graceTimers.delete(key);
        const still = this.presence.holding(d.sessionId, d.peerId);
        if (still?.socketId === socket.id && still.state === 'away') this.leave(still);
      }, this.config.signallingGraceSeconds * 1000),
    );
  }

  // ---- relay ----------------------------------------------------------------------------------

  /**
   * Takes a socket's `signal` events straight from socket.io rather than through a Nest message
   * handler: Nest's per-message pipeline (guards, parameter decorators, interceptors, RxJS
   * operators) cost more than the relay itself, and none of it did anything for this event (the
   * global guard lets non-HTTP contexts through). The payload is read as Nest's socket.io adapter
   * read it: a trailing function is the ack, one other argument is the body, several an array.
   */
  private listen(socket: SignallingSocket): void {
    const bucket = new TokenBucket(this.limits.signalBurst, this.limits.signalsPerSecond, this.clock.nowMs());
    (socket as unknown as Socket).on('signal', (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (a: SignalAck) => void) : undefined;
      const body = args.length === 0 ? undefined : args.length === 1 ? args[0] : args;
      try {
        const result = this.relay(socket, bucket, body);
        if (result instanceof Promise) result.then((r) => ack?.(r), this.relayFailed);
        else ack?.(result);
      } catch (err) {
        this.relayFailed(err);
      }
    });
  }

  private readonly relayFailed = (err: unknown): void =>
    this.log.error(`signalling signal handler failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);

  /** Relays one `signal` to one peer of the sender's session; the result is the sender's ack. */
  private relay(socket: SignallingSocket, bucket: TokenBucket, body: unknown): SignalAck | Promise<SignalAck> {
    if (!bucket.take(this.clock.nowMs())) {
      return {
        ok: false,
        code: 'RATE_LIMITED',
        message: `at most ${this.limits.signalsPerSecond} signals per second (bursts of ${this.limits.signalBurst})`,
      };
    }
    const checked = checkSignal(body);
    if (!checked.ok) return { ok: false, code: checked.code, message: checked.message };
    const { sessionId, peerId } = socket.data;
    const signal = checked.signal;
    if (signal.to === peerId) return UNKNOWN_PEER;
    if (this.presence.isMember(sessionId, signal.to)) return this.deliver(sessionId, peerId, signal);
    return this.findElsewhere(sessionId, signal.to).then((found) => (found ? this.deliver(sessionId, peerId, signal) : UNKNOWN_PEER));
  }

  private deliver(sessionId: string, from: string, signal: OutgoingSignal): SignalAck {
    this.namespace()
      .to(roomOfPeer(sessionId, signal.to))
      .emit('signal', signal.description !== undefined ? { from, description: signal.description } : { from, candidate: signal.candidate });
    this.stats.relayed++;
    return RELAYED;
  }

  // ---- shutdown -------------------------------------------------------------------------------

  /** Runs before the socket server closes: nothing that follows counts as a peer leaving. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    await this.admissions.drain();
    await this.audits.drain();
  }

  // ---- internals ------------------------------------------------------------------------------

  private namespace(): SignallingNamespace {
    if (!this.nsp) throw new Error('the signalling gateway has not started');
    return this.nsp;
  }

  private leave(holding: Holding): void {
    const { sessionId, member } = holding;
    this.presence.release(sessionId, member.peerId);
    this.cancelGrace(sessionId, member.peerId);
    this.namespace().to(roomOfSession(sessionId)).emit('peer-left', { peerId: member.peerId });
    if (this.clustered) this.namespace().serverSideEmit('signalling:left', { sessionId, peerId: member.peerId });
    this.record(sessionId, member, AUDIT_ACTION.left).catch((err: unknown) =>
      this.log.error(`audit of ${AUDIT_ACTION.left} failed: ${String(err)}`),
    );
  }

  private cancelGrace(sessionId: string, peerId: string): void {
    const key = roomOfPeer(sessionId, peerId);
    clearTimeout(this.graceTimers.get(key));
    this.graceTimers.delete(key);
  }

  private evictLocalSocket(old: Holding): void {
    const socket = this.namespace().sockets.get(old.socketId);
    if (!socket) return;
    socket.emit('replaced', { peerId: old.member.peerId });
    socket.disconnect(true);
  }

  /** Asks every other instance to give up the identity; returns whom they hold in the session. */
  private async claimFromOthers(sessionId: string, member: Member): Promise<ClaimResponse> {
    if (!this.clustered) return { members: [], prior: null };
    let responses: ClaimResponse[];
    try {
      responses = await this.namespace().serverSideEmitWithAck('signalling:claim', { sessionId, member });
    } catch (err) {
      // An instance that died without saying so answers nobody: go ahead with those that did.
      responses = (err as { responses?: ClaimResponse[] }).responses ?? [];
      this.log.warn(`claim for a peer of session ${sessionId}: ${String(err)}`);
    }
    const prior = responses.some((r) => r.prior === 'connected') ? 'connected' : responses.some((r) => r.prior === 'away') ? 'away' : null;
    return { members: responses.flatMap((r) => r.members), prior };
  }

  /** Another instance admits this identity: give it up here, say whom this instance holds. */
  private yieldClaim({ sessionId, member }: ClaimRequest): ClaimResponse {
    const members = this.presence.localMembers(sessionId).filter((m) => m.peerId !== member.peerId);
    const held = this.presence.release(sessionId, member.peerId);
    if (!held) return { members, prior: null };
    this.cancelGrace(sessionId, member.peerId);
    this.presence.learnRemote(sessionId, member);
    if (held.state === 'connected') this.evictLocalSocket(held);
    return { members, prior: held.state };
  }

  /** A peer this instance has not heard of may have joined elsewhere a moment ago. */
  private async findElsewhere(sessionId: string, peerId: string): Promise<boolean> {
    if (!this.clustered) return false;
    try {
      const [found] = await this.namespace().in(roomOfPeer(sessionId, peerId)).timeout(LOOKUP_TIMEOUT_MS).fetchSockets();
      if (!found) return false;
      this.presence.learnRemote(sessionId, { peerId, role: found.data.role, userId: found.data.userId });
      return true;
    } catch (err) {
      this.log.warn(`looking up a peer of session ${sessionId}: ${String(err)}`);
      return false;
    }
  }

  private record(sessionId: string, member: Member, action: (typeof AUDIT_ACTION)[keyof typeof AUDIT_ACTION]): Promise<unknown> {
    return this.audits.run(sessionId, async () => {
      if ((await this.presenceAudits.reserve(sessionId, member.peerId)) !== undefined) {
        this.log.warn(
          `${action} of ${member.peerId} in session ${sessionId} not audited: more than ${PRESENCE_AUDIT_LIMIT.points} presence events in ${PRESENCE_AUDIT_LIMIT.windowSeconds / 60} minutes`,
        );
        return;
      }
      return this.audit.appendAlone({
        actor: `user:${member.userId}`,
        action,
        subjectType: 'session',
        subjectId: sessionId,
        payload: { peerId: member.peerId, role: member.role },
      });
    });
  }

  /** Nest runs connection hooks inside an RxJS subscriber, where a throw would end the process. */
  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error(`signalling ${what} handler failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private refusal(err: unknown): ConnectRefusal {
    if (err instanceof ConnectRefusal) return err;
    this.log.error(`admitting a signalling peer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return new ConnectRefusal('UNAVAILABLE', 'The signalling service could not admit you just now; try again.');
  }
}

const info = ({ peerId, role }: Member): PeerInfo => ({ peerId, role });
/** Acks shared by every relay: socket.io only serialises them. */
const RELAYED: SignalAck = Object.freeze({ ok: true });
const UNKNOWN_PEER: SignalAck = Object.freeze({ ok: false, code: 'UNKNOWN_PEER', message: 'no such peer in this session' });
