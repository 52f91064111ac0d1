import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthedRequest } from '../auth/auth.decorators.js';
import { tooManyRequests } from '../common/errors.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * The public calendar reads (`…/slots`, `…/availability`) share one limit per client address, so
 * that nobody scrapes every point's calendar or loads the database through them. Staff (a point's
 * assistants book for many citizens from one address) are not counted.
 */
@Injectable()
export class PublicReadThrottle implements CanActivate {
  private readonly limit: Limit;

  constructor(limits: RateLimits, @Inject(APP_CONFIG) config: AppConfig) {
    this.limit = limits.limit({ name: 'public-calendar-reads', points: config.booking.publicReadsPerMinute, windowSeconds: 60 });
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    if (req.actor?.kind === 'staff') return true;
    const wait = await this.limit.reserve(req.ip ?? 'unknown');
    if (wait !== undefined)
      throw tooManyRequests(
        'TOO_MANY_REQUESTS',
        'Too many calendar requests from this address; wait a minute. 查询过于频繁，请稍后再试。',
        wait,
      );
    return true;
  }
}
