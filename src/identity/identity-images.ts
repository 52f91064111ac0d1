import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { forbidden, notFound } from '../common/errors.js';
import { PersonalData } from '../common/personal-data.js';
import { SessionService } from '../session/session.service.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';

export interface ExpiredIdentityImages {
  checkInId: string;
  caseNo: string;
  images: number;
  bytes: number;
  retainUntil: string;
  keys: string[];
}

/**
 * The check's images at rest: encrypted with the data key before they reach the blob store, kept
 * until `retain_until`, read back only by the case's notary and the point's assistants.
 */
@Injectable()
export class IdentityImages {
  constructor(
    private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly personal: PersonalData,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async read(actor: Actor, sessionId: string, which: 'id-photo' | 'live-frame'): Promise<{ bytes: Buffer; type: string }> {
    const s = await this.sessions.visible(actor, sessionId);
    const allowed =
      actor.kind === 'staff' &&
      ((actor.role === 'notary' && actor.id === s.notaryId) || (actor.role === 'assistant' && actor.pointId === s.pointId));
    if (!allowed) throw forbidden('OUT_OF_SCOPE', 'Only the notary of the case and the point’s assistants see the identity images.');
    const [row] = (await this.db.query(
      which === 'id-photo'
        ? `SELECT i.blob_key AS key FROM identity_images i JOIN sessions s ON s.check_in_id = i.check_in_id WHERE s.id = $1 AND i.name = 'photo'`
        : `SELECT i.blob_key AS key FROM identity_images i JOIN sessions s ON s.check_in_id = i.check_in_id
            WHERE s.id = $1 AND i.name <> 'photo' ORDER BY i.best DESC, i.name LIMIT 1`,
      [sessionId],
    )) as { key: string }[];
    if (!row)
      throw notFound(
        'IDENTITY_IMAGE_NOT_FOUND',
        'This session’s check-in has no stored identity images (a terminal-attested check-in keeps none).',
      );
    const bytes = this.personal.decryptBytes(await this.blobs.get(row.key));
    return { bytes, type: bytes[0] === 0xff ? 'image/jpeg' : 'image/png' };
  }
}

/**
 * Check-ins whose identity images are past retention at `now`. Listing only: deleting is an
 * archivist's decision, and the database refuses an earlier delete.
 */
export async function expiredIdentityImages(m: EntityManager, now: Date): Promise<ExpiredIdentityImages[]> {
  const rows = (await m.query(
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
