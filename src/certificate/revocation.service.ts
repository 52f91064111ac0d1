/** Revocation: by the issuing notary or an admin, audited, shown at once by verification. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertCan } from '../auth/access.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict } from '../common/errors.js';
import { CertificateRecords, certificateOf } from './certificate-records.js';
import { CertificateRepository } from './certificate.repository.js';

@Injectable()
export class CertificateRevocation {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly records: CertificateRecords,
    private readonly certificates: CertificateRepository,
  ) {}

  async revoke(actor: Actor, id: string, reason: string) {
    const seen = await this.records.readable(actor, id, 'revoke');
    return this.db.transaction(async (m) => {
      const c = await this.certificates.lockForRevocation(m, id);
      // Who may revoke, from the locked row: the issuing notary or an admin.
      assertCan(actor, 'revoke', { ...certificateOf(seen), notaryId: c.notaryId });
      if (c.status === 'revoked') throw conflict('ALREADY_REVOKED', 'This certificate is already revoked.');
      const now = this.clock.now();
      await this.certificates.markRevoked(m, id, now, actor.kind === 'staff' ? actor.id : null, reason);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'certificate.revoked',
        subjectType: 'certificate',
        subjectId: id,
        payload: { reason },
      });
      return this.records.view(await this.certificates.get(m, id));
    });
  }
}
