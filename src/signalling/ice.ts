import { createHmac } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import type { IceServer } from './protocol.js';

export type { IceServer };

/**
 * Default lifetime of a TURN credential (TURN_CREDENTIAL_TTL_SECONDS). coturn's shared-secret
 * scheme carries nothing but an expiry, so a credential cannot be revoked when its session ends:
 * it is kept short, and a peer still in a running session fetches a fresh one from the join
 * endpoint (or gets one in `joined` when it reconnects) before it runs out.
 */
export const TURN_CREDENTIAL_TTL_SECONDS = 1800;

/** Whom a TURN credential is for: a user in one session (both named in the username, for coturn's logs). */
export interface TurnSubject {
  userId: string;
  sessionId?: string;
}

/**
 * ICE servers for one user in one session. TURN credentials follow the TURN REST API scheme that
 * coturn's `use-auth-secret` implements (draft-uberti-behave-turn-rest-00): the username is
 * `<expiry unix seconds>:<userId>[:<sessionId>]` (coturn reads the expiry before the first colon)
 * and the password is base64(HMAC-SHA1(secret, username)), so coturn can check them with the
 * shared secret alone, without a call to this service.
 */
export function iceServers(
  config: Pick<AppConfig, 'stunUrls' | 'turnUrls' | 'turnSecret'> & Partial<Pick<AppConfig, 'turnCredentialTtlSeconds'>>,
  subject: TurnSubject | string,
  now: Date,
  ttlSeconds = config.turnCredentialTtlSeconds ?? TURN_CREDENTIAL_TTL_SECONDS,
): IceServer[] {
  const { userId, sessionId } = typeof subject === 'string' ? { userId: subject, sessionId: undefined } : subject;
  const servers: IceServer[] = [];
  if (config.stunUrls.length) servers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length && config.turnSecret) {
    const username = [Math.floor(now.getTime() / 1000) + ttlSeconds, userId, ...(sessionId ? [sessionId] : [])].join(':');
    const credential = createHmac('sha1', config.turnSecret).update(username).digest('base64');
    servers.push({ urls: [...config.turnUrls], username, credential });
  }
  return servers;
}
