import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { SessionModule } from '../session/session.module.js';
import { FaceEngine } from './face-engine.js';
import { IdentityController } from './identity.controller.js';
import { IdentityImages } from './identity-images.js';
import { IdentityRepository } from './identity.repository.js';
import { IdentityService } from './identity.service.js';

@Module({
  imports: [BookingModule, SessionModule],
  controllers: [IdentityController],
  providers: [
    IdentityService,
    IdentityImages,
    IdentityRepository,
    // Workers start on the first check (see FaceEngine), so start-up and other test boots pay nothing.
    {
      provide: FaceEngine,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new FaceEngine(config.identityWorkers, { niceStep: config.identityWorkerNice }),
    },
  ],
  exports: [FaceEngine],
})
export class IdentityModule implements OnApplicationShutdown {
  constructor(@Inject(FaceEngine) private readonly engine: FaceEngine) {}

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
