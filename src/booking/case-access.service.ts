import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { TokenService } from '../auth/token.service.js';
import { AuditService } from '../audit/audit.service.js';
import { tooManyRequests, unauthorized } from '../common/errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { BookingService } from './booking.service.js';

const CASE_TOKEN_TTL_SECONDS = 2 * 3600;

/** Citizens sign in with a case number and its access code; guessing is throttled per case. */
@Injectable()
export class CaseAccessService {
  private readonly failures: RateLimiterMemory;

  constructor(
    private readonly bookings: BookingService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.failures = new RateLimiterMemory({ keyPrefix: 'case-access', points: config.caseAccessMaxFailures, duration: config.caseAccessWindowSeconds });
  }

  async access(caseNo: string, accessCode: string, address: string) {
    const key = caseNo.trim().toUpperCase();
    const used = await this.failures.get(key);
    if (used && used.consumedPoints >= this.failures.points) {
      await this.audit.appendAlone({ actor: 'anonymous', action: 'booking.access.throttled', subjectType: 'case', subjectId: key, payload: { address } });
      throw tooManyRequests('TOO_MANY_ATTEMPTS', 'Too many wrong access codes for this case; wait before trying again. 访问码错误次数过多，请稍后再试。', Math.ceil(used.msBeforeNext / 1000));
    }
    const booking = await this.bookings.matchAccessCode(key, accessCode);
    if (!booking) {
      await this.failures.penalty(key, 1);
      await this.audit.appendAlone({ actor: 'anonymous', action: 'booking.access.failed', subjectType: 'case', subjectId: key, payload: { address } });
      throw unauthorized('INVALID_CASE_ACCESS', 'The case number or access code is wrong. 案件号或访问码错误。');
    }
    await this.failures.delete(key);
    const accessToken = await this.tokens.sign('case', booking.id, { caseNo: booking.caseNo }, CASE_TOKEN_TTL_SECONDS);
    await this.audit.appendAlone({ actor: `case:${booking.caseNo}`, action: 'booking.access.granted', subjectType: 'booking', subjectId: booking.id, payload: { address } });
    return { accessToken, tokenType: 'Bearer' as const, expiresIn: CASE_TOKEN_TTL_SECONDS, booking: { id: booking.id, caseNo: booking.caseNo } };
  }
}
