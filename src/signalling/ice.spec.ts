import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { iceServers } from './ice.js';

const secret = 'a-turn-secret-of-some-length';
const now = new Date('2025-11-29T07:00:00Z'); // 1764399600 unix seconds
const turn = {
  stunUrls: ['stun:stun.example.org:3478'],
  turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
  turnSecret: secret,
};

describe('iceServers (TURN REST API credentials)', () => {
  it('matches a vector computed once with `openssl dgst -sha1 -hmac … -binary | base64`', () => {
    const [, t] = iceServers(turn, 'user-42', now, 3600);
    expect(t).toEqual({
      urls: turn.turnUrls,
      username: '1764403200:user-42', // now + 3600 s
      credential: 'mWmk+TVClUTEIdWUaZkGF9dpwxY=',
    });
  });

  it('agrees with openssl for another user and expiry, computed now', () => {
    const [, t] = iceServers(turn, '7f1c2a9e-0000-4000-8000-000000000001', now, 600);
    expect(t.username).toBe('1764400200:7f1c2a9e-0000-4000-8000-000000000001');
    let expected: string;
    try {
      const mac = execFileSync('openssl', ['dgst', '-sha1', '-hmac', secret, '-binary'], { input: t.username });
      expected = mac.toString('base64');
    } catch {
      throw new Error('openssl is needed for this test (apt-get install openssl)');
    }
    expect(t.credential).toBe(expected);
  });

  it('lists STUN alone when no TURN is configured', () => {
    expect(iceServers({ stunUrls: ['stun:a:3478', 'stun:b:3478'], turnUrls: [] }, 'u', now)).toEqual([
      { urls: ['stun:a:3478', 'stun:b:3478'] },
    ]);
  });

  it('leaves TURN out without a secret rather than handing out unusable credentials', () => {
    expect(iceServers({ stunUrls: [], turnUrls: ['turn:x:3478'] }, 'u', now)).toEqual([]);
  });

  it('lasts 30 minutes by default, or TURN_CREDENTIAL_TTL_SECONDS, and names the session after the user', () => {
    const [, t] = iceServers(turn, { userId: 'user-42', sessionId: 'session-7' }, now);
    expect(t.username).toBe('1764401400:user-42:session-7'); // now + 1800 s
    expect(t.credential).toBe(createHmac('sha1', secret).update(t.username!).digest('base64'));
    const [, configured] = iceServers({ ...turn, turnCredentialTtlSeconds: 300 }, { userId: 'u', sessionId: 's' }, now);
    expect(configured.username).toBe('1764399900:u:s');
  });
});
