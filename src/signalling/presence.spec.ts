import { describe, expect, it } from '@jest/globals';
import { Presence, type Member } from './presence.js';

const notary: Member = { peerId: 'n', role: 'notary', userId: 'u1' };
const assistant: Member = { peerId: 'a', role: 'assistant', userId: 'u2' };

describe('Presence', () => {
  it('tracks members held here and elsewhere, per session', () => {
    const p = new Presence();
    p.hold('s1', notary, 'sock1');
    p.learnRemote('s1', assistant);
    expect(p.members('s1')).toEqual([notary, assistant]);
    expect(p.localMembers('s1')).toEqual([notary]);
    expect(p.isMember('s1', 'a')).toBe(true);
    expect(p.isMember('s2', 'a')).toBe(false);
  });

  it('ignores news of sessions it holds nobody in, and forgets a session when its last local member goes', () => {
    const p = new Presence();
    p.learnRemote('s1', assistant);
    expect(p.isMember('s1', 'a')).toBe(false);
    p.hold('s1', notary, 'sock1');
    p.learnRemote('s1', assistant);
    expect(p.release('s1', 'n')).toMatchObject({ socketId: 'sock1', member: notary });
    expect(p.members('s1')).toEqual([]);
    expect(p.release('s1', 'n')).toBeUndefined();
  });

  it('moves an identity from elsewhere to here when it is held here', () => {
    const p = new Presence();
    p.hold('s1', notary, 'sock1');
    p.learnRemote('s1', assistant);
    p.hold('s1', assistant, 'sock2');
    expect(p.members('s1')).toEqual([notary, assistant]);
    expect(p.holding('s1', 'a')).toMatchObject({ socketId: 'sock2', state: 'connected' });
  });
});
