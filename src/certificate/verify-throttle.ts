import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, tooManyRequests } from '../common/errors.js';
import type { BodySpec } from '../common/http-body.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/** A signed certificate of this service is about 55 KB (subset fonts, a page, signature, receipt): 2 MB leaves wide room. */
export const MAX_PDF_BYTES = 2 * 1024 * 1024;

/**
 * Charges the anonymous verify limit per client address BEFORE the body is read: a guard runs
 * before the body reader and multer (interceptors), so a refused request costs one counter
 * upsert, not megabytes of reading.
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

/**
 * How POST /api/verify reads a raw PDF body, after VerifyThrottle (a multipart upload is read by
 * multer, with the same limit).
 */
export const PDF_BODY: BodySpec = {
  raw: ['application/pdf', 'application/octet-stream'],
  limit: MAX_PDF_BYTES,
  tooLarge: () =>
    new DomainError(413, 'PDF_TOO_LARGE', `The PDF is larger than ${MAX_PDF_BYTES / 1024 / 1024} MB; a certificate is far smaller.`),
};
