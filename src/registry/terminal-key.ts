import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { badRequest } from '../common/errors.js';

export interface TerminalKey {
  alg: 'EdDSA' | 'ES256';
  kid: string;
  publicJwk: Record<string, string>;
}

/**
 * A terminal's device key: Ed25519 (OKP) or P-256 (EC), public part only.
 * The kid is the RFC 7638 thumbprint, so one key can be registered once.
 */
export async function parseTerminalKey(jwk: Record<string, unknown>): Promise<TerminalKey> {
  if ('d' in jwk) {
    throw badRequest(
      'PRIVATE_KEY_SUBMITTED',
      'This JWK holds a private key ("d"); register the public key only and keep the private key on the terminal.',
    );
  }
  const { kty, crv } = jwk;
  let alg: TerminalKey['alg'];
  let members: string[];
  if (kty === 'OKP' && crv === 'Ed25519') {
    alg = 'EdDSA';
    members = ['kty', 'crv', 'x'];
  } else if (kty === 'EC' && crv === 'P-256') {
    alg = 'ES256';
    members = ['kty', 'crv', 'x', 'y'];
  } else {
    throw badRequest(
      'UNSUPPORTED_KEY_TYPE',
      `Terminal keys must be Ed25519 (kty "OKP", crv "Ed25519") or P-256 (kty "EC", crv "P-256"); got kty ${JSON.stringify(kty)}, crv ${JSON.stringify(crv)}.`,
    );
  }
  const missing = members.filter((k) => typeof jwk[k] !== 'string');
  if (missing.length) throw badRequest('INVALID_JWK', `The JWK lacks ${missing.join(', ')}.`);
  const publicJwk = Object.fromEntries(members.map((k) => [k, jwk[k] as string]));
  try {
    // Imports the key for real: a wrong length or a point off the curve fails here.
    await importJWK(publicJwk as JWK, alg);
  } catch (err) {
    throw badRequest('INVALID_JWK', `The key cannot be used: ${err instanceof Error ? err.message : String(err)}.`);
  }
  return { alg, kid: await calculateJwkThumbprint(publicJwk as JWK, 'sha256'), publicJwk };
}
