import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { LivenessStep } from './face-metrics.js';

export interface Challenge {
  id: string;
  bookingId: string;
  steps: LivenessStep[];
  expiresAt: Date;
  usedAt: Date | null;
}

export interface StoredImage {
  name: string;
  step: string | null;
  best: boolean;
  key: string;
  sha256: string;
  size: number;
}

export interface ExpiredIdentityImages {
  checkInId: string;
  caseNo: string;
  images: number;
  bytes: number;
  retainUntil: string;
  keys: string[];
}

/** The SQL of `identity_challenges` and `identity_images`. Methods that take an EntityManager run in the caller's transaction. */
@Injectable()
export class IdentityRepository {
  constructor(private readonly db: DataSource) {}

  async insertChallenge(m: EntityManager, c: Omit<Challenge, 'usedAt'> & { createdBy: string; createdAt: Date }): Promise<void> {
    await m.query(
      `INSERT INTO identity_challenges (id, booking_id, steps, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.id, c.bookingId, JSON.stringify(c.steps), c.createdBy, c.createdAt, c.expiresAt],
    );
  }

  async challenge(id: string): Promise<Challenge | undefined> {
    const [c] = (await this.db.query(
      `SELECT id, booking_id AS "bookingId", steps, expires_at AS "expiresAt", used_at AS "usedAt" FROM identity_challenges WHERE id = $1`,
      [id],
    )) as Challenge[];
    return c;
  }

  /** Marks the challenge used at `now`; false when it was used already or has expired. */
  async useChallenge(m: EntityManager, id: string, now: Date): Promise<boolean> {
    const rows = (await m.query(
      `UPDATE identity_challenges SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2 RETURNING id`,
      [id, now],
    )) as unknown[];
    const updated = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
    return updated.length > 0;
  }

  async insertImage(m: EntityManager, checkInId: string, i: StoredImage, at: Date, retainUntil: Date): Promise<void> {
    await m.query(
      `INSERT INTO identity_images (check_in_id, name, step, best, blob_key, sha256, size, created_at, retain_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [checkInId, i.name, i.step, i.best, i.key, i.sha256, i.size, at, retainUntil],
    );
  }

  /** The blob key of the session check-in's ID photo, or of its best live frame. */
  async imageKey(sessionId: string, which: 'id-photo' | 'live-frame'): Promise<string | undefined> {
    const [row] = (await this.db.query(
      which === 'id-photo'
        ? `SELECT i.blob_key AS key FROM identity_images i JOIN sessions s ON s.check_in_id = i.check_in_id WHERE s.id = $1 AND i.name = 'photo'`
        : `SELECT i.blob_key AS key FROM identity_images i JOIN sessions s ON s.check_in_id = i.check_in_id
            WHERE s.id = $1 AND i.name <> 'photo' ORDER BY i.best DESC, i.name LIMIT 1`,
      [sessionId],
    )) as { key: string }[];
    return row?.key;
  }

  /**
   * Check-ins whose identity images are past retention at `now`. Listing only: deleting is an
   * archivist's decision, and the database refuses an earlier delete.
   */
  async expired(now: Date): Promise<ExpiredIdentityImages[]> {
    const rows = (await this.db.query(
      `SELECT i.check_in_id AS "checkInId", b.case_no AS "caseNo", count(*)::int AS images, sum(i.size)::float8 AS bytes,
              max(i.retain_until) AS "retainUntil", array_agg(i.blob_key ORDER BY i.name) AS keys
         FROM identity_images i JOIN check_ins c ON c.id = i.check_in_id JOIN bookings b ON b.id = c.booking_id
        GROUP BY i.check_in_id, b.case_no
       HAVING max(i.retain_until) <= $1
        ORDER BY max(i.retain_until), i.check_in_id`,
      [now],
    )) as (Omit<ExpiredIdentityImages, 'retainUntil'> & { retainUntil: Date })[];
    return rows.map((r) => ({ ...r, retainUntil: new Date(r.retainUntil).toISOString() }));
  }
}
