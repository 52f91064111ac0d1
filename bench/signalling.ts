import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { TokenService } from '../src/auth/token.service.js';
import { loadConfig } from '../src/config/config.js';
import { issueJoinToken } from '../src/signalling/join-token.js';
import type { JoinedEvent, SignalAck } from '../src/signalling/protocol.js';
import { SIGNALLING_LIMITS, type SignallingLimits } from '../src/signalling/signalling.service.js';
import { SignallingIoAdapter } from '../src/signalling/socket-adapter.js';
import { percentile } from './support.js';

const SESSIONS = [1, 100, 500];
const WARMUP_MS = 500;
const MEASURE_MS = 3000;
/** Connections opened at once while setting up; more only queues up in the same event loop. */
const CONNECT_BATCH = 50;
/**
 * The per-socket rate limit (60 burst, 30/s) would cap one session at a few dozen messages a
 * second and measure the limit, not the relay: the benchmark raises it.
 */
const UNLIMITED: SignallingLimits = { maxPeersPerSession: 4, signalBurst: 1e9, signalsPerSecond: 1e9 };

interface Pair {
  a: Socket;
  b: Socket;
  /** Whatever each side addresses the other by: peer ids on the gateway, socket ids on bare socket.io. */
  aId: string;
  bId: string;
}
interface Target {
  name: string;
  pair(): Promise<Pair>;
  /** Resolves once the server has finished with `pairs` closed pairs (the gateway audits leaves). */
  settled(closedPairs: number): Promise<void>;
  close(): Promise<void>;
}
interface Result {
  p50: number;
  p99: number;
  rate: number;
  refused: number;
}

/**
 * Relay latency and throughput of the signalling gateway with 1, 100 and 500 concurrent sessions
 * (two peers each), beside a bare socket.io server relaying the same messages between the same
 * kind of clients. Each session plays ping-pong with an ICE candidate: one message in flight per
 * session, so the load grows with the number of sessions. Clients and server share this process.
 */
export default async function bench(): Promise<void> {
  const gateway = await startGateway();
  const bare = await startBare();
  try {
    console.log(
      `database: ${gateway.name}; ${MEASURE_MS} ms per run after ${WARMUP_MS} ms warm-up; latency = send → delivery at the other peer`,
    );
    console.log(
      'sessions | gateway p50 / p99 / msgs per s     | bare socket.io p50 / p99 / msgs per s | gateway ÷ bare (p50 latency, throughput)',
    );
    for (const n of SESSIONS) {
      const b = await run(bare, n);
      const g = await run(gateway, n);
      if (g.refused || b.refused) console.log(`  ${g.refused + b.refused} signals were refused: figures are not comparable`);
      console.log(
        `${String(n).padStart(8)} | ${fmt(g)} | ${fmt(b)}      | ${(g.p50 / b.p50).toFixed(2)}× latency, ${(g.rate / b.rate).toFixed(2)}× throughput`,
      );
    }
  } finally {
    await bare.close();
    await gateway.close();
  }
}

const fmt = (r: Result) =>
  `${r.p50.toFixed(2).padStart(6)} ms / ${r.p99.toFixed(2).padStart(6)} ms / ${Math.round(r.rate).toLocaleString('en').padStart(7)}`;

async function run(target: Target, sessions: number): Promise<Result> {
  const pairs: Pair[] = [];
  for (let i = 0; i < sessions; i += CONNECT_BATCH) {
    pairs.push(...(await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, sessions - i) }, () => target.pair()))));
  }
  try {
    await pingPong(pairs, WARMUP_MS);
    return await pingPong(pairs, MEASURE_MS);
  } finally {
    for (const p of pairs) {
      p.a.disconnect();
      p.b.disconnect();
    }
    await target.settled(sessions);
  }
}

async function pingPong(pairs: Pair[], ms: number): Promise<Result> {
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  const stopAt = started + ms;
  const onAck = (ack: SignalAck) => {
    if (!ack.ok) refused++;
  };
  const counts = await Promise.all(
    pairs.map(
      (p, session) =>
        new Promise<number>((resolve) => {
          let sentAt = 0;
          let seq = 0;
          let delivered = 0;
          const send = (from: Socket, to: string) => {
            sentAt = performance.now();
            seq++;
            from.emit(
              'signal',
              {
                to,
                candidate: {
                  candidate: `candidate:${seq} 1 udp 2122260223 192.0.2.${session % 250} ${50000 + (seq % 10000)} typ host generation 0`,
                  sdpMid: '0',
                  sdpMLineIndex: 0,
                },
              },
              onAck,
            );
          };
          const receive = (replyFrom: Socket, replyTo: string) => () => {
            latencies.push(performance.now() - sentAt);
            delivered++;
            if (performance.now() < stopAt) send(replyFrom, replyTo);
            else {
              p.a.off('signal');
              p.b.off('signal');
              resolve(delivered);
            }
          };
          p.b.on('signal', receive(p.b, p.aId));
          p.a.on('signal', receive(p.a, p.bId));
          send(p.a, p.bId);
        }),
    ),
  );
  const elapsed = performance.now() - started;
  latencies.sort((x, y) => x - y);
  const total = counts.reduce((s, c) => s + c, 0);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rate: (total / elapsed) * 1000, refused };
}

const clientOptions = { transports: ['websocket'], forceNew: true, reconnection: false };

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** The service as deployed (memory adapter), on a throw-away database, with the rate limit lifted. */
async function startGateway(): Promise<Target> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'notary-bench-'));
  const server = process.env.DATABASE_URL;
  const dbName = `bench_${process.pid}_${Date.now()}`;
  let databaseUrl: string | undefined;
  if (server) {
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    // Set, so that first start does not print a generated one.
    ADMIN_PASSWORD: randomUUID(),
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  });
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, sink)] })
    .overrideProvider(SIGNALLING_LIMITS)
    .useValue(UNLIMITED)
    .compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  app.useWebSocketAdapter(await SignallingIoAdapter.create(app, config));
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
  const tokens = app.get(TokenService);
  const db = app.get(DataSource);
  const left = async () =>
    ((await db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'session.peer.left'`)) as { n: number }[])[0].n;
  let leavesSoFar = await left();

  const join = async (sessionId: string, role: 'notary' | 'assistant') => {
    const token = await issueJoinToken(tokens, { sessionId, userId: randomUUID(), role });
    const socket = io(`http://127.0.0.1:${port}/signalling`, { ...clientOptions, auth: { token } });
    const joined = await new Promise<JoinedEvent>((resolve, reject) => {
      socket.once('joined', resolve);
      socket.once('connect_error', reject);
    });
    return { socket, peerId: joined.self.peerId };
  };
  return {
    name: server ? `PostgreSQL (${new URL(server).host})` : 'embedded PGlite',
    async pair() {
      const sessionId = randomUUID();
      const notary = await join(sessionId, 'notary');
      const assistant = await join(sessionId, 'assistant');
      return { a: notary.socket, b: assistant.socket, aId: notary.peerId, bId: assistant.peerId };
    },
    async settled(closedPairs) {
      // Each leave is audited; wait for those writes so they do not run into the next measurement.
      leavesSoFar += 2 * closedPairs;
      while ((await left()) < leavesSoFar) await new Promise((r) => setTimeout(r, 50));
    },
    async close() {
      await app.close();
      if (server) {
        const admin = new pg.Client({ connectionString: server });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
        await admin.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** socket.io with nothing but the relay: no token, no checks, no presence, no audit. */
async function startBare(): Promise<Target> {
  const http = createServer();
  const ioServer = new Server(http);
  ioServer.on('connection', (socket) => {
    socket.on('signal', (body: { to: string; candidate: unknown }, ack: (a: SignalAck) => void) => {
      socket.to(body.to).emit('signal', { from: socket.id, candidate: body.candidate });
      ack({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const client = async () => {
    const socket = io(`http://127.0.0.1:${port}`, clientOptions);
    await connected(socket);
    return socket;
  };
  return {
    name: 'bare socket.io',
    async pair() {
      const [a, b] = await Promise.all([client(), client()]);
      return { a, b, aId: a.id!, bId: b.id! };
    },
    settled: async () => undefined,
    close: () => new Promise<void>((resolve) => ioServer.close(() => resolve())),
  };
}
