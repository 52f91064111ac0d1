/**
 * Corrections: the repair for a certificate that took its number but whose PDF cannot be drawn
 * (a printed string entered before every printed string was checked at entry). A correction is
 * a new row that supersedes one printed value; the source rows stay as they were. Only while no
 * signed PDF is stored: a stored PDF is the certificate, and nothing may change what it says.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { auditActor, type Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict } from '../common/errors.js';
import { toShanghaiIso } from '../common/shanghai-time.js';
import { CertificateRecords } from './certificate-records.js';
import type { CorrectableField } from './corrections.js';
import { CorrectionsRepository } from './corrections.repository.js';

@Injectable()
export class CertificateCorrections {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly records: CertificateRecords,
    private readonly corrections: CorrectionsRepository,
  ) {}

  async correct(actor: Actor, id: string, field: CorrectableField, value: string, reason: string) {
    await this.records.readable(actor, id, 'correct');
    return this.db.transaction(async (m) => {
      const c = await this.corrections.lockCertificate(m, id);
      if (c.pdfSha256)
        throw conflict(
          'CERTIFICATE_PDF_STORED',
          '证书已签发存档，不能更正 The certificate’s signed PDF is already stored; what it prints can no longer change.',
          { pdfSha256: c.pdfSha256 },
        );
      if (field.startsWith('recordingOverride') && !c.hasOverride)
        throw conflict('NO_RECORDING_OVERRIDE', 'This certificate prints no recording override; there is nothing to correct.');
      const now = this.clock.now();
      const seq = await this.corrections.insert(m, id, { field, value, reason, by: actor.kind === 'staff' ? actor.id : null, at: now });
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'certificate.corrected',
        subjectType: 'certificate',
        subjectId: id,
        payload: { correction: seq, field, value, reason },
      });
      return { certificateId: id, field, value, reason, by: actor.kind === 'staff' ? actor.id : null, at: toShanghaiIso(now) };
    });
  }
}
