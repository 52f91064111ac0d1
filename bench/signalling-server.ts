/**
 * One relay for `npm run bench -- signalling`, in a process of its own (forked by bench/signalling.ts
 * with an IPC channel), so that the clients' cost in the bench process does not hide the server's:
 *
 *   node dist/bench/signalling-server.js gateway   the service (AppModule, its socket.io adapter
 *                                                   and options, pino at LOG_LEVEL) on DATABASE_URL,
 *                                                   with the per-socket rate limit lifted
 *   node dist/bench/signalling-server.js bare      socket.io relaying and acknowledging, nothing else
 *   node dist/bench/signalling-server.js bare-recovery   the same with the connection state
 *                                                   recovery the service turns on (memory adapter)
 *
 * It says `{ ready: port }` over IPC, then answers requests (`{ id, op, … }` → `{ id, … }`):
 * `pairs` (join tokens for new sessions), `settled` (wait for the audited leaves), `cpu`
 * (process.cpuUsage and the monotonic clock) and `close` (closes and exits, so that
 * --cpu-prof writes its profile).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { Server } from 'socket.io';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { TokenService } from '../src/auth/token.service.js';
import { loadConfig } from '../src/config/config.js';
import { issueJoinToken } from '../src/signalling/join-token.js';
import type { SignalAck } from '../src/signalling/protocol.js';
import { SIGNALLING_LIMITS, type SignallingLimits } from '../src/signalling/signalling.service.js';
import { SignallingIoAdapter } from '../src/signalling/socket-adapter.js';

/**
 * The per-socket rate limit (60 burst, 30/s) would cap one session at a few dozen messages a
 * second and measure the limit, not the relay: the benchmark raises it (the bucket still runs).
 */
const UNLIMITED: SignallingLimits = { maxPeersPerSession: 4, signalBurst: 1e9, signalsPerSecond: 1e9 };

export type ServerRequest = { op: 'pairs'; count: number } | { op: 'settled'; closedPairs: number } | { op: 'cpu' } | { op: 'close' };
export interface ServerReply {
  id: number;
  error?: string;
  /** `pairs`: join tokens (gateway) for new sessions; empty strings for the bare relay, which takes anyone. */
  pairs?: { a: string; b: string }[];
  /** `cpu`: process.cpuUsage() in µs, user + system … */
  cpuMicros?: number;
  /** … and the monotonic clock in µs, the clock of a --cpu-prof profile's `startTime`. */
  clock?: number;
}

interface Relay {
  port: number;
  pairs(count: number): Promise<{ a: string; b: string }[]>;
  settled(closedPairs: number): Promise<void>;
  close(): Promise<void>;
}

async function gateway(): Promise<Relay> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    SEED_DEMO: 'false',
    // Set, so that first start does not print a generated one.
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? randomUUID(),
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
    .overrideProvider(SIGNALLING_LIMITS)
    .useValue(UNLIMITED)
    .compile();
  // As createApp sets it up for the socket path: pino as the logger, the service's socket.io adapter.
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useWebSocketAdapter(await SignallingIoAdapter.create(app, config));
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
  const tokens = app.get(TokenService);
  const db = app.get(DataSource);
  const left = async () =>
    ((await db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'session.peer.left'`)) as { n: number }[])[0].n;
  let leavesSoFar = await left();
  return {
    port,
    pairs: (count) =>
      Promise.all(
        Array.from({ length: count }, async () => {
          const sessionId = randomUUID();
          const [a, b] = await Promise.all([
            issueJoinToken(tokens, { sessionId, userId: randomUUID(), role: 'notary' }),
            issueJoinToken(tokens, { sessionId, userId: randomUUID(), role: 'assistant' }),
          ]);
          return { a, b };
        }),
      ),
    async settled(closedPairs) {
      // Each leave is audited; wait for those writes so they do not run into the next measurement.
      leavesSoFar += 2 * closedPairs;
      while ((await left()) < leavesSoFar) await new Promise((r) => setTimeout(r, 50));
    },
    close: () => app.close(),
  };
}

/** socket.io with nothing but the relay: no token, no checks, no presence, no audit. */
async function bare(recovery: boolean): Promise<Relay> {
  const http = createServer();
  // As SignallingIoAdapter sets it, with the default SIGNALLING_GRACE_SECONDS.
  const io = new Server(http, recovery ? { connectionStateRecovery: { maxDisconnectionDuration: 30_000, skipMiddlewares: false } } : {});
  io.on('connection', (socket) => {
    socket.on('signal', (body: { to: string; candidate: unknown }, ack: (a: SignalAck) => void) => {
      socket.to(body.to).emit('signal', { from: socket.id, candidate: body.candidate });
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    pairs: async (count) => Array.from({ length: count }, () => ({ a: '', b: '' })),
    settled: async () => undefined,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

const kind = process.argv[2];
if (!process.send || (kind !== 'gateway' && kind !== 'bare' && kind !== 'bare-recovery')) {
  console.error('usage: forked by bench/signalling.ts with an IPC channel; argument gateway, bare or bare-recovery');
  process.exit(2);
}
const send = process.send.bind(process);
const relay = kind === 'gateway' ? await gateway() : await bare(kind === 'bare-recovery');
process.on('message', (m: ServerRequest & { id: number }) => {
  const reply = (r: Omit<ServerReply, 'id'>, then: () => void = () => undefined) => send({ id: m.id, ...r }, then);
  const fail = (err: unknown) => reply({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  switch (m.op) {
    case 'pairs':
      relay.pairs(m.count).then((pairs) => reply({ pairs }), fail);
      break;
    case 'settled':
      relay.settled(m.closedPairs).then(() => reply({}), fail);
      break;
    case 'cpu': {
      const u = process.cpuUsage();
      reply({ cpuMicros: u.user + u.system, clock: Number(process.hrtime.bigint() / 1000n) });
      break;
    }
    case 'close':
      relay.close().then(
        () => reply({}, () => process.exit(0)),
        (err: unknown) => {
          fail(err);
          process.exitCode = 1;
          process.disconnect();
        },
      );
      break;
  }
});
// The bench may go away without asking (Ctrl-C, a crash): the server goes with it.
process.on('disconnect', () => process.exit());
send({ ready: relay.port });
