/**
 * The wire protocol of the `/signalling` socket.io namespace, shared by the gateway, the tests and
 * any TypeScript client. docs/sessions.md documents the same in prose. It imports nothing, so
 * the browser client (client-demo/src/video.ts) imports its types as they are.
 */
export const SIGNALLING_NAMESPACE = '/signalling';

/** A STUN or TURN server as the join answer and `joined` give it (signalling/ice.ts makes them). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export type PeerRole = 'notary' | 'assistant';
export const PEER_ROLES: readonly PeerRole[] = ['notary', 'assistant'];

export interface PeerInfo {
  peerId: string;
  role: PeerRole;
}

/** What a peer may relay: an SDP description, an ICE candidate, or null for end-of-candidates. */
export interface SignalBody {
  description?: { type: 'offer' | 'answer' | 'pranswer'; sdp: string };
  candidate?: IceCandidateInit | null;
}
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}
export type OutgoingSignal = SignalBody & { to: string };
export type IncomingSignal = SignalBody & { from: string };

/** Codes of a refused `signal` (in the acknowledgement). */
export type SignalErrorCode = 'UNKNOWN_PEER' | 'INVALID_MESSAGE' | 'MESSAGE_TOO_LARGE' | 'RATE_LIMITED';
export type SignalAck = { ok: true } | { ok: false; code: SignalErrorCode; message: string };

/** Codes of a refused connection (`connect_error`: `err.message` is the code, `err.data` is `{ code, message }`). */
/** SESSION_ENDED: the session is approved, rejected or aborted; ACCOUNT_DISABLED: the user was disabled. */
export type ConnectErrorCode =
  'TOKEN_MISSING' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'SESSION_FULL' | 'SESSION_ENDED' | 'ACCOUNT_DISABLED' | 'UNAVAILABLE';

export interface JoinedEvent {
  self: PeerInfo;
  /** Everyone else in the session, including peers in their reconnection grace period. */
  peers: PeerInfo[];
  /** Perfect negotiation: the notary is impolite (false), everyone else polite. */
  polite: boolean;
  /** STUN/TURN servers for this user; TURN credentials expire (see ice.ts). */
  iceServers: IceServer[];
}

export interface SessionState {
  status: string;
  [key: string]: unknown;
}

export interface ServerToClientEvents {
  joined: (e: JoinedEvent) => void;
  'peer-joined': (e: PeerInfo) => void;
  /** A known peer came back on a new connection (its earlier signals may be lost): renegotiate. */
  'peer-reconnected': (e: PeerInfo) => void;
  'peer-left': (e: { peerId: string }) => void;
  signal: (e: IncomingSignal) => void;
  /** Another connection with the same identity took over; this one is disconnected next. */
  replaced: (e: { peerId: string }) => void;
  'session-state': (e: SessionState) => void;
}

export interface ClientToServerEvents {
  signal: (body: OutgoingSignal, ack: (result: SignalAck) => void) => void;
}

/** What the middleware settles for a socket before it connects; socket.io keeps it across recovery. */
export interface PeerSocketData {
  sessionId: string;
  userId: string;
  peerId: string;
  role: PeerRole;
  /** How this connection relates to earlier ones of the same identity. */
  arrival: 'joined' | 'reconnected' | 'recovered' | 'replaced';
  peers: PeerInfo[];
}

export const roomOfSession = (sessionId: string) => `s:${sessionId}`;
export const roomOfPeer = (sessionId: string, peerId: string) => `p:${sessionId}:${peerId}`;
