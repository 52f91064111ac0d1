import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Put, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { badRequest, tooManyRequests } from '../common/errors.js';
import { SessionIdParam } from '../session/dto/session.dto.js';
import { CertificateService } from './certificate.service.js';
import { ApproveDto, CertificateIdParam, MatterFieldsDto, RevokeDto } from './dto/certificate.dto.js';
import { VERIFY_SCRIPT, verifyPage } from './verify-page.js';

const MAX_PDF_BYTES = 10 * 1024 * 1024;

@ApiTags('certificate')
@Controller()
export class CertificateController {
  /** Public verification is throttled per client address. */
  private readonly verifyLimit = new RateLimiterMemory({ keyPrefix: 'verify', points: 30, duration: 60 });

  constructor(@Inject(CertificateService) private readonly certificates: CertificateService) {}

  @Put('sessions/:id/matter-fields')
  @Roles('notary')
  @ApiBearerAuth()
  matterFields(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: MatterFieldsDto) {
    return this.certificates.setMatterFields(actor, p.id, dto.fields);
  }

  @Post('sessions/:id/approve')
  @Roles('notary')
  @ApiBearerAuth()
  approve(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: ApproveDto) {
    return this.certificates.approve(actor, p.id, dto.fields);
  }

  @Get('certificates/:id')
  @ApiBearerAuth()
  metadata(@Auth() actor: Actor, @Param() p: CertificateIdParam) {
    return this.certificates.metadata(actor, p.id);
  }

  @Get('certificates/:id/pdf')
  @ApiBearerAuth()
  async pdf(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Res() res: Response) {
    const { bytes, number } = await this.certificates.pdf(actor, p.id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`公证书${number}.pdf`)}`);
    res.send(bytes);
  }

  @Post('certificates/:id/revoke')
  @Roles('notary', 'admin')
  @HttpCode(200)
  @ApiBearerAuth()
  revoke(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Body() dto: RevokeDto) {
    return this.certificates.revoke(actor, p.id, dto.reason);
  }

  /** The PDF as the body (application/pdf) or as multipart field `file`; at most 10 MB. */
  @Post('verify')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/pdf', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_PDF_BYTES, files: 1 } }))
  async verify(@Req() req: Request, @UploadedFile() file?: { buffer: Buffer }) {
    const address = req.ip ?? 'unknown';
    const refused = await this.verifyLimit.consume(address).then(
      () => undefined,
      (r: { msBeforeNext: number }) => r,
    );
    if (refused) throw tooManyRequests('TOO_MANY_REQUESTS', 'Too many verifications from this address; wait a minute.', Math.ceil(refused.msBeforeNext / 1000));
    const pdf = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
    if (!pdf) throw badRequest('NO_PDF', 'Send the PDF as the body with Content-Type: application/pdf, or as multipart field "file".');
    return this.certificates.verify(pdf);
  }

  @Get('verify/:id')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Param() p: CertificateIdParam) {
    return verifyPage(p.id, await this.certificates.publicFacts(p.id));
  }

  @Get('verify-assets/verify.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  script() {
    return VERIFY_SCRIPT;
  }
}
