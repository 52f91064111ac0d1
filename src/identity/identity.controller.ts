import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { BookingIdParam } from '../booking/dto/booking.dto.js';
import { ApiErrors } from '../common/error.response.js';
import { ReadsBody } from '../common/http-body.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CONSENT_NOTICE, CONSENT_NOTICE_SHA256 } from './consent-notice.js';
import {
  ChallengeResponse,
  ConsentNotice,
  IdentityCheckDto,
  IdentityCheckResponse,
  IdentityImageParam,
  IdentitySettings,
} from './dto/identity.dto.js';
import { IdentityImages } from './identity-images.js';
import { IdentityService } from './identity.service.js';

@ApiTags('identity')
@ApiBearerAuth()
@ApiErrors()
@Controller()
export class IdentityController {
  constructor(
    private readonly identity: IdentityService,
    private readonly images: IdentityImages,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What the point's console needs before capture: whether liveness is checked, and where the card reader answers. */
  @Get('identity/settings')
  @Roles('assistant', 'notary', 'admin')
  @ApiOkResponse({ type: IdentitySettings })
  settings(): IdentitySettings {
    return { liveness: this.config.identityLiveness, cardReaderUrl: this.config.cardReaderUrl };
  }

  /** The biometric notice the point shows (and the applicant agrees to) before the camera starts. */
  @Get('identity/consent-notice')
  @Roles('assistant', 'notary', 'admin')
  @ApiOkResponse({ type: ConsentNotice })
  notice(): ConsentNotice {
    return { text: CONSENT_NOTICE, sha256: CONSENT_NOTICE_SHA256 };
  }

  @Post('bookings/:id/identity/challenge')
  @Roles('assistant')
  @ApiCreatedResponse({ type: ChallengeResponse })
  challenge(@Auth() actor: Actor, @Param() p: BookingIdParam): Promise<ChallengeResponse> {
    return this.identity.challenge(actor, p.id);
  }

  /** The JSON body (megabytes of base64) is read only after authentication and the booking checks. */
  @Post('bookings/:id/identity')
  @Roles('assistant')
  @ReadsBody('self')
  @HttpCode(200)
  @ApiConsumes('application/json')
  @ApiBody({ type: IdentityCheckDto })
  @ApiOkResponse({ type: IdentityCheckResponse })
  check(@Auth() actor: Actor, @Param() p: BookingIdParam, @Req() req: Request): Promise<IdentityCheckResponse> {
    return this.identity.check(actor, p.id, req);
  }

  /** The ID photo or the best live frame of the session's check-in, decrypted for the case's notary and the point's assistants. */
  @Get('sessions/:id/identity/images/:which')
  @Roles('notary', 'assistant')
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The image', content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } })
  async image(@Auth() actor: Actor, @Param() p: IdentityImageParam, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const { bytes, type } = await this.images.read(actor, p.id, p.which);
    res.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes, { type, length: bytes.length });
  }
}
