import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AuthedRequest } from '../auth/auth.decorators.js';
import { tooManyRequests } from '../common/errors.js';
import type { LeasedLimit } from '../common/rate-limit/leased-limit.js';
import { RateLimits } from '../common/rate-limit/rate-limits.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * The public calendar reads (`…/slots`, `…/availability`) share one limit per client address, so
 * that nobody scrapes every point's calendar or loads the database through them. Staff (a point's
 * assistants book for many citizens from one address) are not counted.
 *
 * The count lives in the shared store like every limit, read through leases (LeasedLimit): an
 * address's attempts are taken from the store 1, 2, 4… at a time, at most a tenth of the limit,
 * and handed out in the process, so a busy address costs a store round trip now and then instead
 * of one per read. Never more than the limit per address and minute across instances.
 */
@Injectable()
export class PublicReadThrottle implements CanActivate {
  private readonly limit: LeasedLimit;

  constructor(limits: RateLimits, @Inject(APP_CONFIG) config: AppConfig) {
    const points = config.booking.publicReadsPerMinute;
    this.limit = limits.leased({ name: 'public-calendar-reads', points, windowSeconds: 60 }, Math.max(1, Math.floor(points / 10)));
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
