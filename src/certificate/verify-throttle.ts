import { Inject, Injectable, type CanActivate, type ExecutionContext, type NestInterceptor, type CallHandler } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { DomainError, tooManyRequests } from '../common/errors.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

export const MAX_PDF_BYTES = 10 * 1024 * 1024;

/**
 * Charges the anonymous verify limit per client address BEFORE the body is read: a guard runs
 * before the upload interceptors (multer, RawPdfBody), and the global raw parser skips this
 * route (app.factory.ts), so a refused request costs one counter upsert, not 10 MB of reading.
 */
@Injectable()
export class VerifyThrottle implements CanActivate {
  private readonly limit: Limit;

  constructor(limits: RateLimits, @Inject(APP_CONFIG) config: AppConfig) {
    this.limit = limits.limit({ name: 'verify', points: config.verifyPerMinute, windowSeconds: 60 });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const wait = await this.limit.reserve(req.ip ?? 'unknown');
    if (wait !== undefined) {
      // The unread body is not drained: close the connection after the answer.
      ctx.switchToHttp().getResponse<Response>().setHeader('Connection', 'close');
      throw tooManyRequests('TOO_MANY_REQUESTS', 'Too many verifications from this address; wait a minute.', wait);
    }
    return true;
  }
}

/** Paths whose application/pdf body the global raw parser leaves to the route (after its throttle). */
export const LATE_BODY_PATHS = new Set(['/api/verify']);

const tooLarge = () => new DomainError(413, 'PDF_TOO_LARGE', 'The PDF is larger than 10 MB; a certificate is far smaller.');

/** Reads a raw (application/pdf or octet-stream) body of at most 10 MB, after the guards have let the request in. */
@Injectable()
export class RawPdfBody implements NestInterceptor {
  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request & { body?: unknown }>();
    // The two raw types the global parser took for this route before it moved behind the throttle.
    if (req.is(['application/pdf', 'application/octet-stream']) && !Buffer.isBuffer(req.body))
      req.body = await readCapped(req, MAX_PDF_BYTES);
    return next.handle();
  }
}

function readCapped(req: Request, max: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > max) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
