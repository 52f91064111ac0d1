/**
 * SIMULATOR of a township point's identity terminal (ID card reader + camera + face matcher).
 * No such hardware exists here: this stands in for it in the demo and the tests, speaking the
 * same protocol a real terminal must: it holds an Ed25519 key, registers the public half with
 * the service, and signs attestations of what it "read". Uses only jose, so it runs in Node
 * and in the browser alike.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface SimulatedTerminal {
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** Set once registered: the service's kid (RFC 7638 thumbprint) for this key. */
  kid?: string;
}

export interface SimulatedReading {
  bookingId: string;
  idCard: { name: string; idNumber: string; validUntil: string };
  faceMatch: { score: number; liveness: boolean };
  /** The captured photo; only its SHA-256 goes into the attestation. */
  photo: Uint8Array;
}

export async function createSimulatedTerminal(): Promise<SimulatedTerminal> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function randomJti(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** A compact JWS the check-in endpoint accepts (when what it says is true). */
export async function attest(
  terminal: SimulatedTerminal,
  reading: SimulatedReading,
  opts: { now?: Date; jti?: string } = {},
): Promise<string> {
  if (!terminal.kid) throw new Error('register the simulated terminal first (its kid is unknown)');
  const claims = {
    bookingId: reading.bookingId,
    idCard: reading.idCard,
    faceMatch: reading.faceMatch,
    photoSha256: await sha256Hex(reading.photo),
    iat: Math.floor((opts.now ?? new Date()).getTime() / 1000),
    jti: opts.jti ?? randomJti(),
  };
  // SignJWT would add nothing the claims lack; it is used for its compact serialisation.
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: terminal.kid, typ: 'terminal-attestation+jwt' })
    .sign(terminal.privateKey);
}
