import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyRequests } from '../common/errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * Counts failed logins per username and per client address over a sliding window.
 * Kept in memory: behind several instances each counts on its own, which still bounds
 * guessing to (instances × limit) per window.
 */
@Injectable()
export class LoginThrottle {
  private readonly byUser: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const duration = config.loginFailureWindowSeconds;
    this.byUser = new RateLimiterMemory({ keyPrefix: 'login-user', points: config.loginMaxFailures, duration });
    // An address may hold several staff (a township office); allow more before blocking it.
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'login-ip', points: config.loginMaxFailures * 4, duration });
  }

  /** Throws 429 TOO_MANY_ATTEMPTS when either counter is used up. */
  async check(username: string, address: string): Promise<void> {
    for (const [limiter, key] of [
      [this.byUser, username.toLowerCase()],
      [this.byAddress, address],
    ] as const) {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= limiter.points) {
        throw tooManyRequests(
          'TOO_MANY_ATTEMPTS',
          'Too many failed sign-in attempts; wait before trying again. 登录失败次数过多，请稍后再试。',
          Math.ceil(res.msBeforeNext / 1000),
        );
      }
    }
  }

  async failed(username: string, address: string): Promise<void> {
    await Promise.all([
      this.byUser.penalty(username.toLowerCase(), 1),
      this.byAddress.penalty(address, 1),
    ]).catch((e: unknown) => {
      if (!(e instanceof RateLimiterRes)) throw e;
    });
  }

  async succeeded(username: string): Promise<void> {
    await this.byUser.delete(username.toLowerCase());
  }
}
