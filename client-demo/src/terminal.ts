import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
// The service's own simulator: the same claims and header the check-in endpoint is tested with.
import { attest } from '../../src/session/terminal-simulator.js';
import { api } from './api.js';

/**
 * The terminal SIMULATOR. A real point has an ID-card reader and a face-matching camera whose
 * firmware holds a key registered with the service; it signs what it read (a JWS "attestation")
 * so the service can tell evidence from the terminal apart from numbers typed into a browser.
 * Here the browser plays that terminal: it keeps an Ed25519 key in localStorage, registers the
 * public half once per point, and signs whatever the assistant types into the simulator form.
 * It proves nothing about a real person and exists only to demonstrate the protocol.
 */
export interface TerminalIdentity {
  pointId: string;
  terminalId: string;
  kid: string;
  label: string;
  privateJwk: JWK;
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
    return JSON.parse(raw) as TerminalIdentity;
  } catch {
    return null;
  }
}

export function forgetTerminal(pointId: string): void {
  localStorage.removeItem(storageKey(pointId));
}

/** Makes a key pair and registers its public half with the point: `POST /api/points/:id/terminals`. */
export async function registerTerminal(pointId: string, label: string): Promise<TerminalIdentity> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const privateJwk = await exportJWK(privateKey);
  const reg = await api<{ id: string; kid: string }>(`/api/points/${pointId}/terminals`, {
    as: 'assistant',
    body: { label, publicKeyJwk: publicJwk },
  });
  const identity: TerminalIdentity = { pointId, terminalId: reg.id, kid: reg.kid, label, privateJwk, publicJwk };
  localStorage.setItem(storageKey(pointId), JSON.stringify(identity));
  return identity;
}

/** The compact JWS the check-in endpoint takes: header `{alg: EdDSA, kid}`, the reading as claims. */
export async function buildAttestation(terminal: TerminalIdentity, input: AttestationInput): Promise<string> {
  const privateKey = (await importJWK(terminal.privateJwk, 'EdDSA')) as CryptoKey;
  return attest({ privateKey, publicJwk: terminal.publicJwk, kid: terminal.kid }, input);
}
