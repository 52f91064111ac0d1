import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '../common/errors.js';
import type { Actor, Role } from './actor.js';
import { ACCOUNT_READ_BY_HANDLER_KEY, PUBLIC_KEY, ROLES_KEY, type AuthedRequest } from './auth.decorators.js';
import { TokenService } from './token.service.js';
import { staffActorOf, UsersService } from './users.service.js';

/**
 * Global guard. Every route needs a valid bearer token unless marked @Public();
 * @Roles(...) narrows who may call. A disabled account loses access at once,
 * since each request re-reads the user (here, or on an @AccountReadByHandler() route in the
 * handler's transaction).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();

    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw unauthorized('INVALID_TOKEN', 'The Authorization header must be "Bearer <token>".');
      // Only where no role is asked for here: the handler reads the account in its transaction.
      const deferred = isPublic && !roles && this.reflector.getAllAndOverride<boolean>(ACCOUNT_READ_BY_HANDLER_KEY, targets);
      if (deferred && this.tokens.audienceOf(m[1]) !== 'case') req.staffId = (await this.tokens.verify('staff', m[1])).sub;
      else req.actor = await this.actorFor(m[1]);
    }
    if (isPublic && !roles) return true;
    if (!req.actor) throw unauthorized('AUTH_REQUIRED', 'Sign in first: this route needs a bearer token. 请先登录。');
    if (roles && !roles.includes(req.actor.role)) {
      throw forbidden('FORBIDDEN_ROLE', `This action is for ${roles.join(' or ')} only. 无权执行此操作。`);
    }
    return true;
  }

  private async actorFor(token: string): Promise<Actor> {
    // Citizens hold case-access tokens (audience "case"), scoped to one booking.
    if (this.tokens.audienceOf(token) === 'case') {
      const claims = await this.tokens.verify('case', token);
      if (typeof claims.caseNo !== 'string') throw unauthorized('INVALID_TOKEN', 'The case token names no case.');
      return { kind: 'citizen', role: 'citizen', bookingId: claims.sub, caseNo: claims.caseNo };
    }
    const claims = await this.tokens.verify('staff', token);
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabledAt) throw unauthorized('INVALID_TOKEN', 'The account behind this token is disabled or gone.');
    return staffActorOf(user);
  }
}
