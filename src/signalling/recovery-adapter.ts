import { Adapter, type BroadcastOptions, type PrivateSessionId, type Room, type Session } from 'socket.io-adapter';

type SessionToPersist = Parameters<Adapter['persistSession']>[0];
interface Packet {
  type: number;
  id?: number;
  data: unknown[];
}
/** Where a stored packet went: all of the namespace (null), one room, or several. */
type Rooms = null | Room | ReadonlySet<Room>;

const EVENT = 2; // socket.io-parser's PacketType.EVENT
const OFFSET = /^[0-9a-z]{1,10}$/;
/** socket.io takes null (not a promise of it) for "nothing to restore" and starts a new session. */
const NOT_RESTORED = null as unknown as Promise<Session>;

/**
 * socket.io's in-memory adapter with connection state recovery as socket.io's own
 * SessionAwareAdapter does it (an offset as the last argument of each stored event, the same rules
 * for which packets are stored and which a returning socket gets), with a store that costs less
 * per packet. The upstream store kept, for each relayed signal, a record, the broadcast's options
 * with their two Sets, a random id and the payload, for up to twice the recovery window (it pruned
 * once a minute); those survivors were copied by every young-generation collection. This store
 * gave the relay a tenth more throughput at 100 sessions (docs/benchmarks.md). Each packet is
 * three array slots (when it was sent, where to, its data) and a sequence number, whose base-36
 * text is the offset and names its slot directly; packets older than the window go as new ones come.
 *
 * Sessions (sockets gone, recoverable within the window) are kept in the order they went and
 * dropped once expired, when another goes or one comes back: no timer.
 */
export function recoveryAdapter(now: () => number = Date.now) {
  return class RecoveryAdapter extends Adapter {
    private readonly windowMs: number;
    private readonly gone = new Map<PrivateSessionId, { session: SessionToPersist; wentAt: number }>();
    /** Packet `firstSeq + i` was sent at `sentAt[i]` to `sentTo[i]` (but not `sentExcept[i]`), as `sentData[i]`. */
    private sentAt: number[] = [];
    private sentTo: Rooms[] = [];
    private sentExcept: (ReadonlySet<Room> | undefined)[] = [];
    private sentData: (unknown[] | undefined)[] = [];
    private firstSeq = 0;
    /** Slots before this one have expired; they are cut off in bulk. */
    private head = 0;

    constructor(nsp: { server: { opts: { connectionStateRecovery: { maxDisconnectionDuration: number } } } }) {
      super(nsp);
      this.windowMs = nsp.server.opts.connectionStateRecovery.maxDisconnectionDuration;
    }

    override broadcast(packet: Packet, opts: BroadcastOptions): void {
      // As upstream: a packet with an ack callback cannot be replayed, a volatile one may be lost anyway.
      if (packet.type === EVENT && packet.id === undefined && opts.flags?.volatile === undefined) {
        const at = now();
        this.expire(at);
        const seq = this.firstSeq + this.sentAt.length;
        // The offset travels as the last argument; the client sends the last one it saw when it comes back.
        packet.data.push(seq.toString(36));
        this.sentAt.push(at);
        this.sentTo.push(opts.rooms.size === 0 ? null : opts.rooms.size === 1 ? opts.rooms.values().next().value! : opts.rooms);
        this.sentExcept.push(opts.except?.size ? opts.except : undefined);
        this.sentData.push(packet.data);
      }
      super.broadcast(packet, opts);
    }

    override persistSession(session: SessionToPersist): void {
      const at = now();
      this.expireSessions(at);
      // Re-inserted, so that the map stays in the order the sockets went.
      this.gone.delete(session.pid);
      this.gone.set(session.pid, { session, wentAt: at });
    }

    override restoreSession(pid: PrivateSessionId, offset: string): Promise<Session> {
      const at = now();
      this.expireSessions(at);
      this.expire(at);
      const kept = this.gone.get(pid);
      if (!kept || typeof offset !== 'string' || !OFFSET.test(offset)) return NOT_RESTORED;
      const slot = parseInt(offset, 36) - this.firstSeq;
      // An offset before the window (or never sent) cannot say what was missed.
      if (!(slot >= this.head && slot < this.sentAt.length)) return NOT_RESTORED;
      const { session } = kept;
      const missedPackets: unknown[][] = [];
      for (let i = slot + 1; i < this.sentAt.length; i++) {
        if (reaches(session.rooms, this.sentTo[i], this.sentExcept[i])) missedPackets.push(this.sentData[i]!);
      }
      return Promise.resolve({ ...session, missedPackets });
    }

    private expire(at: number): void {
      const threshold = at - this.windowMs;
      while (this.head < this.sentAt.length && this.sentAt[this.head] < threshold) {
        this.sentData[this.head] = undefined;
        this.sentTo[this.head] = null;
        this.sentExcept[this.head] = undefined;
        this.head++;
      }
      // Cut the expired slots off once they are half of the arrays: each slot moves at most once on average.
      if (this.head > 1024 && this.head * 2 > this.sentAt.length) {
        this.sentAt = this.sentAt.slice(this.head);
        this.sentTo = this.sentTo.slice(this.head);
        this.sentExcept = this.sentExcept.slice(this.head);
        this.sentData = this.sentData.slice(this.head);
        this.firstSeq += this.head;
        this.head = 0;
      }
    }

    private expireSessions(at: number): void {
      const threshold = at - this.windowMs;
      for (const [pid, { wentAt }] of this.gone) {
        if (wentAt >= threshold) break;
        this.gone.delete(pid);
      }
    }
  };
}

/** Upstream's rule: sent to one of the session's rooms (or to everyone), and not away from any of them. */
function reaches(sessionRooms: Room[], to: Rooms, except: ReadonlySet<Room> | undefined): boolean {
  const included = to === null || (typeof to === 'string' ? sessionRooms.includes(to) : sessionRooms.some((r) => to.has(r)));
  return included && (!except || sessionRooms.every((r) => !except.has(r)));
}
