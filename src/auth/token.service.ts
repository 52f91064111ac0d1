import { Inject, Injectable } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { Clock } from '../common/clock.js';
import { unauthorized } from '../common/errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { KeyStore } from './key-store.service.js';

/**
 * Audiences keep one kind of token from being used as another. `playback`: a recording's signed
 * URL (one session, one user), which the bearer guard never accepts.
 */
export type TokenAudience = 'staff' | 'case' | 'session' | 'playback';
const aud = (a: TokenAudience) => `remote-notary:${a}`;
/** At most this many verified tokens are remembered (a few MB). */
const VERIFIED_MAX = 10_000;

@Injectable()
export class TokenService {
  /**
   * Public keys imported once per key (WebCrypto import costs about as much as the verification
   * itself). Keyed by kid and key material; only keys the KeyStore knows get here, so it stays small.
   */
  private readonly verifyKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();
  /**
   * Tokens whose signature and claims were checked, until they expire: every authenticated
   * request presents its token again, and the WebCrypto verification was the guard's largest cost.
   * Keyed by audience and the whole token, so a hit is the same bytes already verified; expiry is
   * checked again at each hit. Emptied when full rather than ordered: a miss only costs a verification.
   */
  private readonly verified = new Map<string, JWTPayload & { sub: string }>();

  constructor(
    private readonly keys: KeyStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sign(audience: TokenAudience, subject: string, claims: JWTPayload, ttlSeconds: number): Promise<string> {
    const { kid, key, alg } = await this.keys.signingKey('token');
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setIssuer(this.config.publicBaseUrl)
      .setAudience(aud(audience))
      .setSubject(subject)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(key);
  }

  /** The audience a token claims, unverified: only to choose how to verify it. */
  audienceOf(token: string): TokenAudience | undefined {
    try {
      const aud = decodeJwt(token).aud;
      const value = Array.isArray(aud) ? aud[0] : aud;
      return value?.startsWith('remote-notary:') ? (value.slice('remote-notary:'.length) as TokenAudience) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Verifies signature, issuer, audience and expiry; 401 INVALID_TOKEN / TOKEN_EXPIRED otherwise. */
  async verify(audience: TokenAudience, token: string): Promise<JWTPayload & { sub: string }> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw unauthorized('INVALID_TOKEN', 'The token is malformed.');
    }
    const jwk = kid ? await this.keys.publicJwk(kid, 'token') : undefined;
    if (!jwk) throw unauthorized('INVALID_TOKEN', 'The token was not signed by a key of this service.');
    const cacheKey = `${audience} ${token}`;
    const known = this.verified.get(cacheKey);
    if (known && typeof known.exp === 'number' && known.exp > this.clock.now().getTime() / 1000) return { ...known };
    this.verified.delete(cacheKey);
    try {
      const { payload } = await jwtVerify(token, await this.verifyKey(kid!, jwk), {
        issuer: this.config.publicBaseUrl,
        audience: aud(audience),
        algorithms: ['EdDSA'],
        currentDate: this.clock.now(),
      });
      if (!payload.sub) throw unauthorized('INVALID_TOKEN', 'The token names no subject.');
      if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
      this.verified.set(cacheKey, payload as JWTPayload & { sub: string });
      return { ...payload } as JWTPayload & { sub: string };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw unauthorized('TOKEN_EXPIRED', 'The token has expired; sign in again.');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
        throw unauthorized('INVALID_TOKEN', 'The token is not meant for this use.');
      }
      if (err instanceof Error && err.name === 'DomainError') throw err;
      throw unauthorized('INVALID_TOKEN', 'The token signature is invalid.');
    }
  }

  private verifyKey(kid: string, jwk: JWK): Promise<CryptoKey | Uint8Array> {
    const id = `${kid}:${String(jwk.x)}`;
    let key = this.verifyKeys.get(id);
    if (!key) {
      key = importJWK(jwk, 'EdDSA');
      this.verifyKeys.set(id, key);
      key.catch(() => this.verifyKeys.delete(id));
    }
    return key;
  }
}
