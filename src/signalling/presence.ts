import type { PeerInfo } from './protocol.js';

export interface Member extends PeerInfo {
  userId: string;
}

/** An identity held by this instance: its socket is here, or left from here and may still come back. */
export interface Holding {
  sessionId: string;
  member: Member;
  socketId: string;
  state: 'connected' | 'away';
}

interface SessionEntry {
  local: Map<string, Holding>;
  /** Members held by other instances, as far as this one has heard. */
  remote: Map<string, Member>;
}

/**
 * Who is in which session, as one instance sees it. Only sessions with a local holding are
 * tracked: an instance needs to know a session's other members only to relay for its own peers,
 * and it learns them afresh (through a cluster-wide claim) when its first peer of a session joins.
 */
export class Presence {
  private readonly sessions = new Map<string, SessionEntry>();

  holding(sessionId: string, peerId: string): Holding | undefined {
    return this.sessions.get(sessionId)?.local.get(peerId);
  }

  /** Holds an identity for a socket here, replacing whatever this instance held for it. */
  hold(sessionId: string, member: Member, socketId: string): Holding {
    let entry = this.sessions.get(sessionId);
    if (!entry) {
      entry = { local: new Map(), remote: new Map() };
      this.sessions.set(sessionId, entry);
    }
    entry.remote.delete(member.peerId);
    const holding: Holding = { sessionId, member, socketId, state: 'connected' };
    entry.local.set(member.peerId, holding);
    return holding;
  }

  /** Stops holding an identity here; returns what was held. */
  release(sessionId: string, peerId: string): Holding | undefined {
    const entry = this.sessions.get(sessionId);
    const holding = entry?.local.get(peerId);
    if (!entry || !holding) return undefined;
    entry.local.delete(peerId);
    if (entry.local.size === 0) this.sessions.delete(sessionId);
    return holding;
  }

  localMembers(sessionId: string): Member[] {
    return [...(this.sessions.get(sessionId)?.local.values() ?? [])].map((h) => h.member);
  }

  /** Everyone this instance knows in the session, held here or elsewhere. */
  members(sessionId: string): Member[] {
    const entry = this.sessions.get(sessionId);
    if (!entry) return [];
    return [...[...entry.local.values()].map((h) => h.member), ...entry.remote.values()];
  }

  isMember(sessionId: string, peerId: string): boolean {
    const entry = this.sessions.get(sessionId);
    return !!entry && (entry.local.has(peerId) || entry.remote.has(peerId));
  }

  /** Notes a member held elsewhere, if this instance cares about the session at all. */
  learnRemote(sessionId: string, member: Member): void {
    const entry = this.sessions.get(sessionId);
    if (entry && !entry.local.has(member.peerId)) entry.remote.set(member.peerId, member);
  }

  forgetRemote(sessionId: string, peerId: string): void {
    this.sessions.get(sessionId)?.remote.delete(peerId);
  }

  *holdings(): Iterable<Holding> {
    for (const entry of this.sessions.values()) yield* entry.local.values();
  }
}
