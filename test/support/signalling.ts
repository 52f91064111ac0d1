import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/signalling/protocol.js';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
export type EventName = keyof ServerToClientEvents;
export type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** A /signalling client that records every server event it gets, in order; `open` collects it for clean-up. */
export function recordingClient(
  baseUrl: string,
  auth: Record<string, unknown>,
  open: Client[],
  opts: { reconnection?: boolean; ca?: string; localAddress?: string } = {},
) {
  const socket: Client = io(`${baseUrl}/signalling`, {
    auth,
    // Through a TLS proxy: its certificate, and the client's own loopback address.
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    transports: ['websocket'],
    forceNew: true,
    reconnection: opts.reconnection ?? true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
  });
  open.push(socket);
  const seen: { event: EventName; payload: unknown }[] = [];
  socket.onAny((event: EventName, payload: unknown) => seen.push({ event, payload }));
  const of = <E extends EventName>(event: E) => seen.filter((s) => s.event === event).map((s) => s.payload as Payload<E>);
  return { socket, seen, of };
}
