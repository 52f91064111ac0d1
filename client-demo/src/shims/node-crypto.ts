/**
 * The few `node:crypto` calls the evidence-log verifier makes (`src/audit/log/{merkle,note,log-proof}.ts`),
 * for the browser: SHA-256 and Ed25519 verification from @noble (audited, synchronous, like
 * node:crypto). Vite maps `node:crypto` here in the client build only, so the browser runs the
 * very verifier module the service and the offline CLI run. Signing is not available here.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import { Buffer } from 'buffer';

// The verifier speaks Buffer (base64, equals, readBigUInt64BE); the `buffer` package is Node's API.
(globalThis as { Buffer?: typeof Buffer }).Buffer ??= Buffer;

const bytes = (d: string | Uint8Array) => (typeof d === 'string' ? new TextEncoder().encode(d) : d);

class Sha256 {
  private readonly h = sha256.create();
  update(d: string | Uint8Array): this {
    this.h.update(bytes(d));
    return this;
  }
  digest(): Buffer;
  digest(encoding: 'hex' | 'base64'): string;
  digest(encoding?: 'hex' | 'base64'): Buffer | string {
    const out = Buffer.from(this.h.digest());
    return encoding ? out.toString(encoding) : out;
  }
}

export function createHash(algorithm: string): Sha256 {
  if (algorithm !== 'sha256') throw new Error(`only sha256 in the browser, not ${algorithm}`);
  return new Sha256();
}

/** An Ed25519 public key from its SPKI DER (the raw key is the last 32 bytes). */
export interface KeyObject {
  raw: Uint8Array;
}

export function createPublicKey(k: { key: Uint8Array; format: 'der'; type: 'spki' }): KeyObject {
  return { raw: k.key.subarray(k.key.length - 32) };
}

export function verify(_algorithm: null, message: Uint8Array, key: KeyObject, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, key.raw);
  } catch {
    return false;
  }
}

export function createPrivateKey(): never {
  throw new Error('no private keys in the browser');
}

export function sign(): never {
  throw new Error('no signing in the browser');
}
