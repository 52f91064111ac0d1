import type { IceCandidateInit, OutgoingSignal, SignalBody, SignalErrorCode } from './protocol.js';

/** An SDP with many codecs and simulcast stays well below this; anything larger is abuse or a bug. */
export const MAX_SIGNAL_BYTES = 64 * 1024;

const PEER_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** rollback never travels: each side rolls back its own local description. */
const DESCRIPTION_TYPES = new Set(['offer', 'answer', 'pranswer']);

export type SignalCheck = { ok: true; signal: OutgoingSignal } | { ok: false; code: SignalErrorCode; message: string };

/**
 * Size first (measured as the JSON the client sent), then shape:
 * `{ to, description: { type: offer|answer|pranswer, sdp } }` or `{ to, candidate }`, where the
 * candidate is `{ candidate, sdpMid?, sdpMLineIndex? (0–65535), usernameFragment? }` or null
 * (end-of-candidates). Unknown fields are dropped, so nothing but SDP and ICE reaches the other
 * peer. Written out by hand rather than as a schema: it runs for every relayed message, and a
 * schema library's parse was a measurable share of the relay's time.
 */
export function checkSignal(body: unknown): SignalCheck {
  const json = body === undefined ? undefined : JSON.stringify(body);
  if (json === undefined)
    return { ok: false, code: 'INVALID_MESSAGE', message: 'signal needs a payload { to, description? , candidate? }' };
  // A UTF-16 code unit is at most 3 bytes of UTF-8: short text needs no counting.
  if (json.length * 3 > MAX_SIGNAL_BYTES && Buffer.byteLength(json) > MAX_SIGNAL_BYTES) {
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const invalid = (path: string, problem: string): SignalCheck => ({ ok: false, code: 'INVALID_MESSAGE', message: `${path}: ${problem}` });
