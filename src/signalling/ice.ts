import { createHmac } from 'node:crypto';
import type { AppConfig } from '../config/config.js';
import type { IceServer } from './protocol.js';

export type { IceServer };

/** Long enough for one interview; a peer that reconnects gets fresh credentials in `joined`. */
export const TURN_CREDENTIAL_TTL_SECONDS = 3600;

/**
 * ICE servers for one user. TURN credentials follow the TURN REST API scheme that coturn's
 * `use-auth-secret` implements (draft-uberti-behave-turn-rest-00): the username is
 * `<expiry unix seconds>:<userId>` and the password is base64(HMAC-SHA1(secret, username)),
 * so coturn can check them with the shared secret alone, without a call to this service.
 */
export function iceServers(
  config: Pick<AppConfig, 'stunUrls' | 'turnUrls' | 'turnSecret'>,
  userId: string,
  now: Date,
  ttlSeconds = TURN_CREDENTIAL_TTL_SECONDS,
): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length) servers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length && config.turnSecret) {
    const username = `${Math.floor(now.getTime() / 1000) + ttlSeconds}:${userId}`;
    const credential = createHmac('sha1', config.turnSecret).update(username).digest('base64');
    servers.push({ urls: [...config.turnUrls], username, credential });
  }
  return servers;
}
