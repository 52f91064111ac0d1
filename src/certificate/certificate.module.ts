import { Module, type OnModuleInit } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module.js';
import { MattersModule } from '../matters/matters.module.js';
import { SessionModule } from '../session/session.module.js';
import { CertificateController } from './certificate.controller.js';
import { CertificateRecords } from './certificate-records.js';
import { CertificateIssuance } from './issuance.service.js';
import { LateProofs } from './late-proofs.service.js';
import { CertificateRevocation } from './revocation.service.js';
import { CertificateVerification } from './verification.service.js';
import { warmFonts } from './pdf/fonts.js';
import { VerifyThrottle } from './verify-throttle.js';

@Module({
  imports: [SessionModule, BookingModule, MattersModule],
  controllers: [CertificateController],
  providers: [CertificateRecords, CertificateIssuance, CertificateVerification, CertificateRevocation, VerifyThrottle, LateProofs],
})
export class CertificateModule implements OnModuleInit {
  /** Fonts are read and their subsetters started once, at start, not by the first certificate (issue 13 item 5). */
  async onModuleInit(): Promise<void> {
    await warmFonts();
  }
}
