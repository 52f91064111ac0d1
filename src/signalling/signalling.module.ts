import { Module } from '@nestjs/common';
import { SignallingGateway } from './signalling.gateway.js';
import { DEFAULT_SIGNALLING_LIMITS, SIGNALLING_LIMITS, SignallingService } from './signalling.service.js';
import { SignallingRepository } from './signalling.repository.js';

/**
 * WebRTC signalling between a session's notary and the township point's terminal.
 * The session module issues join tokens (join-token.ts), pushes state through SignallingService
 * and answers what signalling asks of sessions (SESSION_GATE, session-gate.ts; provided globally
 * by the session module, which this one cannot import).
 */
@Module({
  providers: [
    SignallingGateway,
    SignallingService,
    SignallingRepository,
    { provide: SIGNALLING_LIMITS, useValue: DEFAULT_SIGNALLING_LIMITS },
  ],
  exports: [SignallingService],
})
export class SignallingModule {}
