import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { TokenService } from '../src/auth/token.service.js';
import { issueJoinToken } from '../src/signalling/join-token.js';
import type { JoinedEvent, PeerRole, SignalAck } from '../src/signalling/protocol.js';
import { startTestApp, type TestApp } from './support/app.js';
import { run, stopAll, waitFor, type Running } from './support/process.js';
import { freePort } from './support/scratch.js';
import { recordingClient, type Client } from './support/signalling.js';

/**
 * WORKERS=2: the built service (`node dist/src/main.js`) as a node:cluster primary and two workers
 * on one port, one PostgreSQL database and Redis. The in-process instance only prepares the
 * database (migrations, keys) and issues join tokens, as another instance of the deployment would.
 */
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

/** Each request on a connection of its own: node:cluster hands each new connection to the next worker. */
const health = (url: string) =>
  new Promise<number>((resolve, reject) => {
    get(`${url}/health`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });

describe('WORKERS=2', () => {
  let a: TestApp;
  let service: Running;
  let url: string;
  const open: Client[] = [];

  beforeAll(async () => {
    const settings = {
      SOCKET_ADAPTER: 'redis',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
      PUBLIC_BASE_URL: 'http://notary.test',
    };
    a = await startTestApp(settings);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    service = run('dist/src/main.js', {
      ...settings,
      WORKERS: '2',
      PORT: String(port),
      DATABASE_URL: a.config.databaseUrl!,
      DATA_DIR: a.config.dataDir,
      ADMIN_PASSWORD: 'admin-password-for-tests',
      LOG_LEVEL: 'info',
    });
    await Promise.race([
      waitFor(async () => (service.output().includes('all 2 workers listening') ? true : undefined), 180_000),
      service.exited.then((code) => {
        throw new Error(`the service exited (${code}):\n${service.output()}`);
      }),
    ]);
  }, 240_000);
  afterAll(async () => {
    for (const s of open.splice(0)) s.disconnect();
    await stopAll();
    await a?.close();
  });

  /** The pids that logged a completed request for path (pino puts the process id on every line). */
  const servedBy = (p: string) =>
    new Set(
      service
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { pid: number; req?: { path: string } })
        .filter((l) => l.req?.path === p)
        .map((l) => l.pid),
    );
  const workerPids = () => [...service.output().matchAll(/worker \d+ pid (\d+)\)/g)].map((m) => Number(m[1]));

  it('answers /health from both workers', async () => {
    expect(workerPids()).toHaveLength(2);
    // Connections go round-robin; a bound, not a timing, in case one worker gets two in a row.
    for (let i = 0; i < 20 && servedBy('/health').size < 2; i++) expect(await health(url)).toBe(200);
    expect([...servedBy('/health')].sort()).toEqual(workerPids().sort());
    expect(workerPids()).not.toContain(service.child.pid);
  });

  async function join(sessionId: string, role: PeerRole) {
    const token = await issueJoinToken(a.app.get(TokenService), { sessionId, userId: randomUUID(), role });
    const c = recordingClient(url, { token }, open, { reconnection: false });
    const joined = await new Promise<JoinedEvent>((resolve, reject) => {
      c.socket.once('joined', resolve);
      c.socket.once('connect_error', (err) => reject(new Error(`join refused: ${err.message}`)));
    });
    let gone = false;
    c.socket.on('disconnect', () => (gone = true));
    return { ...c, joined, gone: () => gone };
  }
  type Peer = Awaited<ReturnType<typeof join>>;
  const send = (from: Client, body: unknown): Promise<SignalAck> =>
    (from as unknown as Socket).timeout(30_000).emitWithAck('signal', body) as Promise<SignalAck>;

  it('relays between peers on different workers, replaces a worker that dies, and refuses long-polling', async () => {
    // Four sessions, each with its two peers connected one after the other: round robin puts
    // them on different workers; which pair is split shows when one worker is killed below.
    const pairs: { notary: Peer; assistant: Peer }[] = [];
    for (let i = 0; i < 4; i++) {
      const sessionId = randomUUID();
      const notary = await join(sessionId, 'notary');
      const assistant = await join(sessionId, 'assistant');
      expect(assistant.joined.peers).toEqual([notary.joined.self]);
      const offer = { to: assistant.joined.self.peerId, description: { type: 'offer', sdp: `v=0\r\n` } };
      expect(await send(notary.socket, offer)).toEqual({ ok: true });
      await waitFor(async () => (assistant.of('signal').length === 1 ? true : undefined), 30_000);
      expect(assistant.of('signal')).toEqual([{ from: notary.joined.self.peerId, description: offer.description }]);
      pairs.push({ notary, assistant });
    }

    const [victim] = workerPids();
    process.kill(victim, 'SIGKILL');
    await waitFor(async () => (workerPids().length === 3 ? true : undefined), 180_000);
    expect(service.output()).toMatch(new RegExp(`worker \\d+ pid ${victim} died \\(signal SIGKILL\\); starting another`));
    // The sockets on the killed worker went, the others stayed: at least one pair was split.
    await waitFor(async () => (pairs.some((p) => p.notary.gone() || p.assistant.gone()) ? true : undefined), 30_000);
    expect(pairs.some((p) => p.notary.gone() !== p.assistant.gone())).toBe(true);
    expect(await health(url)).toBe(200);

    // Long-polling would send each request of one socket.io session to whichever worker is next.
    const polling = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(400);
  }, 240_000);

  it('closes every worker and exits 0 on SIGTERM', async () => {
    for (const s of open.splice(0)) s.disconnect();
    const pids = workerPids();
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  }, 120_000);
});

describe('WORKERS=2 on the embedded database', () => {
  it('refuses to start and says why', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'notary-workers-'));
    try {
      const p = run('dist/src/main.js', { WORKERS: '2', DATA_DIR: dir, PORT: String(await freePort()) });
      expect(await p.exited).toBe(78);
      expect(p.output()).toContain('WORKERS');
      expect(p.output()).toContain('needs DATABASE_URL: the embedded database lives in one process');
      expect(p.output()).toContain('needs SOCKET_ADAPTER=redis');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses on PostgreSQL too without a shared socket adapter and rate-limit store, and refuses a bad count', async () => {
    const port = String(await freePort());
    const p = run('dist/src/main.js', {
      WORKERS: '2',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/never_opened',
      RATE_LIMIT_STORE: 'memory',
      PORT: port,
    });
    expect(await p.exited).toBe(78);
    expect(p.output()).toContain('needs SOCKET_ADAPTER=redis (with REDIS_URL) or postgres');
    expect(p.output()).toContain('needs RATE_LIMIT_STORE=shared');
    expect(p.output()).not.toContain('DATABASE_URL');
    for (const bad of ['0', '17', 'two']) {
      const q = run('dist/src/main.js', { WORKERS: bad, PORT: port });
      expect(await q.exited).toBe(78);
      expect(q.output()).toMatch(/^\s+WORKERS: /m);
    }
  });
});
