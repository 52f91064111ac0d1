import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Query,
  Post,
  Put,
  Req,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExcludeEndpoint, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { badRequest } from '../common/errors.js';
import { SessionIdParam } from '../session/dto/session.dto.js';
import { CertificateRecords } from './certificate-records.js';
import { CertificateIssuance } from './issuance.service.js';
import { CertificateRevocation } from './revocation.service.js';
import { CertificateVerification } from './verification.service.js';
import { ApproveDto, CertificateIdParam, MatterFieldsDto, RevokeDto, VerifyPageQuery } from './dto/certificate.dto.js';
import { assertPdfBounds } from './pdf/pdf-bounds.js';
import { VERIFY_SCRIPT, verifyPage } from './verify-page.js';
import { MAX_PDF_BYTES, RawPdfBody, VerifyThrottle } from './verify-throttle.js';
import { CertificateIssued, CertificateVerifyResult, CertificateView, MatterFieldsSaved } from './dto/certificate.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('certificate')
@ApiErrors()
@Controller()
export class CertificateController {
  constructor(
    @Inject(CertificateIssuance) private readonly issuance: CertificateIssuance,
    @Inject(CertificateRecords) private readonly records: CertificateRecords,
    @Inject(CertificateVerification) private readonly verification: CertificateVerification,
    @Inject(CertificateRevocation) private readonly revocation: CertificateRevocation,
  ) {}

  @Put('sessions/:id/matter-fields')
  @Roles('notary')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MatterFieldsSaved })
  matterFields(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: MatterFieldsDto) {
    return this.issuance.setMatterFields(actor, p.id, dto.fields);
  }

  @Post('sessions/:id/approve')
  @Roles('notary')
  @ApiBearerAuth()
  @ApiOkResponse({ type: CertificateIssued })
  approve(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: ApproveDto) {
    return this.issuance.approve(actor, p.id, dto.fields);
  }

  @Get('certificates/:id')
  @ApiBearerAuth()
  @ApiOkResponse({ type: CertificateView })
  metadata(@Auth() actor: Actor, @Param() p: CertificateIdParam) {
    return this.records.metadata(actor, p.id);
  }

  @Get('certificates/:id/pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The signed certificate PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async pdf(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Res() res: Response) {
    const { bytes, number } = await this.records.pdf(actor, p.id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`公证书${number}.pdf`)}`,
    );
    res.send(bytes);
  }

  @Post('certificates/:id/revoke')
  @Roles('notary', 'admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: CertificateView })
  revoke(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Body() dto: RevokeDto) {
    return this.revocation.revoke(actor, p.id, dto.reason);
  }

  /**
   * The PDF as the body (application/pdf) or as multipart field `file`; at most 10 MB.
   * Throttled per address before the body is read; a multipart body is one part, the file
   * (no text fields); the PDF's streams are bounded before any of them is inflated.
   */
  @Post('verify')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/pdf', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseGuards(VerifyThrottle)
  @UseInterceptors(
    RawPdfBody,
    FileInterceptor('file', { limits: { fileSize: MAX_PDF_BYTES, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 20 } }),
  )
  @ApiOkResponse({ type: CertificateVerifyResult })
  async verify(@Req() req: Request, @UploadedFile() file?: { buffer: Buffer }) {
    const pdf = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
    if (!pdf) throw badRequest('NO_PDF', 'Send the PDF as the body with Content-Type: application/pdf, or as multipart field "file".');
    assertPdfBounds(pdf);
    return this.verification.verify(pdf);
  }

  @Get('verify/:id')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Param() p: CertificateIdParam, @Query() q: VerifyPageQuery) {
    return verifyPage(p.id, await this.verification.publicFacts(p.id), q.lang ?? 'zh');
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
