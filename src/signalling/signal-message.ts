import type { IceCandidateInit, OutgoingSignal, SignalBody, SignalErrorCode } from './protocol.js';

/** An SDP with many codecs and simulcast stays well below this; anything larger is abuse or a bug. */
export const MAX_SIGNAL_BYTES = 64 * 1024;

const PEER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** rollback never travels: each side rolls back its own local description. */
const DESCRIPTION_TYPES = new Set(['offer', 'answer', 'pranswer']);

export type SignalCheck = { ok: true; signal: OutgoingSignal } | { ok: false; code: SignalErrorCode; message: string };

/**
 * Size first (measured as the JSON the client sent, up to MAX_SIGNAL_BYTES), then shape:
 * `{ to, description: { type: offer|answer|pranswer, sdp } }` or `{ to, candidate }`, where the
 * candidate is `{ candidate, sdpMid?, sdpMLineIndex? (0–65535), usernameFragment? }` or null
 * (end-of-candidates). Unknown fields are dropped, so nothing but SDP and ICE reaches the other
 * peer. Written out by hand rather than as a schema: it runs for every relayed message, and a
 * schema library's parse was a measurable share of the relay's time.
 */
export function checkSignal(body: unknown): SignalCheck {
  if (body === undefined || typeof body === 'function')
    return { ok: false, code: 'INVALID_MESSAGE', message: 'signal needs a payload { to, description? , candidate? }' };
  // Exact only when the cheap bound says it might be too large (an SDP near the limit, abuse).
  if (jsonBytesBound(body, MAX_SIGNAL_BYTES) > MAX_SIGNAL_BYTES && Buffer.byteLength(JSON.stringify(body)) > MAX_SIGNAL_BYTES) {
    return { ok: false, code: 'MESSAGE_TOO_LARGE', message: `signal payloads are limited to ${MAX_SIGNAL_BYTES} bytes of JSON` };
  }
  if (!isRecord(body)) return invalid('signal', `expected an object, received ${kind(body)}`);
  const { to, description, candidate } = body;
  if (typeof to !== 'string') return invalid('to', `expected a string, received ${kind(to)}`);
  if (!PEER_ID.test(to)) return invalid('to', 'expected a peer id (1–64 of A–Z, a–z, 0–9, _ and -)');
  if (description !== undefined) {
    if (candidate !== undefined) return invalid('signal', 'carry exactly one of description or candidate');
    if (!isRecord(description)) return invalid('description', `expected an object, received ${kind(description)}`);
    const { type, sdp } = description;
    if (typeof type !== 'string' || !DESCRIPTION_TYPES.has(type))
      return invalid('description.type', 'expected "offer", "answer" or "pranswer"');
    if (typeof sdp !== 'string') return invalid('description.sdp', `expected a string, received ${kind(sdp)}`);
    return { ok: true, signal: { to, description: { type: type as NonNullable<SignalBody['description']>['type'], sdp } } };
  }
  if (candidate === undefined) return invalid('signal', 'carry exactly one of description or candidate');
  if (candidate === null) return { ok: true, signal: { to, candidate: null } };
  if (!isRecord(candidate)) return invalid('candidate', `expected an object or null, received ${kind(candidate)}`);
  const { candidate: line, sdpMid, sdpMLineIndex, usernameFragment } = candidate;
  if (typeof line !== 'string') return invalid('candidate.candidate', `expected a string, received ${kind(line)}`);
  const out: IceCandidateInit = { candidate: line };
  if (sdpMid !== undefined) {
    if (sdpMid !== null && typeof sdpMid !== 'string')
      return invalid('candidate.sdpMid', `expected a string or null, received ${kind(sdpMid)}`);
    out.sdpMid = sdpMid;
  }
  if (sdpMLineIndex !== undefined) {
    if (
      sdpMLineIndex !== null &&
      !(Number.isInteger(sdpMLineIndex) && (sdpMLineIndex as number) >= 0 && (sdpMLineIndex as number) <= 65535)
    )
      return invalid('candidate.sdpMLineIndex', 'expected an integer from 0 to 65535, or null');
    out.sdpMLineIndex = sdpMLineIndex as number | null;
  }
  if (usernameFragment !== undefined) {
    if (usernameFragment !== null && typeof usernameFragment !== 'string')
      return invalid('candidate.usernameFragment', `expected a string or null, received ${kind(usernameFragment)}`);
    out.usernameFragment = usernameFragment;
  }
  return { ok: true, signal: { to, candidate: out } };
}

/**
 * At least the UTF-8 bytes of `JSON.stringify(value)`, counted without building it (the relay
 * did that for every message, three quarters of this check's time): a UTF-16 code unit takes at
 * most 6 bytes of JSON (`\u001f`), a number at most 24 characters, and each key and element
 * its quotes, colon and comma. Counts no further once over `limit`. Anything that is not what a
 * JSON parse makes (a Buffer from a binary packet, say) is Infinity: the caller measures exactly.
 */
export function jsonBytesBound(value: unknown, limit: number): number {
  const stack = [value];
  let bytes = 0;
  while (stack.length > 0 && bytes <= limit) {
    const v = stack.pop();
    if (typeof v === 'string') bytes += 6 * v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) bytes += 24;
    else if (Array.isArray(v)) {
      bytes += 2 + v.length;
      for (let i = 0; i < v.length; i++) stack.push(v[i]);
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      bytes += 2;
      for (const key in v) {
        bytes += 6 * key.length + 4;
        stack.push((v as Record<string, unknown>)[key]);
      }
    } else return Infinity;
  }
  return bytes;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const invalid = (path: string, problem: string): SignalCheck => ({ ok: false, code: 'INVALID_MESSAGE', message: `${path}: ${problem}` });
