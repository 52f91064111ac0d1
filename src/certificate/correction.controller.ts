import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/error.response.js';
import { CertificateCorrections } from './correction.service.js';
import { CertificateIdParam, CorrectionDto } from './dto/certificate.dto.js';
import { CorrectionRecorded } from './dto/certificate.response.js';

@ApiTags('certificate')
@ApiErrors()
@Controller()
export class CertificateCorrectionController {
  constructor(@Inject(CertificateCorrections) private readonly corrections: CertificateCorrections) {}

  /** A new printed value for a numbered certificate whose PDF is not yet stored; the renderer takes the latest. */
  @Post('certificates/:id/corrections')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: CorrectionRecorded })
  correct(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Body() dto: CorrectionDto): Promise<CorrectionRecorded> {
    return this.corrections.correct(actor, p.id, dto.field, dto.value.trim(), dto.reason.trim());
  }
}
