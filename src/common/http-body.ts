/**
 * Request bodies are read per route, after routing and after the route's guards: an unknown
 * path, or a request refused for its identity, role or rate, is answered without a byte of its
 * body being read. A POST, PUT or PATCH route reads a JSON (or form) body up to BODY_LIMIT unless
 * it declares otherwise with `@ReadsBody(…)`; see docs/http-bodies.md.
 */
import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Observable } from 'rxjs';
import type { AppConfig } from '../config/config.js';
import { DomainError } from './errors.js';

export interface BodySpec {
  /** Media types read as raw bytes (req.body is a Buffer); others are left unread. */
  raw: string[];
  /** Bytes, or a size such as '2mb'. */
  limit: number | string;
  /** The answer to a body over the limit (default 413 PAYLOAD_TOO_LARGE). */
  tooLarge?: () => DomainError;
}

/** `self`: the handler reads the body itself, later (after checks of its own), e.g. with readBody. */
export type BodyDeclaration = BodySpec | 'self' | 'none';

const BODY_DECLARATION = 'http-body:declaration';

/** How this route reads its body: raw bytes of some media types with their own limit, read by the handler itself, or none. */
export const ReadsBody = (declaration: BodyDeclaration) => SetMetadata(BODY_DECLARATION, declaration);

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

type Reader = (req: Request, res: Response) => Promise<void>;

const run =
  (...handlers: RequestHandler[]): Reader =>
  async (req, res) => {
    for (const h of handlers)
      await new Promise<void>((resolve, reject) => void h(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
  };

/** body-parser's errors (http-errors with a `type`) as this service's error shape. */
function asDomainError(err: unknown, spec?: BodySpec): unknown {
  const e = err as { status?: number; type?: string; message?: string };
  if (typeof e?.type !== 'string' || typeof e.status !== 'number') return err;
  if (e.type === 'entity.parse.failed') return new DomainError(400, 'MALFORMED_BODY', 'The request body is not valid JSON.');
  if (e.type === 'entity.too.large')
    return spec?.tooLarge?.() ?? new DomainError(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this route accepts.');
  if (e.status === 415) return new DomainError(415, 'UNSUPPORTED_MEDIA_TYPE', e.message ?? 'Unsupported body encoding.');
  return new DomainError(
    e.status >= 400 && e.status < 500 ? e.status : 400,
    'BAD_REQUEST',
    e.message ?? 'The request body could not be read.',
  );
}

/**
 * The global interceptor that reads each route's body as the route declares. Interceptors run
 * after guards and before pipes, so `@Body()` sees the parsed body and a refused caller is never read.
 */
@Injectable()
export class BodyReader implements NestInterceptor {
  private readonly json: Reader;
  private readonly raw = new WeakMap<BodySpec, Reader>();

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.json = run(express.json({ limit: config.bodyLimit }), express.urlencoded({ limit: config.bodyLimit, extended: false }));
  }

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const declared = this.reflector.getAllAndOverride<BodyDeclaration | undefined>(BODY_DECLARATION, [ctx.getHandler(), ctx.getClass()]);
    if (declared === 'self' || declared === 'none') return next.handle();
    if (declared) await readBodyAs(req, res, declared, this.reader(declared));
    else if (WITH_BODY.has(req.method)) await this.json(req, res).catch((err: unknown) => Promise.reject(asDomainError(err)));
    return next.handle();
  }

  private reader(spec: BodySpec): Reader {
    let r = this.raw.get(spec);
    if (!r) this.raw.set(spec, (r = rawReader(spec)));
    return r;
  }
}

const rawReader = (spec: BodySpec): Reader => run(express.raw({ type: spec.raw, limit: spec.limit }));

/**
 * Reads a raw body as `spec` says, for a handler that reads its body itself after checks of its
 * own (`@ReadsBody('self')`): req.body becomes a Buffer when the media type is one of spec.raw.
 */
export async function readBodyAs(req: Request, res: Response, spec: BodySpec, reader: Reader = rawReader(spec)): Promise<void> {
  await reader(req, res).catch((err: unknown) => Promise.reject(asDomainError(err, spec)));
}
