import { z } from 'zod';
import type { OutgoingSignal, SignalErrorCode } from './protocol.js';

/** An SDP with many codecs and simulcast stays well below this; anything larger is abuse or a bug. */
export const MAX_SIGNAL_BYTES = 64 * 1024;

const description = z.object({
  // rollback never travels: each side rolls back its own local description.
  type: z.enum(['offer', 'answer', 'pranswer']),
  sdp: z.string(),
});

const candidate = z.object({
  candidate: z.string(),
  sdpMid: z.string().nullish(),
  sdpMLineIndex: z.number().int().min(0).max(65535).nullish(),
  usernameFragment: z.string().nullish(),
});

/** Unknown fields are dropped, so nothing but SDP and ICE reaches the other peer. */
const signal = z
  .object({
    to: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    description: description.optional(),
    // null is end-of-candidates (RTCPeerConnectionIceEvent.candidate === null)
    candidate: candidate.nullable().optional(),
  })
  .refine((s) => (s.description === undefined) !== (s.candidate === undefined), {
    message: 'carry exactly one of description or candidate',
  });

export type SignalCheck = { ok: true; signal: OutgoingSignal } | { ok: false; code: SignalErrorCode; message: string };

/** Size first (measured as the JSON the client sent), then shape. */
export function checkSignal(body: unknown): SignalCheck {
  const json = body === undefined ? undefined : JSON.stringify(body);
  if (json === undefined)
    return { ok: false, code: 'INVALID_MESSAGE', message: 'signal needs a payload { to, description? , candidate? }' };
  if (Buffer.byteLength(json) > MAX_SIGNAL_BYTES) {
    return { ok: false, code: 'MESSAGE_TOO_LARGE', message: `signal payloads are limited to ${MAX_SIGNAL_BYTES} bytes of JSON` };
  }
  const parsed = signal.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, code: 'INVALID_MESSAGE', message: `${first.path.join('.') || 'signal'}: ${first.message}` };
  }
  const { to, description: d, candidate: c } = parsed.data;
  return { ok: true, signal: d !== undefined ? { to, description: d } : { to, candidate: c ?? null } };
}
