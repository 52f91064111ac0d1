import { describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import { ShiftedClock } from '../common/clock.js';
import type { AppConfig } from '../config/config.js';
import type { KeyStore } from './key-store.service.js';
import { TokenService } from './token.service.js';

async function service() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const publicJwk = await exportJWK(publicKey);
  const keys = {
    signingKey: async () => ({ kid: 'k1', key: privateKey, alg: 'EdDSA' }),
    publicJwk: async (kid: string, purpose: string) => (kid === 'k1' && purpose === 'token' ? publicJwk : undefined),
  } as unknown as KeyStore;
  const clock = new ShiftedClock(new Date('2026-12-01T08:00:00Z'));
  const config = { publicBaseUrl: 'http://localhost:3000' } as AppConfig;
  return { tokens: new TokenService(keys, clock, config), clock };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code,
  );

// A verified token is remembered; these hold whether the check is a fresh verification or a hit.
describe('TokenService.verify with its verified-token memory', () => {
  it('accepts the same token again, and refuses it once expired', async () => {
    const { tokens, clock } = await service();
    const t = await tokens.sign('staff', 'u1', { role: 'admin' }, 60);
    expect((await tokens.verify('staff', t)).sub).toBe('u1');
    expect((await tokens.verify('staff', t)).sub).toBe('u1');
    clock.advance(61_000);
    expect(await codeOf(tokens.verify('staff', t))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a verified token for another audience, and any altered byte', async () => {
    const { tokens } = await service();
    const t = await tokens.sign('staff', 'u1', {}, 60);
    await tokens.verify('staff', t);
    expect(await codeOf(tokens.verify('case', t))).toBe('INVALID_TOKEN');
    const [h, p, s] = t.split('.');
    const flipped = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(await codeOf(tokens.verify('staff', flipped))).toBe('INVALID_TOKEN');
  });

  it('hands each caller its own copy of the claims', async () => {
    const { tokens } = await service();
    const t = await tokens.sign('staff', 'u1', {}, 60);
    const first = await tokens.verify('staff', t);
    first.sub = 'someone-else';
    expect((await tokens.verify('staff', t)).sub).toBe('u1');
  });
});
