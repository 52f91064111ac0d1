import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { forbidden, notFound } from '../common/errors.js';
import { PersonalData } from '../common/personal-data.js';
import { SessionService } from '../session/session.service.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { IdentityRepository } from './identity.repository.js';

/**
 * The check's images at rest: encrypted with the data key before they reach the blob store, kept
 * until `retain_until`, read back only by the case's notary and the point's assistants.
 */
@Injectable()
export class IdentityImages {
  constructor(
    private readonly repository: IdentityRepository,
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
    const key = await this.repository.imageKey(sessionId, which);
    if (!key)
      throw notFound(
        'IDENTITY_IMAGE_NOT_FOUND',
        'This session’s check-in has no stored identity images (a terminal-attested check-in keeps none).',
      );
    const bytes = this.personal.decryptBytes(await this.blobs.get(key));
    return { bytes, type: bytes[0] === 0xff ? 'image/jpeg' : 'image/png' };
  }
}
