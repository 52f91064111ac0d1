import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { forbidden, unauthorized } from '../common/errors.js';
import { PersonalData } from '../common/personal-data.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { LoginThrottle } from './login-throttle.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';
import { TokenService } from './token.service.js';
import { userView } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

/** The purpose of the keyed digest of a typed username in `auth.login.failed` entries. */
export const FAILED_LOGIN_USERNAME = 'failed-login-username';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
    private readonly personal: PersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string, address: string) {
    // Reserved before the slow check, so parallel guesses cannot all pass a counter read first.
    // A refused attempt changes nothing and is not audited (it is in the request log).
    const attempt = await this.throttle.reserve(username, address);
    const user = await this.users.withPasswordHash(username);
    // Verify against a dummy hash for unknown users, so both failures take the same time.
    const passwordOk = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);

    if (!user || !passwordOk) {
      await this.audit.appendAlone({
        actor: 'anonymous',
        action: 'auth.login.failed',
        subjectType: user ? 'user' : undefined,
        subjectId: user?.id,
        // People type passwords into the username field: the typed name is kept only as a keyed
        // digest (HMAC with the data key), which no one without the key can test guesses against.
        payload: {
          usernameHmac: this.personal.digest(FAILED_LOGIN_USERNAME, username.toLowerCase()),
          reason: user ? 'bad_password' : 'unknown_user',
          address,
        },
      });
      throw unauthorized('INVALID_CREDENTIALS', 'Wrong username or password. 用户名或密码错误。');
    }
    if (user.disabledAt) {
      await this.audit.appendAlone({
        actor: `user:${user.id}`,
        action: 'auth.login.refused',
        subjectType: 'user',
        subjectId: user.id,
        payload: { reason: 'disabled', address },
      });
      throw forbidden('ACCOUNT_DISABLED', 'This account is disabled; ask an administrator. 该账号已停用。');
    }

    await attempt.succeeded();
    const ttl = this.config.accessTokenTtlSeconds;
    const accessToken = await this.tokens.sign('staff', user.id, { role: user.role, officeId: user.officeId, pointId: user.pointId }, ttl);
    await this.audit.appendAlone({
      actor: `user:${user.id}`,
      action: 'auth.login.succeeded',
      subjectType: 'user',
      subjectId: user.id,
      payload: { address },
    });
    return { accessToken, tokenType: 'Bearer' as const, expiresIn: ttl, user: userView(user) };
  }
}
