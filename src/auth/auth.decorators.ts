import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Role } from './actor.js';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Who may call: any of these roles. Routes without @Roles or @Public need any valid token. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed; a token, if sent, is still checked and sets the actor. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const ACCOUNT_READ_BY_HANDLER_KEY = 'accountReadByHandler';

/**
 * On a @Public() route without @Roles: for a staff token the guard checks the token and leaves the
 * account's re-read to the handler, which gets the account's id from @Caller() and must read it in
 * its own transaction (`UsersService.actorIn`) before it commits anything: the booking write path
 * sends that read beside its first statement instead of a round trip of its own.
 */
export const AccountReadByHandler = () => SetMetadata(ACCOUNT_READ_BY_HANDLER_KEY, true);

export type AuthedRequest = Request & { actor?: Actor; staffId?: string };

/** The authenticated caller (undefined on a public route called anonymously). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().actor);

/**
 * On an @AccountReadByHandler() route: the caller as far as the guard knows it. `staffId`: a valid
 * staff token whose account the handler has still to read; `actor`: a citizen's case token; neither: anonymous.
 */
export type Caller = { actor?: Actor; staffId?: string };
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return { actor: req.actor, staffId: req.staffId };
});
