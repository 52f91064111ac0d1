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
import { badRequest, notFound } from '../common/errors.js';
import { SessionIdParam } from '../session/dto/session.dto.js';
import { CertificateRecords } from './certificate-records.js';
import { CertificateIssuance } from './issuance.service.js';
import { LateProofs } from './late-proofs.service.js';
import { CertificateRevocation } from './revocation.service.js';
import { CertificateVerification } from './verification.service.js';
import { ApproveDto, CertificateIdParam, MatterFieldsDto, RevokeDto, VerifyPageQuery } from './dto/certificate.dto.js';
import { VERIFY_SCRIPT, verifyPage } from './verify-page.js';
import { MAX_PDF_BYTES, PDF_BODY, VerifyThrottle } from './verify-throttle.js';
import { ReadsBody } from '../common/http-body.js';
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
    @Inject(LateProofs) private readonly lateProofs: LateProofs,
  ) {}

  @Put('sessions/:id/matter-fields')
  @Roles('notary')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MatterFieldsSaved })
  matterFields(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: MatterFieldsDto): Promise<MatterFieldsSaved> {
    return this.issuance.setMatterFields(actor, p.id, dto.fields);
  }

  @Post('sessions/:id/approve')
  @Roles('notary')
  @ApiBearerAuth()
  @ApiOkResponse({ type: CertificateIssued })
  approve(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: ApproveDto): Promise<CertificateIssued> {
    return this.issuance.approve(actor, p.id, dto.fields);
  }

  /**
   * The certificate approval would issue now, as a draft marked 草稿: no number, no QR code, not
   * signed, nothing stored. The case's notary only: it prints the full ID number, which nobody
   * else sees. 422 UNPRINTABLE_CHARACTER names the field that cannot be printed.
   */
  @Get('sessions/:id/certificate/draft')
  @Roles('notary')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The draft certificate PDF (unsigned, unnumbered)',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async draft(@Auth() actor: Actor, @Param() p: SessionIdParam, @Res() res: Response): Promise<void> {
    const bytes = await this.issuance.draft(actor, p.id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="draft.pdf"; filename*=UTF-8''${encodeURIComponent('公证书草稿.pdf')}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(Buffer.from(bytes));
  }

  @Get('certificates/:id')
  @ApiBearerAuth()
  @ApiOkResponse({ type: CertificateView })
  metadata(@Auth() actor: Actor, @Param() p: CertificateIdParam): Promise<CertificateView> {
    return this.records.metadata(actor, p.id);
  }

  @Get('certificates/:id/pdf')
  @ApiBearerAuth()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The signed certificate PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async pdf(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Res() res: Response): Promise<void> {
    const { bytes, number } = await this.records.pdf(actor, p.id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent(`公证书${number}.pdf`)}`,
    );
    res.send(bytes);
  }

  /**
   * The issuing entry's C2SP tlog-proof, beside the PDF: the one the PDF embeds, or, for a
   * certificate issued while the log was behind, the one added once it caught up (the signed PDF
   * itself is never changed). 404 LOG_PROOF_PENDING until the log has integrated the entry.
   */
  @Get('certificates/:id/log-proof')
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'c2sp.org/tlog-proof@v1: the issuing entry, its inclusion proof and the (cosigned) checkpoint',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  async logProof(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Res() res: Response): Promise<void> {
    const c = await this.records.readable(actor, p.id);
    const proof = await this.lateProofs.store(c.id);
    if (!proof) {
      res.setHeader('Retry-After', '10');
      throw notFound('LOG_PROOF_PENDING', 'The evidence log has not integrated this certificate’s entry yet; ask again shortly.');
    }
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="certificate.tlog-proof"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(proof);
  }

  @Post('certificates/:id/revoke')
  @Roles('notary', 'admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: CertificateView })
  revoke(@Auth() actor: Actor, @Param() p: CertificateIdParam, @Body() dto: RevokeDto): Promise<CertificateView> {
    return this.revocation.revoke(actor, p.id, dto.reason);
  }

  /**
   * The PDF as the body (application/pdf) or as multipart field `file`; at most 2 MB.
   * Throttled per address before the body is read; a multipart body is one part, the file
   * (no text fields); the file is parsed in the verify worker pool, its streams bounded there.
   */
  @Post('verify')
  @Public()
  @HttpCode(200)
  @ApiConsumes('application/pdf', 'multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseGuards(VerifyThrottle)
  @ReadsBody(PDF_BODY)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_PDF_BYTES, files: 1, fields: 0, parts: 1, fieldNameSize: 100, headerPairs: 20 } }),
  )
  @ApiOkResponse({ type: CertificateVerifyResult })
  async verify(@Req() req: Request, @UploadedFile() file?: { buffer: Buffer }): Promise<CertificateVerifyResult> {
    const pdf = file?.buffer ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
    if (!pdf) throw badRequest('NO_PDF', 'Send the PDF as the body with Content-Type: application/pdf, or as multipart field "file".');
    return this.verification.verify(pdf);
  }

  @Get('verify/:id')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Param() p: CertificateIdParam, @Query() q: VerifyPageQuery): Promise<string> {
    return verifyPage(p.id, await this.verification.publicFacts(p.id), q.lang ?? 'zh');
  }

  @Get('verify-assets/verify.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  script(): string {
    return VERIFY_SCRIPT;
  }
}
