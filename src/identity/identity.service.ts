import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditActor, type Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import type { BookingRow } from '../booking/booking.repository.js';
import { BookingService } from '../booking/booking.service.js';
import { Clock } from '../common/clock.js';
import type { ErrorCode } from '../common/error-codes.js';
import { badRequest, conflict, DomainError, forbidden, notFound, unprocessable } from '../common/errors.js';
import { findInputProblem } from '../common/input-guard.js';
import { PersonalData } from '../common/personal-data.js';
import { sameName } from '../common/person-name.js';
import { Random } from '../common/random.js';
import { shanghaiDate } from '../common/shanghai-time.js';
import { validationPipe } from '../common/validation.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CheckInService, FAILURE_MESSAGES } from '../session/check-in.service.js';
import { readBody } from '../session/recording-storage.js';
import { retainUntil } from '../session/session.service.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { isBase64Text } from './base64.js';
import { CONSENT_NOTICE_SHA256 } from './consent-notice.js';
import { IdentityRepository, type Challenge } from './identity.repository.js';
import { FRAME_MAX_BYTES, IdentityCheckDto, PHOTO_MAX_BYTES } from './dto/identity.dto.js';
import { FaceEngine, ImageUnreadableError, modelLabel, type FaceAnalysis } from './face-engine.js';
import { descriptorDistance, failedSteps, LIVENESS_STEPS, medianDescriptor, samePicture, type LivenessStep } from './face-metrics.js';

/** A challenge is answered within this time. */
export const CHALLENGE_TTL_MS = 2 * 60 * 1000;

type HttpRequest = Readable & { headers: Record<string, string | string[] | undefined> };

interface Image {
  /** How the refusal names it: `idCard.photo` or `frames[2]`. */
  label: string;
  step: 'id_photo' | (typeof LIVENESS_STEPS)[number] | 'neutral';
  bytes: Buffer;
  sha256: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * Service-verified check-in: this service compares the ID card photo with live camera frames
 * (face-api's dlib descriptor) and re-judges a random liveness challenge from the frames'
 * landmarks, instead of trusting a terminal's verdict. Ends in the same `checked_in` state as a
 * terminal-attested check-in.
 */
@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly log = new Logger('Identity');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly personal: PersonalData,
    private readonly bookings: BookingService,
    private readonly checkIns: CheckInService,
    private readonly engine: FaceEngine,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: IdentityRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.identityLiveness === 'off')
      this.log.warn(
        'IDENTITY_LIVENESS=off: service-verified check-ins do not check liveness; each such check-in records that it was not checked.',
      );
  }

  /** 2–3 distinct steps in random order, valid for two minutes, answered once. */
  async challenge(actor: Actor, bookingId: string) {
    const booking = await this.waitingBooking(actor, bookingId);
    if (actor.kind !== 'staff') throw forbidden('FORBIDDEN_ROLE', 'Challenges are asked for by the point’s assistant.');
    if (this.config.identityLiveness === 'off')
      throw conflict(
        'LIVENESS_OFF',
        'Liveness is switched off on this service (IDENTITY_LIVENESS=off): send the check without a challenge.',
      );
    const pool: LivenessStep[] = [...LIVENESS_STEPS];
    const count = 2 + this.random.int(2);
    const steps: LivenessStep[] = [];
    while (steps.length < count) steps.push(pool.splice(this.random.int(pool.length), 1)[0]);
    const id = randomUUID();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
    await this.db.transaction(async (m) => {
      await this.repository.insertChallenge(m, { id, bookingId: booking.id, steps, createdBy: actor.id, createdAt: now, expiresAt });
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.identity.challenge_issued',
        subjectType: 'booking',
        subjectId: booking.id,
        payload: { challengeId: id, steps, expiresAt: expiresAt.toISOString() },
      });
    });
    return { challengeId: id, steps, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The check. Order matters: everything that can be refused without writing (permission, booking
   * state, body size and shape, the challenge's state) is refused before the body is read or
   * anything is written; then the card, then the faces (liveness before comparison, as GB/T 38671
   * asks), each refusal recorded as evidence.
   */
  async check(actor: Actor, bookingId: string, req: HttpRequest) {
    const booking = await this.waitingBooking(actor, bookingId);
    const dto = await this.readCheck(req);
    const images = this.decodeImages(dto);
    const mode = this.config.identityLiveness;
    const challenge = mode === 'challenge' ? await this.openChallenge(booking.id, dto) : undefined;
    const steps = challenge?.steps ?? [];
    const evidence = {
      photoSha256: images[0].sha256,
      frameSha256s: images.slice(1).map((i) => i.sha256),
      idDigest: this.personal.digest('id-number', dto.idCard.idNumber),
      idCardSource: dto.idCard.source,
      consentNoticeSha256: CONSENT_NOTICE_SHA256,
      threshold: this.config.faceMatchDistance,
      model: modelLabel(),
      livenessMode: mode,
      steps,
      challengeId: challenge?.id ?? null,
      terminalId: booking.terminalId!,
    };

    const applicantId = this.personal.decrypt(booking.applicantIdEnc);
    const cardProblem =
      dto.idCard.idNumber !== applicantId || !sameName(dto.idCard.name, booking.applicantName)
        ? 'ID_MISMATCH'
        : dto.idCard.validUntil !== '长期' && dto.idCard.validUntil < shanghaiDate(this.clock.now())
          ? 'ID_EXPIRED'
          : undefined;
    if (cardProblem) return this.refuse(actor, booking, cardProblem, { ...evidence, distance: null, liveness: null, failedSteps: [] });

    const analyses = await this.analyse(images);
    for (const [i, a] of analyses.entries()) {
      if (a.faces.length !== 1) {
        const code = a.faces.length ? 'MULTIPLE_FACES' : 'NO_FACE';
        await this.captureFailed(actor, booking.id, challenge?.id, code, images[i].label);
        throw unprocessable(
          code,
          a.faces.length
            ? `${images[i].label}: ${a.faces.length} faces found; exactly one person may be in the picture. 画面中只能有一人。`
            : `${images[i].label}: no face found; retake it facing the camera in good light. 未检测到人脸，请正对镜头重拍。`,
          { image: images[i].label, faces: a.faces.length },
        );
      }
    }

    const frames = analyses.slice(1).map((a, i) => ({ step: images[i + 1].step, analysis: a }));
    let failed: LivenessStep[] = [];
    if (mode === 'challenge') {
      const neutrals = frames.filter((f) => f.step === 'neutral');
      const neutral = neutrals.sort((x, y) => y.analysis.faces[0].score - x.analysis.faces[0].score)[0].analysis;
      failed = failedSteps(
        { landmarks: neutral.faces[0].landmarks, thumb: neutral.thumb },
        steps.map((s) => {
          const f = frames.find((x) => x.step === s)!.analysis;
          return { step: s, frame: { landmarks: f.faces[0].landmarks, thumb: f.thumb } };
        }),
      );
    }
    // Frames that are the same picture count once in the template, so a repeated still cannot outvote the rest.
    const distinct: FaceAnalysis[] = [];
    for (const f of frames) if (!distinct.some((d) => samePicture(d.thumb, f.analysis.thumb))) distinct.push(f.analysis);
    const template = medianDescriptor(distinct.map((d) => d.faces[0].descriptor));
    const distance = round4(descriptorDistance(analyses[0].faces[0].descriptor, template));
    const liveness = mode === 'off' ? null : failed.length === 0;
    const outcome = failed.length ? 'LIVENESS_FAILED' : distance > this.config.faceMatchDistance ? 'FACE_MISMATCH' : 'checked_in';
    if (outcome !== 'checked_in') return this.refuse(actor, booking, outcome, { ...evidence, distance, liveness, failedSteps: failed });

    const checkInId = randomUUID();
    // The best live frame (shown to the notary beside the ID photo): the neutral frame the detector was surest of.
    let bestFrame = -1;
    for (const [i, f] of frames.entries())
      if (f.step === 'neutral' && (bestFrame < 0 || f.analysis.faces[0].score > frames[bestFrame].analysis.faces[0].score)) bestFrame = i;
    const now = this.clock.now();
    const until = retainUntil(now, this.config.identityRetentionYears);
    const stored = await Promise.all(
      images.map(async (img, i) => {
        const name = i === 0 ? 'photo' : `frame-${i - 1}`;
        const key = `identity/${checkInId}/${name}.bin`;
        const blob = await this.blobs.put(key, this.personal.encryptBytes(img.bytes), { retainUntil: until });
        return { name, key, step: img.step, best: i === bestFrame + 1, sha256: img.sha256, size: blob.size };
      }),
    );
    const result = await this.db.transaction(async (m) => {
      const locked = await this.checkIns.lockedOut(m, booking.id);
      if (locked) return { refused: locked.refused };
      const used = await this.useChallenge(m, challenge?.id);
      if (used) return { refused: used };
      await this.insertCheckIn(m, checkInId, booking, 'checked_in', { ...evidence, distance, liveness, failedSteps: [] });
      for (const s of stored) await this.repository.insertImage(m, checkInId, s, now, until);
      await this.bookings.repository.markCheckedIn(m, booking.id);
      await this.appendAudit(m, actor, booking.id, checkInId, 'checked_in', { ...evidence, distance, liveness, failedSteps: [] });
      return { ok: true as const };
    });
    if ('refused' in result) throw result.refused;
    return {
      status: 'checked_in' as const,
      identity: {
        id: checkInId,
        distance,
        threshold: this.config.faceMatchDistance,
        liveness: mode === 'off' ? ('not_checked' as const) : ('passed' as const),
        steps,
        model: evidence.model,
      },
    };
  }

  /** The booking, if the actor (this point's assistant) may check it in now; nothing is read from the body before. */
  private async waitingBooking(actor: Actor, bookingId: string): Promise<BookingRow> {
    const booking = await this.checkIns.bookingToCheckIn(actor, bookingId);
    if (actor.kind === 'staff' && actor.role === 'assistant' && actor.pointId !== booking.pointId)
      throw forbidden('OUT_OF_SCOPE', 'Identity checks are done by the assistants of the booking’s own point. 只能核验本服务点的申请人。');
    if (!booking.terminalId) throw conflict('NO_TERMINAL', 'The booking holds no terminal seat at the point.');
    return booking;
  }

  /** Reads and validates the JSON body (after the booking checks, with this route's own limit). */
  private async readCheck(req: HttpRequest): Promise<IdentityCheckDto> {
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (type !== 'application/json') throw new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the check as application/json.');
    let raw: Buffer;
    try {
      raw = await readBody(req, this.config.identityBodyMaxBytes);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'CHUNK_TOO_LARGE')
        throw new DomainError(413, 'PAYLOAD_TOO_LARGE', `An identity check may be at most ${this.config.identityBodyMaxBytes} bytes.`, {
          maxBytes: this.config.identityBodyMaxBytes,
        });
      if (e instanceof DomainError && e.code === 'EMPTY_CHUNK') throw badRequest('VALIDATION_FAILED', 'Send the check as a JSON body.');
      throw e;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest('INVALID_JSON', 'The body is not valid JSON.');
    }
    const problem = findInputProblem(body, '');
    if (problem) throw badRequest('VALIDATION_FAILED', `Invalid request. ${problem.field || '(body)'}: ${problem.problem}`, [problem]);
    if (body && typeof body === 'object' && (body as { consent?: unknown }).consent !== true)
      throw badRequest(
        'CONSENT_REQUIRED',
        'The applicant must agree to the biometric notice first (consent: true). 需申请人同意人脸信息使用告知。',
      );
    return (await validationPipe.transform(body, { type: 'body', metatype: IdentityCheckDto })) as IdentityCheckDto;
  }

  private decodeImages(dto: IdentityCheckDto): Image[] {
    const decode = (label: string, text: string, max: number): Buffer => {
      if (!text.length || text.length % 4 !== 0 || !isBase64Text(text))
        throw badRequest('IMAGE_INVALID', `${label} is not base64 (a JPEG or PNG, without a data: prefix).`, { image: label });
      const bytes = Buffer.from(text, 'base64');
      if (bytes.length > max)
        throw badRequest('IMAGE_TOO_LARGE', `${label} is ${bytes.length} bytes; at most ${max}.`, { image: label, maxBytes: max });
      const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
      const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      if (!jpeg && !png) throw badRequest('IMAGE_INVALID', `${label} is neither a JPEG nor a PNG.`, { image: label });
      return bytes;
    };
    const photo = decode('idCard.photo', dto.idCard.photo, PHOTO_MAX_BYTES);
    return [
      { label: 'idCard.photo', step: 'id_photo', bytes: photo, sha256: sha256(photo) },
      ...dto.frames.map((f, i) => {
        const bytes = decode(`frames[${i}]`, f.image, FRAME_MAX_BYTES);
        return { label: `frames[${i}]`, step: f.step, bytes, sha256: sha256(bytes) };
      }),
    ];
  }

  /** The challenge, refused (without writing) when unknown, foreign, used or expired, or when the frames do not answer it. */
  private async openChallenge(bookingId: string, dto: IdentityCheckDto): Promise<Challenge> {
    if (!dto.challengeId)
      throw badRequest('CHALLENGE_REQUIRED', 'Ask for a liveness challenge first (POST …/identity/challenge) and send its challengeId.');
    const c = await this.repository.challenge(dto.challengeId);
    if (!c || c.bookingId !== bookingId) throw notFound('CHALLENGE_NOT_FOUND', 'No such challenge for this booking.');
    if (c.usedAt)
      throw conflict('CHALLENGE_USED', 'This challenge was answered already; ask for a new one. 该动作指令已使用，请重新获取。');
    if (c.expiresAt.getTime() <= this.clock.now().getTime())
      throw unprocessable('CHALLENGE_EXPIRED', 'The challenge expired (2 minutes); ask for a new one. 动作指令已过期，请重新获取。', {
        expiresAt: c.expiresAt.toISOString(),
      });
    const steps = dto.frames.map((f) => f.step);
    const missing = c.steps.filter((s) => steps.filter((x) => x === s).length !== 1);
    const foreign = steps.filter((s) => s !== 'neutral' && !c.steps.includes(s as LivenessStep));
    if (!steps.includes('neutral') || missing.length || foreign.length)
      throw badRequest(
        'FRAMES_DO_NOT_MATCH_CHALLENGE',
        `Send at least one neutral frame and exactly one frame for each step of the challenge (${c.steps.join(', ')}).`,
        { steps: c.steps, missing, unexpected: foreign, neutral: steps.includes('neutral') },
      );
    return c;
  }

  private async analyse(images: Image[]): Promise<FaceAnalysis[]> {
    try {
      return await Promise.all(images.map((img) => this.engine.analyse(img.bytes, img.step === 'id_photo')));
    } catch (e) {
      if (e instanceof ImageUnreadableError) throw badRequest('IMAGE_INVALID', 'An image could not be decoded as a JPEG or PNG.');
      throw e;
    }
  }

  /** Uses the challenge up; a refusal when another attempt used it first or it expired meanwhile. */
  private async useChallenge(m: EntityManager, id: string | undefined): Promise<DomainError | undefined> {
    if (!id) return undefined;
    if (await this.repository.useChallenge(m, id, this.clock.now())) return undefined;
    return conflict('CHALLENGE_USED', 'This challenge was answered already or expired; ask for a new one. 该动作指令已失效，请重新获取。');
  }

  /** A capture problem uses the challenge up and is audited, but does not count towards the lock-out. */
  private async captureFailed(actor: Actor, bookingId: string, challengeId: string | undefined, code: ErrorCode, image: string) {
    await this.db.transaction(async (m) => {
      const used = await this.useChallenge(m, challengeId);
      if (used) throw used;
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'session.identity.capture_failed',
        subjectType: 'booking',
        subjectId: bookingId,
        payload: { outcome: code, image, challengeId: challengeId ?? null },
      });
    });
  }

  private async refuse(actor: Actor, booking: BookingRow, outcome: keyof typeof FAILURE_MESSAGES, e: Evidence): Promise<never> {
    const checkInId = randomUUID();
    const refused = await this.db.transaction(async (m) => {
      const locked = await this.checkIns.lockedOut(m, booking.id);
      if (locked) return locked.refused;
      const used = await this.useChallenge(m, e.challengeId ?? undefined);
      if (used) return used;
      await this.insertCheckIn(m, checkInId, booking, outcome, e);
      await this.bookings.repository.countCheckInFailure(m, booking.id);
      await this.appendAudit(m, actor, booking.id, checkInId, outcome, e);
      return undefined;
    });
    if (refused) throw refused;
    const details =
      outcome === 'FACE_MISMATCH'
        ? { distance: e.distance, threshold: e.threshold }
        : outcome === 'LIVENESS_FAILED'
          ? { failedSteps: e.failedSteps, steps: e.steps }
          : undefined;
    throw unprocessable(outcome, FAILURE_MESSAGES[outcome], details);
  }

  private async insertCheckIn(m: EntityManager, id: string, booking: BookingRow, outcome: string, e: Evidence) {
    await this.checkIns.recordServiceVerified(m, {
      id,
      bookingId: booking.id,
      terminalId: e.terminalId,
      outcome,
      liveness: e.liveness,
      photoSha256: e.photoSha256,
      idDigest: e.idDigest,
      faceDistance: e.distance,
      faceThreshold: e.threshold,
      livenessMode: e.livenessMode,
      livenessSteps: { asked: e.steps, failed: e.failedSteps },
      model: e.model,
      idCardSource: e.idCardSource,
      consentNoticeSha256: e.consentNoticeSha256,
      frameSha256s: e.frameSha256s,
      challengeId: e.challengeId,
    });
  }

  /** Hashes and measures only: never an image, never the clear ID number. */
  private async appendAudit(m: EntityManager, actor: Actor, bookingId: string, checkInId: string, outcome: string, e: Evidence) {
    await this.audit.append(m, {
      actor: auditActor(actor),
      action: outcome === 'checked_in' ? 'session.check_in.succeeded' : 'session.check_in.failed',
      subjectType: 'booking',
      subjectId: bookingId,
      payload: {
        checkInId,
        outcome,
        method: 'service_verified',
        terminalId: e.terminalId,
        photoSha256: e.photoSha256,
        frameSha256s: e.frameSha256s,
        idDigest: e.idDigest,
        idCardSource: e.idCardSource,
        consentNoticeSha256: e.consentNoticeSha256,
        faceDistance: e.distance,
        faceThreshold: e.threshold,
        liveness: e.liveness,
        livenessMode: e.livenessMode,
        steps: e.steps,
        failedSteps: e.failedSteps,
        challengeId: e.challengeId,
        model: e.model,
      },
    });
  }
}

interface Evidence {
  photoSha256: string;
  frameSha256s: string[];
  idDigest: string;
  idCardSource: string;
  consentNoticeSha256: string;
  threshold: number;
  model: string;
  livenessMode: 'challenge' | 'off';
  steps: LivenessStep[];
  challengeId: string | null;
  /** The point's seat (terminal) the booking holds: where the applicant sat for the check. */
  terminalId: string;
  distance: number | null;
  liveness: boolean | null;
  failedSteps: LivenessStep[];
}
