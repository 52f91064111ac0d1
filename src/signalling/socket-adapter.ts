import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { recoveryAdapter } from './recovery-adapter.js';
import { MAX_SIGNAL_BYTES } from './signal-message.js';

/**
 * Typed after the socket.io that @nestjs/platform-socket.io resolves, which npm may install as a
 * copy of its own (it did: 4.8.3 beside the app's 4.8.4); the cluster adapters extend
 * socket.io-adapter, of which there is one copy either way.
 */
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type AdapterFactory = NonNullable<IoServerOptions['adapter']>;

/** Table the PostgreSQL adapter keeps payloads over NOTIFY's 8000-byte limit in (migration 1764300000500). */
export const SOCKET_IO_ATTACHMENTS_TABLE = 'socket_io_attachments';
/** Redis channel prefix; instances of one deployment share it, other applications on the same Redis do not. */
export const REDIS_CHANNEL_PREFIX = 'remote-notary';

/**
 * Nest's socket.io adapter with this service's server options and, when configured, a cluster
 * adapter so that a session's peers may sit on different instances:
 * - `memory`: one instance; connection state recovery replays what a briefly disconnected peer
 *   missed, from a packet store cheaper than socket.io's own (recovery-adapter.ts).
 * - `postgres`: @socket.io/postgres-adapter, LISTEN/NOTIFY on a pool of its own.
 * - `redis`: @socket.io/redis-adapter with two node-redis clients (publish, subscribe).
 * The cluster adapters do not support connection state recovery; the gateway's own grace period
 * keeps a reconnecting peer's identity there instead (but what was sent to it meanwhile is lost).
 */
export class SignallingIoAdapter extends IoAdapter {
  private constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly clusterAdapter: AdapterFactory | undefined,
    private readonly release: () => Promise<void>,
  ) {
    super(app);
  }

  static async create(app: INestApplicationContext, config: AppConfig): Promise<SignallingIoAdapter> {
    const log = new Logger('SignallingIoAdapter');
    switch (config.socketAdapter) {
      case 'memory':
        return new SignallingIoAdapter(app, config, undefined, async () => undefined);
      // The cluster adapters and the Redis client load only when configured: `redis` alone takes
      // seconds to import on a small machine, which every start in memory mode would pay.
      case 'postgres': {
        const { createAdapter: createPostgresAdapter } = await import('@socket.io/postgres-adapter');
        // Exactly two connections: one held for LISTEN, one that runs every other query in turn.
        const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2, application_name: 'remote-notary-socket.io' });
        pool.on('error', (err) => log.warn(`socket.io PostgreSQL connection: ${err.message}`));
        const adapter = createPostgresAdapter(pool, {
          tableName: SOCKET_IO_ATTACHMENTS_TABLE,
          // Order. The adapter sends a message over 8000 bytes (an SDP offer, often) as INSERT then
          // NOTIFY, and the receiver fetches it before delivering, while smaller ones go inline:
          // a candidate sent right after an offer overtook it (test: "keeps one sender's order").
          // With every message an attachment, each one passes the same steps (INSERT, NOTIFY,
          // SELECT) on the one query connection, first come first served, so order holds.
          payloadThreshold: 0,
          // Instances find each other through heartbeats: a short interval lets a new instance
          // see the others within a second or so instead of five.
          heartbeatInterval: 1000,
          heartbeatTimeout: 5000,
          errorHandler: (err) => log.warn(`socket.io PostgreSQL adapter: ${err.message}`),
        });
        return new SignallingIoAdapter(app, config, adapter, () => pool.end());
      }
      case 'redis': {
        const [{ createAdapter: createRedisAdapter }, { createClient }] = await Promise.all([
          import('@socket.io/redis-adapter'),
          import('redis'),
        ]);
        const pub = createClient({ url: config.redisUrl });
        const sub = pub.duplicate();
        // node-redis reconnects by itself; without a listener an 'error' event would crash the process.
        pub.on('error', (err: Error) => log.warn(`socket.io Redis (publish): ${err.message}`));
        sub.on('error', (err: Error) => log.warn(`socket.io Redis (subscribe): ${err.message}`));
        await Promise.all([pub.connect(), sub.connect()]);
        // The adapter publishes without awaiting: while Redis is away each publish rejects (the
        // client is offline, or the queued command times out), and an unhandled rejection ends
        // the process. Such a message is lost to the other instances (their peers' reconnects
        // and the clients' ICE restarts cover it); the process and its local peers stay up.
        const publish = pub.publish.bind(pub);
        let publishFailures = 0;
        (pub as { publish: typeof publish }).publish = ((...args: Parameters<typeof publish>) => {
          const sent = publish(...args);
          sent.then(
            () => (publishFailures = 0),
            (err: Error) => {
              if (publishFailures++ % 100 === 0) log.warn(`socket.io Redis publish failed (${publishFailures} in a row): ${err.message}`);
            },
          );
          return sent;
        }) as typeof publish;
        const adapter = createRedisAdapter(pub, sub, { key: REDIS_CHANNEL_PREFIX, requestsTimeout: 3000 });
        return new SignallingIoAdapter(app, config, adapter, async () => {
          await Promise.allSettled([pub.close(), sub.close()]);
        });
      }
    }
  }

  override createIOServer(port: number, options?: IoServerOptions): ReturnType<IoAdapter['createIOServer']> {
    const merged: Partial<IoServerOptions> = {
      ...options,
      // Room for a signal just over the limit to reach the gateway and be refused with an ack;
      // anything far larger closes the connection at the transport.
      maxHttpBufferSize: 2 * MAX_SIGNAL_BYTES,
      // A connection that joins no namespace (the default one refuses everyone) goes after 10 s.
      connectTimeout: 10_000,
      // Long-polling sends each request of a socket.io session anew, and node:cluster hands every
      // new connection to the next worker, which does not know the session: websockets only then.
      ...(this.config.workers > 1 ? { transports: ['websocket' as const] } : {}),
      // With connection state recovery on, socket.io routes even a socket's own emits through the
      // adapter so it can store them; the cluster adapters cannot replay them anyway, and the
      // PostgreSQL one delivers a broadcast only after its NOTIFY round trip. So: memory only.
      ...(this.clusterAdapter
        ? { adapter: this.clusterAdapter }
        : {
            adapter: recoveryAdapter() as unknown as AdapterFactory,
            connectionStateRecovery: {
              maxDisconnectionDuration: this.config.signallingGraceSeconds * 1000,
              // The middleware decides what a returning socket is (back, replaced, or new again).
              skipMiddlewares: false,
            },
          }),
    };
    // socket.io itself takes a partial options object; Nest's signature asks for a complete one.
    const server = super.createIOServer(port, merged as IoServerOptions) as ReturnType<IoAdapter['createIOServer']> & {
      of(nsp: string): { use(fn: (socket: unknown, next: (err?: Error) => void) => void): void };
    };
    // The default namespace serves nothing; it used to accept any anonymous connection.
    server.of('/').use((_socket, next) =>
      next(
        Object.assign(new Error('NO_SUCH_NAMESPACE'), {
          data: { code: 'NO_SUCH_NAMESPACE', message: 'Connect to /signalling (join token) or /staff (staff access token).' },
        }),
      ),
    );
    return server;
  }

  /** After the socket.io servers have closed: the adapter's connections go last. */
  override async dispose(): Promise<void> {
    await super.dispose();
    await this.release();
  }
}
