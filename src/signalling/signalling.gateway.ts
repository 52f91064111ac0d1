import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { SIGNALLING_NAMESPACE } from './protocol.js';
import { SignallingService, type SignallingNamespace, type SignallingSocket } from './signalling.service.js';

/**
 * The `/signalling` namespace. Server-wide socket.io options (connection state recovery,
 * buffer size, the cluster adapter) are set in SignallingIoAdapter, since they depend on config.
 * `signal` `{ to, description? , candidate? }` → ack `{ ok: true }` or `{ ok: false, code, message }`
 * is taken by SignallingService itself once a socket is connected (see its `listen`).
 */
@WebSocketGateway({ namespace: SIGNALLING_NAMESPACE })
export class SignallingGateway
  implements OnGatewayInit<SignallingNamespace>, OnGatewayConnection<SignallingSocket>, OnGatewayDisconnect<SignallingSocket>
{
  constructor(private readonly signalling: SignallingService) {}

  afterInit(nsp: SignallingNamespace): void {
    this.signalling.attach(nsp);
  }

  handleConnection(socket: SignallingSocket): void {
    this.signalling.connected(socket);
  }

  handleDisconnect(socket: SignallingSocket, reason?: string): void {
    this.signalling.disconnected(socket, reason ?? 'unknown');
  }
}
