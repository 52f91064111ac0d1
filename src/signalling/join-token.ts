import type { TokenService } from '../auth/token.service.js';
import { DomainError } from '../common/errors.js';
import { PEER_ROLES, type ConnectErrorCode, type PeerRole } from './protocol.js';

/** The claims of a join token (audience `remote-notary:session`, subject = the user id). */
export interface JoinTokenClaims {
  /** The session id. */
  sid: string;
  role: PeerRole;
}

/** Short: a join token is fetched right before connecting, and again after a long absence. */
export const JOIN_TOKEN_TTL_SECONDS = 600;

/** Session ids become socket.io room names; keep them to characters that cannot collide with the separator. */
const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Called by the session module when it lets a user into a session. */
export function issueJoinToken(
  tokens: TokenService,
  { userId, sessionId, role }: { userId: string; sessionId: string; role: PeerRole },
): Promise<string> {
  if (!SESSION_ID.test(sessionId)) throw new Error(`session id ${JSON.stringify(sessionId)} cannot be a join token subject`);
  const claims: JoinTokenClaims = { sid: sessionId, role };
  return tokens.sign('session', userId, { ...claims }, JOIN_TOKEN_TTL_SECONDS);
}

/** A refused connection: socket.io hands `message` and `data` to the client's `connect_error`. */
export class ConnectRefusal extends Error {
  readonly data: { code: ConnectErrorCode; message: string };
  constructor(code: ConnectErrorCode, message: string) {
    super(code);
    this.name = 'ConnectRefusal';
    this.data = { code, message };
  }
}

export interface Joiner {
  userId: string;
  sessionId: string;
  role: PeerRole;
}

/** Verifies a handshake token; refusals carry TOKEN_MISSING, TOKEN_EXPIRED or TOKEN_INVALID. */
export async function verifyJoinToken(tokens: TokenService, token: unknown): Promise<Joiner> {
  if (typeof token !== 'string' || token === '') {
    throw new ConnectRefusal('TOKEN_MISSING', 'Connect with a join token in the handshake: io(url, { auth: { token } }).');
  }
  let payload: Awaited<ReturnType<TokenService['verify']>>;
  try {
    payload = await tokens.verify('session', token);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'TOKEN_EXPIRED') throw new ConnectRefusal('TOKEN_EXPIRED', 'The join token has expired; ask for a new one.');
    throw new ConnectRefusal('TOKEN_INVALID', 'The join token is not valid for this session service.');
  }
  const { sid, role } = payload;
  if (typeof sid !== 'string' || !SESSION_ID.test(sid) || !PEER_ROLES.includes(role as PeerRole)) {
    throw new ConnectRefusal('TOKEN_INVALID', 'The join token names no valid session and role.');
  }
  return { userId: payload.sub, sessionId: sid, role: role as PeerRole };
}
