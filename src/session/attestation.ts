import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { unprocessable } from '../common/errors.js';

/**
 * What a point's terminal signs after reading the ID card and matching the live face against
 * the card photo. A compact JWS (EdDSA or ES256, header `kid` = the terminal's registered key).
 */
export const attestationClaims = z
  .object({
    bookingId: z.uuid(),
    idCard: z.object({
      name: z.string().min(1).max(40),
      idNumber: z.string().regex(/^\d{17}[\dX]$/),
      /** `YYYY-MM-DD`, or 长期 for cards valid for life. */
      validUntil: z.union([z.iso.date(), z.literal('长期')]),
    }),
    faceMatch: z.object({ score: z.number().min(0).max(1), liveness: z.boolean() }),
    photoSha256: z.string().regex(/^[0-9a-f]{64}$/),
    iat: z.number().int(),
    jti: z.string().min(8).max(128),
  })
  .strict();
export type AttestationClaims = z.infer<typeof attestationClaims>;

export const FRESHNESS_SECONDS = 300;
/** Terminal clocks drift; a little future is tolerated, more is not. */
const FUTURE_SKEW_SECONDS = 60;

export interface TerminalKeyRecord {
  id: string;
  pointId: string;
  alg: 'EdDSA' | 'ES256';
  publicJwk: Record<string, string>;
  status: 'pending' | 'active' | 'disabled';
}

export interface VerifiedAttestation {
  terminal: TerminalKeyRecord;
  claims: AttestationClaims;
  claimsSha256: string;
}

const invalid = (message: string, details?: unknown) => unprocessable('ATTESTATION_INVALID', message, details);

/**
 * Checks signature, signer and freshness; the business checks (replay, identity, expiry,
 * face) are the caller's, since they need the booking and the database.
 */
export async function verifyAttestation(
  jws: string,
  expect: { bookingId: string; pointId: string; now: Date },
  findTerminal: (kid: string) => Promise<TerminalKeyRecord | undefined>,
): Promise<VerifiedAttestation> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(jws).kid;
  } catch {
    throw invalid('The attestation is not a compact JWS.');
  }
  const terminal = kid ? await findTerminal(kid) : undefined;
  if (!terminal || terminal.pointId !== expect.pointId)
    throw invalid('The attestation was not signed by a terminal registered at this point.');
  if (terminal.status === 'pending')
    throw invalid('The terminal that signed this attestation awaits an administrator’s approval. 终端尚待管理员批准。');
  if (terminal.status !== 'active') throw invalid('The terminal that signed this attestation is disabled.');
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, await importJWK(terminal.publicJwk as JWK, terminal.alg), { algorithms: [terminal.alg] }));
  } catch {
    throw invalid("The attestation's signature does not verify against the terminal's key.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw invalid('The attestation payload is not JSON.');
  }
  const result = attestationClaims.safeParse(parsed);
  if (!result.success) {
    throw invalid(
      `The attestation claims are malformed: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`,
      result.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })),
    );
  }
  const claims = result.data;
  if (claims.bookingId !== expect.bookingId) throw invalid('The attestation is for another booking.');
  const now = Math.floor(expect.now.getTime() / 1000);
  if (claims.iat < now - FRESHNESS_SECONDS)
    throw invalid(`The attestation is older than ${FRESHNESS_SECONDS / 60} minutes; check the applicant again.`);
  if (claims.iat > now + FUTURE_SKEW_SECONDS) throw invalid("The attestation is dated in the future; check the terminal's clock.");
  return { terminal, claims, claimsSha256: createHash('sha256').update(payload).digest('hex') };
}
