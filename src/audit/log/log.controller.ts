import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { Public } from '../../auth/auth.decorators.js';
import { badRequest, notFound } from '../../common/errors.js';
import { LogRangeError, LogService } from './log.service.js';
import { parseTilePath } from './tiles.js';
import { ConsistencyProof, InclusionProof } from '../audit.response.js';
import { ApiErrors } from '../../common/error.response.js';

const MAX_INDEX = Number.MAX_SAFE_INTEGER;

export class InclusionQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_INDEX) index: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_INDEX) treeSize: number;
}

export class ConsistencyQuery {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_INDEX) from: number;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_INDEX) to: number;
}

async function proofOrRefuse<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof LogRangeError) throw badRequest('LOG_RANGE', err.message);
    throw err;
  }
}

/** The public face of the evidence log: C2SP checkpoint, tiles and verifier key under /log (outside /api). */
@ApiTags('evidence log')
@ApiErrors()
@Controller('log')
export class LogPublicController {
  constructor(private readonly log: LogService) {}

  @Public()
  @Get('checkpoint')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The signed checkpoint (C2SP signed note)', content: { 'text/plain': { schema: { type: 'string' } } } })
  async checkpoint(): Promise<string> {
    return (await this.log.checkpoint()).note;
  }

  @Public()
  @Get('verifier-key')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The note verifier key', content: { 'text/plain': { schema: { type: 'string' } } } })
  async verifierKey(): Promise<string> {
    return `${await this.log.verifierKey()}\n`;
  }

  /** The configured witnesses' cosigner verifier keys, one a line (empty without witnesses). */
  @Public()
  @Get('witnesses')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOkResponse({ description: 'Witness verifier keys, one a line', content: { 'text/plain': { schema: { type: 'string' } } } })
  witnesses(): string {
    return this.log
      .witnessKeys()
      .map((k) => `${k}\n`)
      .join('');
  }

  /** `tile/<L>/<N>[.p/<W>]`: full tiles are immutable; a partial tile of a given width never changes either. */
  @Public()
  @Get('tile/{*path}')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'A tlog tile', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  async tile(@Param('path') path: string | string[], @Res() res: Response): Promise<void> {
    const p = parseTilePath(Array.isArray(path) ? path.join('/') : path);
    if (!p) throw notFound('TILE_NOT_FOUND', 'Not a tile path (tlog-tiles: tile/<L>/<N>[.p/<W>]).');
    const bytes = await this.log.tile(p.level, p.n, p.width);
    if (!bytes) throw notFound('TILE_NOT_FOUND', 'No such tile in the published tree.');
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.end(bytes);
  }
}

@ApiTags('evidence log')
@ApiErrors()
@Controller('log/proof')
export class LogProofController {
  constructor(private readonly log: LogService) {}

  @Public()
  @Get('inclusion')
  @ApiOkResponse({ type: InclusionProof })
  inclusion(@Query() q: InclusionQuery): Promise<InclusionProof> {
    return proofOrRefuse(this.log.inclusionProof(q.index, q.treeSize));
  }

  @Public()
  @Get('consistency')
  @ApiOkResponse({ type: ConsistencyProof })
  consistency(@Query() q: ConsistencyQuery): Promise<ConsistencyProof> {
    return proofOrRefuse(this.log.consistencyProof(q.from, q.to));
  }
}
