import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { SessionAwareAdapter, type Adapter, type Session } from 'socket.io-adapter';
import { recoveryAdapter } from './recovery-adapter.js';

const WINDOW_MS = 30_000;
/** A namespace as the adapter sees it: sockets by id, the server's encoder and recovery options. */
interface FakeNamespace {
  name: string;
  sockets: Map<string, unknown>;
  server: { encoder: unknown; opts: { connectionStateRecovery: { maxDisconnectionDuration: number } } };
}
type AdapterClass = new (nsp: FakeNamespace) => Adapter;

function namespace(AdapterClass: AdapterClass) {
  const written = new Map<string, string[]>();
  const sockets = new Map<string, unknown>();
  const nsp: FakeNamespace = {
    name: '/signalling',
    sockets,
    server: {
      encoder: { encode: (p: { data: unknown[] }) => [JSON.stringify(p.data)] },
      opts: { connectionStateRecovery: { maxDisconnectionDuration: WINDOW_MS } },
    },
  };
  const adapter = new AdapterClass(nsp);
  return {
    adapter,
    written,
    connect(id: string, rooms: string[]) {
      written.set(id, []);
      sockets.set(id, { id, client: { writeToEngine: (encoded: string[]) => written.get(id)!.push(...encoded) } });
      void adapter.addAll(id, new Set([id, ...rooms]));
    },
    /** As socket.io does when a socket goes: its session is kept, its rooms are left. */
    disconnect(id: string, pid: string) {
      adapter.persistSession({ sid: id, pid, rooms: [...adapter.sids.get(id)!], data: { who: id } });
      void adapter.delAll(id);
      sockets.delete(id);
    },
    /** Emits an event; returns the offset it carries (undefined when it was not stored). */
    emit(rooms: string[], args: unknown[], opts: { except?: string[]; ackId?: number; volatile?: boolean } = {}) {
      const packet = { type: 2, data: ['signal', ...args], ...(opts.ackId !== undefined && { id: opts.ackId }) };
      adapter.broadcast(packet as never, {
        rooms: new Set(rooms),
        except: new Set(opts.except ?? []),
        flags: opts.volatile ? { volatile: true } : {},
      });
      const last = packet.data[packet.data.length - 1];
      return packet.data.length > args.length + 1 ? (last as string) : undefined;
    },
  };
}

/** The events of a replay, without the offsets (each adapter numbers its packets its own way). */
const withoutOffsets = (packets: unknown[][]) => packets.map((p) => p.slice(0, -1));

function scenario(AdapterClass: AdapterClass) {
  const ns = namespace(AdapterClass);
  ns.connect('A', ['s1', 'peer:a']);
  ns.connect('B', ['s1', 'peer:b']);
  ns.connect('C', ['s2', 'peer:c']);
  const seen = ns.emit(['peer:a'], [{ n: 0 }]);
  ns.disconnect('A', 'pid-a');
  ns.emit(['peer:a'], [{ n: 1 }]); // to A itself
  ns.emit(['s1'], [{ n: 2 }]); // to A's session
  ns.emit(['s1'], [{ n: 3 }], { except: ['peer:a'] }); // not to A
  ns.emit(['peer:b'], [{ n: 4 }]); // to someone else
  ns.emit([], [{ n: 5 }]); // to everyone
  ns.emit(['s2', 'peer:a'], [{ n: 6 }]); // to several rooms, one of them A's
  ns.emit(['peer:a'], [{ n: 7 }], { ackId: 3 }); // awaits an ack: cannot be replayed
  ns.emit(['peer:a'], [{ n: 8 }], { volatile: true }); // may be lost anyway
  return { ns, seen: seen! };
}

describe('recoveryAdapter', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('replays what socket.io’s own SessionAwareAdapter replays, with the session it kept', async () => {
    // Upstream starts a one-minute interval in its constructor: fake timers, so none is left behind.
    jest.useFakeTimers();
    const upstream = scenario(SessionAwareAdapter as unknown as AdapterClass);
    const ours = scenario(recoveryAdapter());
    const [expected, actual] = await Promise.all([
      upstream.ns.adapter.restoreSession('pid-a', upstream.seen),
      ours.ns.adapter.restoreSession('pid-a', ours.seen),
    ]);
    expect(withoutOffsets(expected.missedPackets)).toEqual([
      ['signal', { n: 1 }],
      ['signal', { n: 2 }],
      ['signal', { n: 5 }],
      ['signal', { n: 6 }],
    ]);
    expect(withoutOffsets(actual.missedPackets)).toEqual(withoutOffsets(expected.missedPackets));
    // What socket.io reads of a restored session (upstream also adds when it went).
    const kept = (s: Session) => ({ sid: s.sid, pid: s.pid, rooms: s.rooms, data: s.data });
    expect(kept(actual)).toEqual(kept(expected));
    jest.clearAllTimers();
  });

  it('sends each stored event with its offset, and the replay with the same offsets', async () => {
    const { ns, seen } = scenario(recoveryAdapter());
    ns.connect('D', ['s1']);
    const sent = ns.emit(['s1'], [{ n: 9 }]);
    expect(ns.written.get('D')).toEqual([JSON.stringify(['signal', { n: 9 }, sent])]);
    const session = await ns.adapter.restoreSession('pid-a', seen);
    expect(session.missedPackets.at(-1)).toEqual(['signal', { n: 9 }, sent]);
    // Offsets grow: a client that saw the last one has missed nothing.
    expect((await ns.adapter.restoreSession('pid-a', sent!)).missedPackets).toEqual([]);
  });

  it('keeps packets and sessions for the recovery window, and no longer', async () => {
    let now = 1_000_000;
    const ns = namespace(recoveryAdapter(() => now));
    ns.connect('A', ['peer:a']);
    const old = ns.emit(['peer:a'], ['old']);
    now += 10_000;
    const recent = ns.emit(['peer:a'], ['recent']);
    ns.disconnect('A', 'pid-a');
    ns.emit(['peer:a'], ['missed']);
    now += 20_001; // `old` was sent 30.001 s ago: what came after it can no longer be told
    expect(await ns.adapter.restoreSession('pid-a', old!)).toBeNull();
    const session = await ns.adapter.restoreSession('pid-a', recent!);
    expect(withoutOffsets(session.missedPackets)).toEqual([['signal', 'missed']]);
    now += 10_000; // gone 30.001 s ago
    expect(await ns.adapter.restoreSession('pid-a', recent!)).toBeNull();
  });

  it('restores nothing for an unknown session or an offset it never sent', async () => {
    const { ns, seen } = scenario(recoveryAdapter());
    expect(await ns.adapter.restoreSession('pid-x', seen)).toBeNull();
    for (const offset of ['', 'zz', '-1', 'A', '1'.repeat(12), 'ü']) expect(await ns.adapter.restoreSession('pid-a', offset)).toBeNull();
  });

  it('still finds an offset after the expired packets before it were cut off', async () => {
    let now = 0;
    const ns = namespace(recoveryAdapter(() => now));
    ns.connect('A', ['peer:a']);
    for (let i = 0; i < 3000; i++) ns.emit(['peer:a'], [i]);
    now = 5_000;
    const kept = Array.from({ length: 1000 }, (_, i) => ns.emit(['peer:a'], [3000 + i])!);
    now = 30_001; // the first 3000 expire; the next emit cuts them off
    const last = ns.emit(['peer:a'], [4000]);
    ns.disconnect('A', 'pid-a');
    const session = await ns.adapter.restoreSession('pid-a', kept[989]);
    expect(session.missedPackets).toEqual([...kept.slice(990).map((o, i) => ['signal', 3990 + i, o]), ['signal', 4000, last]]);
  });
});
