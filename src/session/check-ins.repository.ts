import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TerminalKeyRecord } from './attestation.js';

/** A check-in the service verified itself: the CHECK constraints hold this method's required fields. */
export interface ServiceVerifiedCheckIn {
  id: string;
  bookingId: string;
  terminalId: string;
  outcome: string;
  liveness: boolean | null;
  photoSha256: string;
  idDigest: string;
  faceDistance: number | null;
  faceThreshold: number;
  livenessMode: 'challenge' | 'off';
  livenessSteps: { asked: string[]; failed: string[] };
  model: string;
  idCardSource: string;
  consentNoticeSha256: string;
  frameSha256s: string[];
  challengeId: string | null;
}

/** A check-in a registered terminal attested (its own matching), with the claims it signed. */
export interface TerminalAttestedCheckIn {
  bookingId: string;
  terminalId: string;
  outcome: string;
  jti: string;
  faceScore: number;
  liveness: boolean;
  photoSha256: string;
  idDigest: string;
  claimsSha256: string;
}

/** The SQL of `check_ins` and `check_in_overrides`, in the caller's transaction; and the terminal keys they are checked with. */
@Injectable()
export class CheckInsRepository {
  constructor(private readonly db: DataSource) {}

  async terminalByKid(kid: string): Promise<TerminalKeyRecord | undefined> {
    const [t] = (await this.db.query(
      `SELECT id, point_id AS "pointId", alg, public_jwk AS "publicJwk", status FROM terminals WHERE kid = $1`,
      [kid],
    )) as TerminalKeyRecord[];
    return t;
  }

  async insertServiceVerified(m: EntityManager, r: ServiceVerifiedCheckIn, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO check_ins (id, booking_id, method, terminal_id, outcome, liveness, photo_sha256, id_digest, created_at, face_distance,
                              face_threshold, liveness_mode, liveness_steps, model, id_card_source, consent_notice_sha256, frame_sha256s, challenge_id)
       VALUES ($1, $2, 'service_verified', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        r.id,
        r.bookingId,
        r.terminalId,
        r.outcome,
        r.liveness,
        r.photoSha256,
        r.idDigest,
        at,
        r.faceDistance,
        r.faceThreshold,
        r.livenessMode,
        JSON.stringify(r.livenessSteps),
        r.model,
        r.idCardSource,
        r.consentNoticeSha256,
        JSON.stringify(r.frameSha256s),
        r.challengeId,
      ],
    );
  }

  async insertTerminalAttested(m: EntityManager, r: TerminalAttestedCheckIn, at: Date): Promise<string> {
    const [{ id }] = (await m.query(
      `INSERT INTO check_ins (booking_id, method, terminal_id, jti, outcome, face_score, liveness, photo_sha256, id_digest, claims_sha256, created_at)
       VALUES ($1, 'terminal_attested', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [r.bookingId, r.terminalId, r.jti, r.outcome, r.faceScore, r.liveness, r.photoSha256, r.idDigest, r.claimsSha256, at],
    )) as { id: string }[];
    return id;
  }

  async insertOverride(m: EntityManager, o: { bookingId: string; notaryId: string; reason: string; at: Date }): Promise<void> {
    await m.query(`INSERT INTO check_in_overrides (booking_id, notary_id, reason, created_at) VALUES ($1, $2, $3, $4)`, [
      o.bookingId,
      o.notaryId,
      o.reason,
      o.at,
    ]);
  }
}
