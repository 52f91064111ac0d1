import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { TokenService } from '../auth/token.service.js';
import { AccountEvents } from '../auth/account-events.js';
import { UsersService } from '../auth/users.service.js';
import { StaffEvents } from './staff-events.js';

/**
 * Socket.io namespace `/staff`, authenticated with a staff access token in `auth.token`.
 * Server → client events: `walk-in.waiting`, `walk-in.claimed`, `walk-in.expired`.
 */
@WebSocketGateway({ namespace: '/staff' })
export class StaffGateway implements OnGatewayInit {
  private readonly log = new Logger('StaffGateway');
  @WebSocketServer() nsp: Namespace;

  constructor(
    private readonly tokens: TokenService,
    private readonly users: UsersService,
    private readonly events: StaffEvents,
    accounts: AccountEvents,
  ) {
    // A disabled account's live connections close too, on every instance (through the adapter).
    accounts.onDisabled((userId) => this.nsp?.in(`user:${userId}`).disconnectSockets(true));
  }

  afterInit(nsp: Namespace): void {
    this.events.attach(nsp);
    nsp.use((socket: Socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (err: unknown) => {
          // The same connect-error codes as the /signalling namespace.
          const raw = (err as { code?: string }).code;
          const code = raw === 'TOKEN_MISSING' || raw === 'TOKEN_EXPIRED' ? raw : 'TOKEN_INVALID';
          const e = new Error(code) as Error & { data: unknown };
          e.data = { code, message: err instanceof Error ? err.message : String(err) };
          next(e);
        },
      );
    });
  }

  private async authenticate(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    if (typeof token !== 'string' || !token)
      throw Object.assign(new Error('Send the staff access token as auth.token.'), { code: 'TOKEN_MISSING' });
    const claims = await this.tokens.verify('staff', token);
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabledAt) throw Object.assign(new Error('The account is disabled or gone.'), { code: 'TOKEN_INVALID' });
    await socket.join([
      `user:${user.id}`,
      ...(user.pointId ? [`point:${user.pointId}`] : []),
      ...(user.officeId ? [`office:${user.officeId}`] : []),
    ]);
    socket.data.userId = user.id;
    this.log.debug(`staff ${user.id} connected`);
  }
}
