import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
// The service's own simulator: the same claims and header the check-in endpoint is tested with.
import { attest } from '../../src/session/terminal-simulator.js';
import { endpoints } from './endpoints.js';

/**
 * The terminal SIMULATOR. A real point has an ID-card reader and a face-matching camera whose
 * firmware holds a key registered with the service; it signs what it read (a JWS "attestation")
 * so the service can tell evidence from the terminal apart from numbers typed into a browser.
 * Here the browser plays that terminal: it makes a NON-EXTRACTABLE Ed25519 key (WebCrypto: the
 * page can sign with it but never read it out) kept in IndexedDB, registers the public half once
 * per point, and signs whatever the assistant types into the simulator form.
 * It proves nothing about a real person and exists only to demonstrate the protocol.
 */
export interface TerminalIdentity {
  pointId: string;
  terminalId: string;
  kid: string;
  label: string;
  publicJwk: JWK;
}

export interface AttestationInput {
  bookingId: string;
  idCard: { name: string; idNumber: string; validUntil: string };
  faceMatch: { score: number; liveness: boolean };
  photo: Uint8Array;
}

const storageKey = (pointId: string) => `demo.terminal.${pointId}`;

export function storedTerminal(pointId: string): TerminalIdentity | null {
  const raw = localStorage.getItem(storageKey(pointId));
  if (!raw) return null;
  try {
    const t = JSON.parse(raw) as TerminalIdentity & { privateJwk?: unknown };
    // An identity of the first demo kept its private key readable in localStorage: not kept.
    if (t.privateJwk) {
      forgetTerminal(pointId);
      return null;
    }
    return t;
  } catch {
    return null;
  }
}

export function forgetTerminal(pointId: string): void {
  localStorage.removeItem(storageKey(pointId));
  void keyStore('readwrite', (s) => s.delete(pointId)).catch(() => undefined);
}

/** One IndexedDB object store of CryptoKeys by point id (structured clone keeps them non-extractable). */
function keyStore<T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('demo.terminal', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('keys');
    open.onerror = () => reject(open.error ?? new Error('IndexedDB unavailable'));
    open.onsuccess = () => {
      const db = open.result;
      const req = op(db.transaction('keys', mode).objectStore('keys'));
      req.onsuccess = () => {
        resolve(req.result);
        db.close();
      };
      req.onerror = () => {
        reject(req.error ?? new Error('IndexedDB request failed'));
        db.close();
      };
    };
  });
}

/** Makes a key pair and registers its public half with the point: `POST /api/points/:id/terminals`. */
export async function registerTerminal(pointId: string, label: string): Promise<TerminalIdentity> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: false });
  const publicJwk = await exportJWK(publicKey);
  const reg = await endpoints.registerTerminal(pointId, { label, publicKeyJwk: publicJwk });
  const identity: TerminalIdentity = { pointId, terminalId: reg.id, kid: reg.kid, label, publicJwk };
  await keyStore('readwrite', (s) => s.put(privateKey, pointId));
  localStorage.setItem(storageKey(pointId), JSON.stringify(identity));
  return identity;
}

/** The compact JWS the check-in endpoint takes: header `{alg: EdDSA, kid}`, the reading as claims. */
export async function buildAttestation(terminal: TerminalIdentity, input: AttestationInput): Promise<string> {
  const privateKey = await keyStore<CryptoKey | undefined>('readonly', (s) => s.get(terminal.pointId) as IDBRequest<CryptoKey | undefined>);
  if (!privateKey) throw new Error('This browser no longer holds the terminal key: forget the terminal and register again.');
  return attest({ privateKey, publicJwk: terminal.publicJwk, kid: terminal.kid }, input);
}
