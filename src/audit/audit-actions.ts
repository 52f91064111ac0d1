import { z } from 'zod';

/**
 * Every action the audit log records, with the shape of its payload. The log is evidence that
 * outsiders check for decades, so its vocabulary is closed: an entry with an unlisted action or
 * a payload field its schema does not name (personal data slipping in, a renamed key) is refused
 * when it is written, and the compiler holds every call site to the same shapes.
 */
const text = z.string();
const maybe = z.string().nullable();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const when = z.string().nullable();
const reason = z.strictObject({ reason: text });
const address = z.strictObject({ address: text });
const none = z.strictObject({});
const keyRef = z.strictObject({ pointId: text, kid: maybe });
const jsonValue = z.unknown();

const bookingFacts = z.strictObject({
  caseNo: text,
  kind: z.enum(['appointment', 'walk_in']),
  pointId: text,
  matterCode: text,
  notaryId: maybe,
  terminalId: maybe,
  start: when,
  end: when,
  applicantIdDigest: text,
  applicantPhoneDigest: text,
});

const office = z.strictObject({
  id: text,
  name: text,
  regionCode: text,
  regionName: text.optional(),
  certificatePrefix: text,
  address: maybe,
  phone: maybe,
});

const terminalAttested = z.strictObject({
  checkInId: text,
  outcome: text,
  method: z.literal('terminal_attested'),
  terminalId: text,
  jti: text,
  faceScore: z.number(),
  liveness: z.boolean(),
  photoSha256: text,
  idDigest: text,
  claimsSha256: text,
});

const serviceVerified = z.strictObject({
  checkInId: text,
  outcome: text,
  method: z.literal('service_verified'),
  terminalId: text,
  photoSha256: text,
  frameSha256s: z.array(text),
  idDigest: text,
  idCardSource: text,
  consentNoticeSha256: text,
  faceDistance: z.number().nullable(),
  faceThreshold: z.number(),
  liveness: z.boolean().nullable(),
  livenessMode: z.enum(['challenge', 'off']),
  steps: z.array(text),
  failedSteps: z.array(text),
  challengeId: maybe,
  model: text,
});

/** A refusal before any evidence was read (lock-out, a replayed or unreadable attestation). */
const refusedEarly = z.strictObject({ outcome: text, terminalId: maybe, jti: maybe });

const peer = z.strictObject({ peerId: text, role: text });

export const AUDIT_PAYLOADS = {
  'auth.login.failed': z.strictObject({ usernameHmac: text, reason: z.enum(['bad_password', 'unknown_user']), address: text }),
  'auth.login.refused': z.strictObject({ reason: z.literal('disabled'), address: text }),
  'auth.login.succeeded': address,
  'auth.key.created': z.strictObject({ purpose: text, alg: text, publicJwk: z.record(z.string(), jsonValue) }),
  'auth.user.created': z.strictObject({ username: text, role: text, officeId: maybe, pointId: maybe }),
  'auth.user.renamed': z.strictObject({ displayName: text }),
  'auth.user.password_reset': none,
  'auth.user.disabled': none,
  'auth.user.enabled': none,

  'booking.created': bookingFacts,
  'booking.walk_in.waiting': bookingFacts,
  'booking.walk_in.claimed': z.strictObject({ notaryId: text, terminalId: maybe, start: text }),
  'booking.walk_in.expired': z.strictObject({ caseNo: text }),
  'booking.rescheduled': z.strictObject({ from: when, to: when, notaryId: maybe, terminalId: maybe }),
  'booking.cancelled': z.strictObject({ from: text, reason: text }),
  'booking.no_show': none,
  'booking.access.failed': address,
  'booking.access.granted': address,
  'booking.schedule.updated': z.strictObject({ weekly: jsonValue, exceptions: z.array(jsonValue), reason: text.optional() }),
  'booking.duty.on': none,
  'booking.duty.off': none,

  'registry.region.created': z.strictObject({
    code: text,
    name: text,
    level: text,
    parentCode: maybe,
    illustrative: z.boolean(),
  }),
  'registry.office.created': office,
  'registry.office.updated': office.extend({ changed: z.array(text) }),
  'registry.notary.created': z.strictObject({ officeId: text, licenseNo: text }),
  'registry.notary.updated': z.strictObject({ licenseNo: text.optional() }),
  'registry.point.created': z.strictObject({
    name: text,
    regionCode: text,
    officeId: text,
    openingHours: jsonValue,
    exceptions: z.array(jsonValue),
  }),
  'registry.point.updated': z.strictObject({ changed: z.record(z.string(), jsonValue) }),
  'registry.point.activated': z.strictObject({ changed: z.record(z.string(), jsonValue) }),
  'registry.point.suspended': z.strictObject({ changed: z.record(z.string(), jsonValue) }),
  'registry.point.self_enrolment': z.strictObject({ enabled: z.boolean(), reason: text }),
  'registry.terminal.registered': z.strictObject({
    pointId: text,
    label: text,
    kid: text,
    alg: text,
    publicJwk: z.record(z.string(), jsonValue),
    status: text,
    selfEnrolment: z.literal(true).optional(),
  }),
  'registry.terminal.seat_added': z.strictObject({ pointId: text, label: text }),
  'registry.terminal.approved': keyRef,
  'registry.terminal.disabled': keyRef,

  'matter.seeded': z.strictObject({ nameZh: text }),
  'matter.updated': z.strictObject({ changed: z.array(text) }),
  'matter.enabled': z.strictObject({ changed: z.array(text) }),
  'matter.disabled': z.strictObject({ changed: z.array(text) }),

  'session.identity.challenge_issued': z.strictObject({ challengeId: text, steps: z.array(text), expiresAt: text }),
  'session.identity.capture_failed': z.strictObject({ outcome: text, image: text, challengeId: maybe }),
  'session.check_in.succeeded': z.union([terminalAttested, serviceVerified]),
  'session.check_in.failed': z.union([terminalAttested, serviceVerified, refusedEarly]),
  'session.check_in.overridden': reason,
  'session.created': z.strictObject({ bookingId: text, caseNo: text, notaryId: maybe, terminalId: maybe, checkInId: text }),
  'session.live': none,
  'session.notice.acknowledged': z.strictObject({ noticeSha256: sha256, matterCode: text }),
  'session.record.written': z.strictObject({ version: z.number().int(), recordSha256: sha256, entries: z.number().int() }),
  'session.signed': z.strictObject({ signatureSha256: sha256, recordSha256: sha256, recordVersion: z.number().int() }),
  'session.matter_fields.set': z.strictObject({ keys: z.array(text) }),
  'session.rejected': reason,
  'session.aborted': reason,
  'session.recording.chunk': z.strictObject({ seq: z.number().int(), size: z.number().int(), sha256, chainHash: sha256 }),
  'session.recording.finish': z.strictObject({
    sessionId: text,
    chunkCount: z.number().int(),
    bytes: z.number().int(),
    durationMs: z.number().int(),
    finalHash: sha256,
    manifestSha256: sha256,
  }),
  'session.recording.override': reason,
  'session.peer.joined': peer,
  'session.peer.left': peer,
  'session.peer.reconnected': peer,
  'session.peer.replaced': peer,

  'certificate.issued': z.strictObject({
    number: text,
    sessionId: text,
    bookingId: text,
    officeId: text,
    matterCode: text,
    holderHash: text,
    wordingSha256: sha256,
  }),
  'certificate.pdf.stored': z.strictObject({ pdfSha256: sha256, size: z.number().int() }),
  'certificate.log-proof.stored': z.strictObject({ index: z.number().int() }),
  'certificate.wording.redacted': z.strictObject({ wordingSha256: sha256 }),
  'certificate.corrected': z.strictObject({ correction: z.number().int(), field: text, value: text, reason: text }),
  'certificate.revoked': reason,
} as const;

export type AuditAction = keyof typeof AUDIT_PAYLOADS;
export type AuditPayload<A extends AuditAction> = z.input<(typeof AUDIT_PAYLOADS)[A]>;

/** Why a payload does not fit its action's schema, or undefined when it does. */
export function auditPayloadProblem(action: string, payload: unknown): string | undefined {
  const schema = (AUDIT_PAYLOADS as Record<string, z.ZodType>)[action];
  if (!schema) return `unknown audit action ${action}`;
  const r = schema.safeParse(payload);
  return r.success ? undefined : `${action}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`;
}
