import { Inject, Injectable } from '@nestjs/common';
import { tooManyRequests } from '../common/errors.js';
import { PersonalData } from '../common/personal-data.js';
import { Limit, RateLimits } from '../common/rate-limit/rate-limits.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/** A sign-in attempt that holds its reservations until it is known to have succeeded or failed. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Sign-in limits after OWASP's Authentication Cheat Sheet ("account lockout" without letting
 * one address lock everyone out), each attempt reserved before the password is checked:
 * - per address and account (LOGIN_MAX_FAILURES): the limit an attacker at one address meets;
 *   it blocks neither other accounts from that address nor the account from other addresses;
 * - per account from all addresses (LOGIN_ACCOUNT_MAX_FAILURES): bounds distributed guessing;
 * - per address over all accounts (4 × LOGIN_MAX_FAILURES): bounds password spraying.
 * The counters live in the shared rate-limit store, so they hold across instances and restarts.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAddressAndAccount: Limit;
  private readonly byAccount: Limit;
  private readonly byAddress: Limit;

  constructor(
    limits: RateLimits,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly personal: PersonalData,
  ) {
    const windowSeconds = config.loginFailureWindowSeconds;
    this.byAddressAndAccount = limits.limit({ name: 'login-address-account', points: config.loginMaxFailures, windowSeconds });
    this.byAccount = limits.limit({ name: 'login-account', points: config.loginAccountMaxFailures, windowSeconds });
    this.byAddress = limits.limit({ name: 'login-address', points: config.loginMaxFailures * 4, windowSeconds });
  }

  /**
   * Reserves the attempt in every limit, narrowest first, so that a request refused by one
   * limit takes nothing from the wider ones. Throws 429 TOO_MANY_ATTEMPTS when one is used up;
   * a reservation not given back by `succeeded` counts as a failure.
   */
  async reserve(username: string, address: string): Promise<LoginAttempt> {
    // The store hashes its keys without a key; the typed name (sometimes a password) enters it keyed.
    const account = this.personal.digest('login-account', username.toLowerCase());
    const steps: [Limit, string[]][] = [
      [this.byAddressAndAccount, [account, address]],
      [this.byAccount, [account]],
      [this.byAddress, [address]],
    ];
    const taken: [Limit, string[]][] = [];
    for (const [limit, key] of steps) {
      const wait = await limit.reserve(...key);
      if (wait !== undefined) {
        await Promise.all(taken.map(([l, k]) => l.release(...k)));
        throw tooManyRequests(
          'TOO_MANY_ATTEMPTS',
          'Too many failed sign-in attempts; wait before trying again. 登录失败次数过多，请稍后再试。',
          wait,
        );
      }
      taken.push([limit, key]);
    }
    return {
      succeeded: async () => {
        // OWASP: a successful sign-in resets that address's failures for the account; the wider
        // counters only get this attempt back (other addresses' failures still count).
        await Promise.all([
          this.byAddressAndAccount.reset(account, address),
          this.byAccount.release(account),
          this.byAddress.release(address),
        ]);
      },
    };
  }
}
