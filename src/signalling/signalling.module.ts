import { Module } from '@nestjs/common';
import { SignallingGateway } from './signalling.gateway.js';
import { DEFAULT_SIGNALLING_LIMITS, SIGNALLING_LIMITS, SignallingService } from './signalling.service.js';

/**
 * WebRTC signalling between a session's notary and the township point's terminal.
 * The session module issues join tokens (join-token.ts) and pushes state through SignallingService.
 */
@Module({
  providers: [SignallingGateway, SignallingService, { provide: SIGNALLING_LIMITS, useValue: DEFAULT_SIGNALLING_LIMITS }],
  exports: [SignallingService],
})
export class SignallingModule {}
