import { Global, Module } from '@nestjs/common';
import { BookingModule } from '../booking/booking.module.js';
import { MattersModule } from '../matters/matters.module.js';
import { SESSION_GATE } from '../signalling/session-gate.js';
import { SignallingModule } from '../signalling/signalling.module.js';
import { CheckInService } from './check-in.service.js';
import { CheckInsRepository } from './check-ins.repository.js';
import { RecordingService } from './recording.service.js';
import { RecordingsRepository } from './recordings.repository.js';
import { SessionController } from './session.controller.js';
import { SessionService } from './session.service.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionSignallingGate } from './signalling-gate.js';

/**
 * The sessions' repository, and what signalling asks of sessions (SESSION_GATE). Global, so that
 * SignallingModule, a layer below, resolves the gate without importing session (which imports it);
 * the metrics read the session figures from the same repository.
 */
@Global()
@Module({
  providers: [SessionsRepository, { provide: SESSION_GATE, useClass: SessionSignallingGate }],
  exports: [SessionsRepository, SESSION_GATE],
})
export class SessionGateModule {}

@Module({
  imports: [SessionGateModule, BookingModule, MattersModule, SignallingModule],
  controllers: [SessionController],
  providers: [SessionService, RecordingService, CheckInService, RecordingsRepository, CheckInsRepository],
  exports: [SessionService, RecordingService, CheckInService],
})
export class SessionModule {}
