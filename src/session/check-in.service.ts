import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { assertCan, assertStaffCan } from '../auth/access.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { caseOf } from '../booking/booking.service.js';
import { AuditService } from '../audit/audit.service.js';
import { BookingService } from '../booking/booking.service.js';
import { Clock } from '../common/clock.js';
import { conflict, DomainError, unprocessable } from '../common/errors.js';
import { PersonalData } from '../common/personal-data.js';
import { sameName } from '../common/person-name.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { verifyAttestation } from './attestation.js';
import { CheckInsRepository, type ServiceVerifiedCheckIn } from './check-ins.repository.js';

/** After this many failed checks the booking needs the assigned notary's recorded override. */
export const MAX_CHECK_IN_FAILURES = 3;

@Injectable()
export class CheckInService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly personal: PersonalData,
    private readonly bookings: BookingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: CheckInsRepository,
  ) {}

  /**
   * The booking, if `actor` may check it in now: visible to them, confirmed, not yet checked in and
   * not locked out by failed checks. Both check-in paths start here, before any evidence is read.
   */
  async bookingToCheckIn(actor: Actor, bookingId: string) {
    assertCan(actor, 'check-in', { kind: 'cases' });
    const booking = await this.bookings.visible(actor, bookingId);
    if (booking.status === 'checked_in' || booking.status === 'in_session')
      throw conflict('ALREADY_CHECKED_IN', 'The applicant is already checked in.', { status: booking.status });
    if (booking.status !== 'confirmed')
      throw conflict('BOOKING_NOT_CONFIRMED', `A ${booking.status} booking cannot be checked in.`, { status: booking.status });
    const { failures } = await this.bookings.repository.checkInState(this.db.manager, bookingId);
    if (failures >= MAX_CHECK_IN_FAILURES) {
      throw conflict(
        'CHECK_IN_LOCKED',
        `${failures} identity checks failed; the assigned notary must record an override first. 身份核验已失败${failures}次，需由承办公证员确认后方可继续。`,
      );
    }
    return booking;
  }

  /**
   * Verifies a terminal's signed identity evidence for a booking. A failure is itself
   * evidence: it is recorded and audited (and counts towards the lock-out) before the 422.
   */
  async checkIn(actor: Actor, bookingId: string, attestation: string) {
    const booking = await this.bookingToCheckIn(actor, bookingId);

    let terminalId: string | undefined;
    let jti: string | undefined;
    try {
      const v = await verifyAttestation(attestation, { bookingId, pointId: booking.pointId, now: this.clock.now() }, (kid) =>
        this.repository.terminalByKid(kid),
      );
      terminalId = v.terminal.id;
      jti = v.claims.jti;
      const c = v.claims;
      const applicantId = this.personal.decrypt(booking.applicantIdEnc);
      const outcome: keyof typeof FAILURE_MESSAGES | 'checked_in' =
        c.idCard.idNumber !== applicantId || !sameName(c.idCard.name, booking.applicantName)
          ? 'ID_MISMATCH'
          : c.idCard.validUntil !== '长期' && c.idCard.validUntil < shanghaiDate(this.clock.now())
            ? 'ID_EXPIRED'
            : !c.faceMatch.liveness
              ? 'LIVENESS_FAILED'
              : c.faceMatch.score < this.config.faceMatchThreshold
                ? 'FACE_MISMATCH'
                : 'checked_in';
      return await this.db
        .transaction(async (m) => {
          // The lock-out is decided under the booking's row lock, so parallel attempts (each passing
          // the read above) are counted one after another: at most MAX_CHECK_IN_FAILURES record.
          const locked = await this.lockedOut(m, bookingId);
          if (locked) return locked;
          await this.record(m, actor, bookingId, terminalId!, outcome, {
            jti: c.jti,
            faceScore: c.faceMatch.score,
            liveness: c.faceMatch.liveness,
            photoSha256: c.photoSha256,
            idDigest: this.personal.digest('id-number', c.idCard.idNumber),
            claimsSha256: v.claimsSha256,
          });
          if (outcome !== 'checked_in') return { failed: outcome };
          await this.bookings.repository.markCheckedIn(m, bookingId);
          return { status: 'checked_in' as const };
        })
        .then((r) => {
          if ('refused' in r) throw r.refused;
          if ('failed' in r) throw unprocessable(r.failed!, FAILURE_MESSAGES[r.failed!]);
          return r;
        });
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === 'check_ins_jti_key') {
        await this.countFailure(actor, bookingId, 'ATTESTATION_REPLAYED', terminalId, jti);
        throw unprocessable(
          'ATTESTATION_REPLAYED',
          'This attestation was used before; check the applicant again at the terminal. 该核验凭证已被使用。',
        );
      }
      if (err instanceof DomainError && err.code === 'ATTESTATION_INVALID')
        await this.countFailure(actor, bookingId, err.code, terminalId, jti);
      throw err;
    }
  }

  /** The assigned notary lifts the lock-out after talking to the applicant; recorded and audited. */
  async override(actor: Actor, bookingId: string, reason: string) {
    assertCan(actor, 'override-check-in', { kind: 'cases' });
    const booking = await this.bookings.visible(actor, bookingId);
    assertStaffCan(actor, 'override-check-in', caseOf(booking));
    await this.db.transaction(async (m) => {
      await this.repository.insertOverride(m, { bookingId, notaryId: actor.id, reason, at: this.clock.now() });
      await this.bookings.repository.resetCheckInFailures(m, bookingId);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.check_in.overridden',
        subjectType: 'booking',
        subjectId: bookingId,
        payload: { reason },
      });
    });
    return { bookingId, attemptsAllowed: MAX_CHECK_IN_FAILURES };
  }

  /**
   * A check-in this service verified itself (identity module): the row only; the caller audits and
   * counts in the same transaction. The CHECK constraints hold each method's required fields.
   */
  async recordServiceVerified(m: EntityManager, r: ServiceVerifiedCheckIn): Promise<void> {
    await this.repository.insertServiceVerified(m, r, this.clock.now());
  }

  private async record(
    m: EntityManager,
    actor: Actor,
    bookingId: string,
    terminalId: string,
    outcome: string,
    e: { jti: string; faceScore: number; liveness: boolean; photoSha256: string; idDigest: string; claimsSha256: string },
  ): Promise<void> {
    const id = await this.repository.insertTerminalAttested(m, { bookingId, terminalId, outcome, ...e }, this.clock.now());
    if (outcome !== 'checked_in') await this.bookings.repository.countCheckInFailure(m, bookingId);
    await this.audit.append(m, {
      actor: auditActor(actor),
      action: outcome === 'checked_in' ? 'session.check_in.succeeded' : 'session.check_in.failed',
      subjectType: 'booking',
      subjectId: bookingId,
      payload: {
        checkInId: id,
        outcome,
        method: 'terminal_attested',
        terminalId,
        jti: e.jti,
        faceScore: e.faceScore,
        liveness: e.liveness,
        photoSha256: e.photoSha256,
        idDigest: e.idDigest,
        claimsSha256: e.claimsSha256,
      },
    });
  }

  /** Under the booking's row lock: a refusal when it is locked out or no longer waiting for check-in. */
  async lockedOut(m: EntityManager, bookingId: string): Promise<{ refused: DomainError } | undefined> {
    const row = await this.bookings.repository.checkInState(m, bookingId, true);
    if (row.failures >= MAX_CHECK_IN_FAILURES) {
      return {
        refused: conflict(
          'CHECK_IN_LOCKED',
          `${row.failures} identity checks failed; the assigned notary must record an override first. 身份核验已失败${row.failures}次，需由承办公证员确认后方可继续。`,
        ),
      };
    }
    if (row.status === 'checked_in' || row.status === 'in_session')
      return { refused: conflict('ALREADY_CHECKED_IN', 'The applicant is already checked in.', { status: row.status }) };
    if (row.status !== 'confirmed')
      return { refused: conflict('BOOKING_NOT_CONFIRMED', `A ${row.status} booking cannot be checked in.`, { status: row.status }) };
    return undefined;
  }

  /** Failures with no trustworthy claims (bad signature, replay) count and are audited too. */
  private async countFailure(actor: Actor, bookingId: string, code: string, terminalId?: string, jti?: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const locked = await this.lockedOut(m, bookingId);
      if (locked) throw locked.refused;
      await this.bookings.repository.countCheckInFailure(m, bookingId);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.check_in.failed',
        subjectType: 'booking',
        subjectId: bookingId,
        payload: { outcome: code, terminalId: terminalId ?? null, jti: jti ?? null },
      });
    });
  }
}

export const FAILURE_MESSAGES = {
  ID_MISMATCH: 'The ID card read at the terminal does not match the booking’s applicant. 身份证信息与预约申请人不符。',
  ID_EXPIRED: 'The ID card has expired. 身份证已过有效期。',
  LIVENESS_FAILED: 'The liveness check failed: the face at the camera may not be a live person. 活体检测未通过。',
  FACE_MISMATCH: 'The face does not match the ID card photo closely enough. 人脸比对未通过。',
};
