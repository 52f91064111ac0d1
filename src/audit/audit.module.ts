import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { LogProofController, LogPublicController } from './log/log.controller.js';
import { LogRepository } from './log/log.repository.js';
import { LogService } from './log/log.service.js';

/** Global: every module that changes state appends to the evidence log. */
@Global()
@Module({
  controllers: [AuditController, LogPublicController, LogProofController],
  providers: [AuditService, AuditRepository, LogService, LogRepository],
  exports: [AuditService, AuditRepository, LogService],
})
export class AuditModule {}
