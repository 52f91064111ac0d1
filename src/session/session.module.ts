import { Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module.js';
import { MattersModule } from '../matters/matters.module.js';
import { SignallingModule } from '../signalling/signalling.module.js';
import { CheckInService } from './check-in.service.js';
import { CheckInsRepository } from './check-ins.repository.js';
import { RecordingService } from './recording.service.js';
import { RecordingsRepository } from './recordings.repository.js';
import { SessionController } from './session.controller.js';
import { SessionService } from './session.service.js';
import { SessionsRepository } from './sessions.repository.js';

@Module({
  imports: [BookingModule, MattersModule, SignallingModule],
  controllers: [SessionController],
  providers: [SessionService, RecordingService, CheckInService, SessionsRepository, RecordingsRepository, CheckInsRepository],
  exports: [SessionService, RecordingService, CheckInService],
})
export class SessionModule {}
