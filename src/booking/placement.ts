import { conflict } from '../common/errors.js';
import { toShanghaiIso } from '../common/shanghai-time.js';
import type { Matter } from '../matters/matter.entity.js';
import { StaleReference, type BookingReference, type PointRef } from './booking-reference.js';
import type { BookingRow, NewBooking, Placed, Placement, SealedApplicant } from './booking.repository.js';

type Code = 'SLOT_TAKEN' | 'NOTARY_BUSY' | 'NO_TERMINAL_FREE';
const MESSAGES: Record<Code, string> = {
  SLOT_TAKEN: 'That time has just been taken; pick another slot. 该时段已被预约。',
  NOTARY_BUSY: 'You have another session at this time.',
  NO_TERMINAL_FREE: 'Every terminal at the point is in use.',
};

/**
 * Runs a placement statement until it places, finds nothing free (409), or sees newer
 * reference data (StaleReference: the caller reloads and retries). Each `again` means a
 * booking that overlapped the chosen pair committed meanwhile, so this ends within
 * candidates + 1 rounds.
 */
export async function settle(
  reference: BookingReference,
  p: Placement,
  attempt: () => Promise<Placed>,
  codes: { notary: Code; terminal: Code } = { notary: 'SLOT_TAKEN', terminal: 'SLOT_TAKEN' },
): Promise<{ notaryId: string; terminalId: string }> {
  let clash: Code = codes.notary;
  for (let round = 0; round <= p.notaryIds.length * p.terminalIds.length + 1; round++) {
    const r = await attempt();
    reference.observe(r.version);
    if (r.kind === 'placed') return r;
    if (r.kind === 'stale') throw new StaleReference(r.version);
    if (r.kind === 'taken') {
      clash = r.notaryFree ? codes.terminal : codes.notary;
      break;
    }
  }
  throw conflict(clash, MESSAGES[clash]);
}

/** The row a new booking is, built from what was written (no re-read). */
export function newRow(
  b: NewBooking,
  ref: PointRef,
  matter: Matter,
  placed?: { notaryId: string; terminalId: string; reservation: { start: Date; end: Date } },
): BookingRow {
  const notary = placed && ref.notaries.find((n) => n.id === placed.notaryId);
  return {
    id: b.id,
    caseNo: b.caseNo,
    kind: b.kind,
    status: placed ? 'confirmed' : 'waiting',
    pointId: ref.point.id,
    pointName: ref.point.name,
    pointAddress: ref.point.address,
    officeId: ref.point.officeId,
    officeName: ref.officeName,
    matterCode: matter.code,
    matterNameZh: matter.nameZh,
    notaryId: placed?.notaryId ?? null,
    notaryName: notary?.displayName ?? null,
    terminalId: placed?.terminalId ?? null,
    start: placed?.reservation.start ?? null,
    end: placed ? new Date(placed.reservation.start.getTime() + matter.estimatedMinutes * 60_000) : null,
    reservedUntil: placed?.reservation.end ?? null,
    applicantName: b.applicant.name,
    applicantIdEnc: b.applicant.idEnc,
    applicantIdMasked: b.applicant.idMasked,
    applicantPhoneMasked: b.applicant.phoneMasked,
    accessCodeHash: b.accessCodeHash,
    createdAt: b.createdAt,
    claimedAt: null,
    cancelReason: null,
    sessionId: null,
    certificateId: null,
    certificateNo: null,
  };
}

/** What the audit chain keeps of a booking: references and keyed digests, no raw ID or phone. */
export function auditFacts(b: BookingRow, a: SealedApplicant) {
  return {
    caseNo: b.caseNo,
    kind: b.kind,
    pointId: b.pointId,
    matterCode: b.matterCode,
    notaryId: b.notaryId,
    terminalId: b.terminalId,
    start: b.start && toShanghaiIso(b.start),
    end: b.end && toShanghaiIso(b.end),
    applicantIdDigest: a.idDigest,
    applicantPhoneDigest: a.phoneDigest,
  };
}
