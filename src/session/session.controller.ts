import { Readable } from 'node:stream';
import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { badRequest, unauthorized } from '../common/errors.js';
import { BookingIdParam } from '../booking/dto/booking.dto.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { CheckInService } from './check-in.service.js';
import {
  CheckInDto,
  CreateSessionDto,
  FinishRecordingDto,
  OverrideDto,
  ReasonDto,
  RecordDto,
  RecordingChunkQuery,
  RecordingOverrideDto,
  SessionIdParam,
  SessionListQuery,
  SignatureDto,
} from './dto/session.dto.js';
import { parseRange, readBody, readChunkRange } from './recording-storage.js';
import { ReadsBody } from '../common/http-body.js';
import { RecordingService } from './recording.service.js';
import { SessionService } from './session.service.js';
import {
  CheckInOverrideResponse,
  CheckInResponse,
  InterviewRecord,
  JoinInfo,
  NoticeAckResponse,
  NoticeView,
  RecordingChunk,
  RecordingFinishManifest,
  RecordingManifest,
  RecordingOverrideResponse,
  RecordingPlaybackUrl,
  RecordWritten,
  SessionCreated,
  SessionStatusResponse,
  SessionView,
  SignatureResponse,
} from './dto/session.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('session')
@ApiBearerAuth()
@ApiErrors()
@Controller()
export class SessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly checkIns: CheckInService,
    private readonly recordings: RecordingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('bookings/:id/check-in')
  @Roles('assistant', 'admin')
  @HttpCode(200)
  @ApiOkResponse({ type: CheckInResponse })
  checkIn(@Auth() actor: Actor, @Param() p: BookingIdParam, @Body() dto: CheckInDto): Promise<CheckInResponse> {
    return this.checkIns.checkIn(actor, p.id, dto.attestation);
  }

  @Post('bookings/:id/check-in-override')
  @Roles('notary')
  @HttpCode(200)
  @ApiOkResponse({ type: CheckInOverrideResponse })
  override(@Auth() actor: Actor, @Param() p: BookingIdParam, @Body() dto: OverrideDto): Promise<CheckInOverrideResponse> {
    return this.checkIns.override(actor, p.id, dto.reason);
  }

  @Post('sessions')
  @Roles('assistant')
  @ApiCreatedResponse({ type: SessionCreated })
  create(@Auth() actor: Actor, @Body() dto: CreateSessionDto): Promise<SessionCreated> {
    return this.sessions.create(actor, dto.bookingId);
  }

  @Get('sessions')
  @Roles('assistant', 'notary', 'admin')
  @ApiOkResponse({ type: [SessionView] })
  list(@Auth() actor: Actor, @Query() q: SessionListQuery): Promise<SessionView[]> {
    return this.sessions.list(actor, q.date);
  }

  @Get('sessions/:id')
  @ApiOkResponse({ type: SessionView })
  async get(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<SessionView> {
    return this.sessions.view(await this.sessions.visible(actor, p.id), actor);
  }

  @Get('sessions/:id/join')
  @Roles('notary', 'assistant')
  @ApiOkResponse({ type: JoinInfo })
  join(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<JoinInfo> {
    return this.sessions.join(actor, p.id);
  }

  @Get('sessions/:id/notice')
  @ApiOkResponse({ type: NoticeView })
  notice(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<NoticeView> {
    return this.sessions.notice(actor, p.id);
  }

  @Post('sessions/:id/notice-ack')
  @Roles('assistant')
  @HttpCode(200)
  @ApiOkResponse({ type: NoticeAckResponse })
  acknowledge(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<NoticeAckResponse> {
    return this.sessions.acknowledgeNotice(actor, p.id);
  }

  @Get('sessions/:id/record')
  @ApiOkResponse({ type: InterviewRecord })
  record(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<InterviewRecord> {
    return this.sessions.record(actor, p.id);
  }

  @Put('sessions/:id/record')
  @Roles('notary')
  @ApiOkResponse({ type: RecordWritten })
  writeRecord(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: RecordDto): Promise<RecordWritten> {
    return this.sessions.writeRecord(
      actor,
      p.id,
      dto.entries.map(({ question, answer }) => ({ question, answer })),
    );
  }

  @Post('sessions/:id/signature')
  @Roles('assistant')
  @HttpCode(200)
  @ApiOkResponse({ type: SignatureResponse })
  sign(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: SignatureDto): Promise<SignatureResponse> {
    return this.sessions.sign(actor, p.id, dto.imagePng, dto.recordSha256);
  }

  @Get('sessions/:id/signature.png')
  @Header('Content-Type', 'image/png')
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'The signature image', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } })
  async signatureImage(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<StreamableFile> {
    return new StreamableFile(await this.sessions.signatureImage(actor, p.id));
  }

  @Post('sessions/:id/reject')
  @Roles('notary')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionStatusResponse })
  reject(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: ReasonDto): Promise<SessionStatusResponse> {
    return this.sessions.reject(actor, p.id, dto.reason);
  }

  @Post('sessions/:id/abort')
  @Roles('notary', 'assistant')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionStatusResponse })
  abort(@Auth() actor: Actor, @Param() p: SessionIdParam, @Body() dto: ReasonDto): Promise<SessionStatusResponse> {
    return this.sessions.abort(actor, p.id, dto.reason);
  }

  @Post('sessions/:id/recordings')
  @Roles('notary', 'assistant')
  @ReadsBody('self')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: RecordingChunk })
  addRecording(
    @Auth() actor: Actor,
    @Param() p: SessionIdParam,
    @Query() q: RecordingChunkQuery,
    @Req() req: Request,
  ): Promise<RecordingChunk> {
    if (!req.is('application/octet-stream'))
      throw badRequest('EXPECTED_OCTET_STREAM', 'Send the chunk as the body with Content-Type: application/octet-stream.');
    return this.recordings.addChunk(actor, p.id, q.seq, () => readBody(req, this.config.recordingChunkMaxBytes));
  }

  /** Chunks, resume point (`nextSeq`), the finish manifest and the override, each null until there is one. */
  @Get('sessions/:id/recordings')
  @ApiOkResponse({ type: RecordingManifest })
  manifest(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<RecordingManifest> {
    return this.recordings.overview(actor, p.id);
  }

  /** Closes the recording: 201 with its manifest; the same request again answers 200 with the same manifest. */
  @Post('sessions/:id/recordings/finish')
  @Roles('notary', 'assistant')
  @ApiCreatedResponse({ type: RecordingFinishManifest })
  @ApiOkResponse({ type: RecordingFinishManifest, description: 'Finished before with the same values' })
  async finishRecording(
    @Auth() actor: Actor,
    @Param() p: SessionIdParam,
    @Body() dto: FinishRecordingDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecordingFinishManifest> {
    const { created, manifest } = await this.recordings.finish(actor, p.id, dto.chunkCount, dto.durationMs);
    if (!created) res.status(200);
    return manifest;
  }

  @Post('sessions/:id/recording-override')
  @Roles('notary')
  @ApiCreatedResponse({ type: RecordingOverrideResponse })
  recordingOverride(
    @Auth() actor: Actor,
    @Param() p: SessionIdParam,
    @Body() dto: RecordingOverrideDto,
  ): Promise<RecordingOverrideResponse> {
    return this.recordings.override(actor, p.id, dto.reason.trim());
  }

  /**
   * A signed, same-origin URL of the recording for `<video src>` (which cannot send a bearer
   * header): it streams with ranges like the route below, for this user and session only.
   */
  @Get('sessions/:id/recording/url')
  @ApiOkResponse({ type: RecordingPlaybackUrl })
  playbackUrl(@Auth() actor: Actor, @Param() p: SessionIdParam): Promise<RecordingPlaybackUrl> {
    return this.recordings.playbackUrl(actor, p.id);
  }

  /**
   * The recording as one WebM (its chunks in order), with single byte ranges (206) so a player can
   * seek. Authorised by the bearer token, or by the `token` of a signed URL (GET …/recording/url).
   */
  @Get('sessions/:id/recording')
  @Public()
  @ApiQuery({ name: 'token', required: false, description: 'The token of a signed playback URL, instead of a bearer header' })
  @ApiProduces('video/webm')
  @ApiOkResponse({ description: 'The whole recording (WebM)', content: { 'video/webm': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 206, description: 'One byte range', content: { 'video/webm': { schema: { type: 'string', format: 'binary' } } } })
  async playback(
    @Auth() bearer: Actor | undefined,
    @Param() p: SessionIdParam,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const token = req.query.token;
    if (token !== undefined && typeof token !== 'string')
      throw badRequest('VALIDATION_FAILED', 'token: give the playback token once, as ?token=<token>.');
    const actor = bearer ?? (token ? await this.recordings.playbackActor(p.id, token) : undefined);
    if (!actor) throw unauthorized('AUTH_REQUIRED', 'Sign in first, or use a signed playback URL (GET …/recording/url). 请先登录。');
    const sizes = await this.recordings.forPlayback(actor, p.id);
    const total = sizes.reduce((a, b) => a + b, 0);
    const range = parseRange(req.headers.range, total);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-store');
    if (range === 'unsatisfiable') {
      res.status(416).setHeader('Content-Range', `bytes */${total}`);
      return new StreamableFile(Buffer.alloc(0), { type: 'video/webm' });
    }
    const [start, end] = range ?? [0, total - 1];
    if (range) res.status(206).setHeader('Content-Range', `bytes ${start}-${end}/${total}`);
    return new StreamableFile(Readable.from(readChunkRange(this.recordings.store, p.id, sizes, start, end)), {
      type: 'video/webm',
      length: end - start + 1,
    });
  }
}
