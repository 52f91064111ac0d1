import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { SIGNALLING_NAMESPACE, type SignalAck } from './protocol.js';
import { SignallingService, type SignallingNamespace, type SignallingSocket } from './signalling.service.js';

/**
 * The `/signalling` namespace. Server-wide socket.io options (connection state recovery,
 * buffer size, the cluster adapter) are set in SignallingIoAdapter, since they depend on config.
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

  /** `signal` `{ to, description? , candidate? }` → ack `{ ok: true }` or `{ ok: false, code, message }`. */
  @SubscribeMessage('signal')
  signal(@ConnectedSocket() socket: SignallingSocket, @MessageBody() body: unknown): SignalAck | Promise<SignalAck> {
    return this.signalling.relay(socket, body);
  }
}
