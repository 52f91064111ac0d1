import { Inject, Injectable } from '@nestjs/common';
import { TokenService } from '../auth/token.service.js';
import { AuditService } from '../audit/audit.service.js';
import { tooManyRequests, unauthorized } from '../common/errors.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { BookingService } from './booking.service.js';

const CASE_TOKEN_TTL_SECONDS = 2 * 3600;

/** Citizens sign in with a case number and its access code; guessing is throttled per case. */
@Injectable()
export class CaseAccessService {
  private readonly failures: Limit;

  constructor(
    private readonly bookings: BookingService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    limits: RateLimits,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.failures = limits.limit({
      name: 'case-access',
      points: config.caseAccessMaxFailures,
      windowSeconds: config.caseAccessWindowSeconds,
    });
  }

  async access(caseNo: string, accessCode: string, address: string) {
    const key = caseNo.trim().toUpperCase();
    // Reserved before the code is compared, in the shared store: parallel guesses cannot all pass.
    // A refused attempt changes nothing and is not audited (failures are, at most the limit per window).
    const wait = await this.failures.reserve(key);
    if (wait !== undefined) {
      throw tooManyRequests(
        'TOO_MANY_ATTEMPTS',
        'Too many wrong access codes for this case; wait before trying again. 访问码错误次数过多，请稍后再试。',
        wait,
      );
    }
    const booking = await this.bookings.matchAccessCode(key, accessCode);
    if (!booking) {
      await this.audit.appendAlone({
        actor: 'anonymous',
        action: 'booking.access.failed',
        subjectType: 'case',
        subjectId: key,
        payload: { address },
      });
      throw unauthorized('INVALID_CASE_ACCESS', 'The case number or access code is wrong. 案件号或访问码错误。');
    }
    await this.failures.reset(key);
    const accessToken = await this.tokens.sign('case', booking.id, { caseNo: booking.caseNo }, CASE_TOKEN_TTL_SECONDS);
    await this.audit.appendAlone({
      actor: `case:${booking.caseNo}`,
      action: 'booking.access.granted',
      subjectType: 'booking',
      subjectId: booking.id,
      payload: { address },
    });
    return {
      accessToken,
      tokenType: 'Bearer' as const,
      expiresIn: CASE_TOKEN_TTL_SECONDS,
      booking: { id: booking.id, caseNo: booking.caseNo },
    };
  }
}
