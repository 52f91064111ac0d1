import { Module, type OnModuleInit } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module.js';
import { MattersModule } from '../matters/matters.module.js';
import { SessionModule } from '../session/session.module.js';
import { CertificateController } from './certificate.controller.js';
import { CertificateCorrectionController } from './correction.controller.js';
import { CertificateCorrections } from './correction.service.js';
import { CertificateRecords } from './certificate-records.js';
import { CertificateRepository } from './certificate.repository.js';
import { CorrectionsRepository } from './corrections.repository.js';
import { CertificateIssuance } from './issuance.service.js';
import { LateProofs } from './late-proofs.service.js';
import { CertificateRevocation } from './revocation.service.js';
import { CertificateVerification } from './verification.service.js';
import { warmRenderer } from './pdf/render.js';
import { VerifyPool } from './verify-pool.js';
import { VerifyThrottle } from './verify-throttle.js';

@Module({
  imports: [SessionModule, BookingModule, MattersModule],
  controllers: [CertificateController, CertificateCorrectionController],
  providers: [
    CertificateRepository,
    CorrectionsRepository,
    CertificateRecords,
    CertificateIssuance,
    CertificateVerification,
    CertificateRevocation,
    CertificateCorrections,
    VerifyThrottle,
    VerifyPool,
    LateProofs,
  ],
})
export class CertificateModule implements OnModuleInit {
  /**
   * Fonts are read into HarfBuzz and the renderer run once, at start, not by the first
   * certificate (which would otherwise wait seconds).
   */
  async onModuleInit(): Promise<void> {
    await warmRenderer();
  }
}
