import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Role } from './actor.js';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Who may call: any of these roles. Routes without @Roles or @Public need any valid token. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed; a token, if sent, is still checked and sets the actor. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthedRequest = Request & { actor?: Actor };

/** The authenticated caller (undefined on a public route called anonymously). */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().actor);
