import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { TokenService } from '../src/auth/token.service.js';
import { issueJoinToken } from '../src/signalling/join-token.js';
import type { JoinedEvent, PeerRole, SignalAck } from '../src/signalling/protocol.js';
import { SignallingService } from '../src/signalling/signalling.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { officeWithTerminal, signedSession, type OfficeWithTerminal } from './support/journey.js';
import { startProxy, type Proxy, type ProxyAnswer } from './support/nginx.js';
import { RECORDING_DURATION_MS, recordingChunks } from './support/recording.js';
import { startS3, type TestS3 } from './support/s3.js';
import { recordingClient, type Client } from './support/signalling.js';

/**
 * Two instances behind Debian's nginx running deploy/nginx/notary.conf (TLS; HTTP round robin,
 * socket.io by client address), sharing PostgreSQL, Redis (socket.io adapter, rate limits) and an
 * s3rver bucket: a deployment with nothing on any instance's disk. Always on the real PostgreSQL
 * server: embedded PGlite is one process.
 */
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';

const NOW = new Date();
/** Bookings start on the hour (slots are whole steps), a few hours ahead. */
const HOUR = Math.ceil(NOW.getTime() / 3600_000) * 3600_000;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const FIELDS = {
  documentTitle: '放弃继承权声明书',
  declarationSummary: '自愿放弃对父亲王某某遗产的继承权',
  signingMethod: '以电子签名方式签名',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two instances behind nginx, recordings in object storage', () => {
  let s3: TestS3;
  let a: TestApp;
  let b: TestApp;
  let proxy: Proxy;
  let office: OfficeWithTerminal;
  let bStopped = false;
  const open: Client[] = [];

  beforeAll(async () => {
    s3 = await startS3();
    const settings = {
      ...s3.env('cluster'),
      SOCKET_ADAPTER: 'redis',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      // Instances of one deployment share the data-encryption key and the public URL (the tokens' issuer).
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
      PUBLIC_BASE_URL: 'http://notary.test',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
    };
    a = await startTestApp(settings);
    // The second instance uses the first one's database and data directory (its signing CA).
    b = await startTestApp({ ...settings, DATABASE_URL: a.config.databaseUrl!, DATA_DIR: a.config.dataDir });
    watch(a);
    watch(b);
    proxy = await startProxy([new URL(a.url).host, new URL(b.url).host]);
    office = await officeWithTerminal(a);
  }, 240_000);
  afterEach(() => {
    for (const s of open.splice(0)) s.disconnect();
  });
  afterAll(async () => {
    for (const s of open.splice(0)) s.disconnect();
    await proxy?.stop();
    // b first: a's close drops the shared database.
    if (!bStopped) await b?.close();
    await a?.close();
    await s3?.stop();
  });

  /** Request paths each instance's HTTP server received (the in-process loggers share one stream, so not from logs). */
  const seen = new Map<TestApp, string[]>();
  const watch = (t: TestApp) => {
    const paths: string[] = [];
    seen.set(t, paths);
    (t.app.getHttpServer() as Server).on('request', (req: IncomingMessage) => paths.push((req.url ?? '').split('?')[0]));
  };
  const served = (t: TestApp, path: string) => seen.get(t)!.filter((p) => p === path).length;
  const viaProxy = (path: string, opts: Parameters<Proxy['request']>[1] = {}) => proxy.request(path, opts);
  async function upload(sessionId: string, seq: number, chunk: Buffer, token: string): Promise<ProxyAnswer> {
    return viaProxy(`/api/sessions/${sessionId}/recordings?seq=${seq}`, {
      method: 'POST',
      headers: { ...bearer(token), 'Content-Type': 'application/octet-stream' },
      body: chunk,
    });
  }

  it('alternates one recording’s chunks between the instances, finishes, approves and plays back through the proxy with ranges', async () => {
    const { sessionId } = await signedSession(a, office, { start: new Date(HOUR + 3 * 3600_000), now: NOW, recording: false });
    const chunks = recordingChunks(6);
    const webm = Buffer.concat(chunks);
    const path = `/api/sessions/${sessionId}/recordings`;
    const before = [served(a, path), served(b, path)];
    for (const [seq, chunk] of chunks.entries())
      expect((await upload(sessionId, seq, chunk, office.world.assistant.token)).status).toBe(201);
    const [onA, onB] = [served(a, path) - before[0], served(b, path) - before[1]];
    expect(onA + onB).toBe(6);
    expect(Math.min(onA, onB)).toBeGreaterThan(0);
    expect(await s3.keys()).toEqual(expect.arrayContaining(chunks.map((_, seq) => `cluster/${sessionId}/00000${seq}.bin`)));

    const finish = await viaProxy(`${path}/finish`, {
      method: 'POST',
      headers: { ...bearer(office.world.assistant.token), 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ chunkCount: 6, durationMs: RECORDING_DURATION_MS })),
    });
    expect(finish.status).toBe(201);
    const approved = await viaProxy(`/api/sessions/${sessionId}/approve`, {
      method: 'POST',
      headers: { ...bearer(office.world.notaries[0].token), 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ fields: FIELDS })),
    });
    expect(approved.status).toBe(201);

    const link = (await viaProxy(`/api/sessions/${sessionId}/recording/url`, { headers: bearer(office.world.notaries[0].token) })).json<{
      url: string;
    }>();
    const playback = `/api/sessions/${sessionId}/recording`;
    const playedBefore = [served(a, playback), served(b, playback)];
    // Several reads, so that both instances serve some: each joins the chunks from the bucket.
    for (let i = 0; i < 4; i++) {
      const whole = await viaProxy(link.url);
      expect(whole.status).toBe(200);
      expect(whole.body.equals(webm)).toBe(true);
      const start = chunks[0].length - 7 + i;
      const ranged = await viaProxy(link.url, { headers: { Range: `bytes=${start}-${start + 99}` } });
      expect(ranged.status).toBe(206);
      expect(ranged.headers['content-range']).toBe(`bytes ${start}-${start + 99}/${webm.length}`);
      expect(ranged.body.equals(webm.subarray(start, start + 100))).toBe(true);
    }
    expect(served(a, playback) - playedBefore[0]).toBeGreaterThan(0);
    expect(served(b, playback) - playedBefore[1]).toBeGreaterThan(0);
    // The signed token travels in the query; nginx's log (notary.conf's format) keeps paths only.
    const token = new URL(link.url, proxy.url).searchParams.get('token')!;
    expect(await proxy.accessLog()).toContain(`GET ${playback} `);
    expect(await proxy.accessLog()).not.toContain(token);
  });

  it('relays socket.io signalling between peers on different instances, through the proxy over websockets', async () => {
    const sessionId = randomUUID();
    const tokens = a.app.get(TokenService);
    const peers = () => [a, b].map((t) => t.app.get(SignallingService).stats.peers());
    let nextAddress = 2;
    async function join(role: PeerRole, avoid?: number) {
      // notary.conf sends a socket.io client to the instance its address hashes to: peers behind
      // other addresses (127.0.0.2, .3, …) until one lands on the instance the other peer is not on.
      for (let attempt = 0; attempt < 16; attempt++) {
        const before = peers();
        const c = recordingClient(proxy.url, { token: await issueJoinToken(tokens, { sessionId, userId: randomUUID(), role }) }, open, {
          reconnection: false,
          ca: proxy.ca,
          localAddress: `127.0.0.${nextAddress++}`,
        });
        const joined = await new Promise<JoinedEvent>((resolve, reject) => {
          c.socket.once('joined', resolve);
          c.socket.once('connect_error', (err) => reject(new Error(`join refused: ${err.message}`)));
        });
        const on = peers().findIndex((n, i) => n > before[i]);
        expect(c.socket.io.engine.transport.name).toBe('websocket');
        if (on !== avoid) return { ...c, joined, on };
        c.socket.disconnect();
        await sleep(100);
      }
      throw new Error('every address landed on the same instance');
    }
    const notary = await join('notary');
    const assistant = await join('assistant', notary.on);
    expect(new Set([notary.on, assistant.on]).size).toBe(2);
    expect(assistant.joined.peers.map((p) => p.peerId)).toEqual([notary.joined.self.peerId]);
    const ack = (await (notary.socket as unknown as Socket)
      .timeout(30_000)
      .emitWithAck('signal', { to: assistant.joined.self.peerId, description: { type: 'offer', sdp: 'v=0\r\n' } })) as SignalAck;
    expect(ack).toEqual({ ok: true });
    for (let i = 0; i < 300 && !assistant.of('signal').length; i++) await sleep(50);
    expect(assistant.of('signal')).toEqual([{ from: notary.joined.self.peerId, description: { type: 'offer', sdp: 'v=0\r\n' } }]);
  });

  it('loses no acknowledged chunk when an instance stops mid-upload; the upload resumes on the other', async () => {
    const { sessionId } = await signedSession(a, office, { start: new Date(HOUR + 5 * 3600_000), now: NOW, recording: false });
    const chunks = recordingChunks(6);
    const acknowledged: number[] = [];
    let seq = 0;
    let stopping: Promise<void> | undefined;
    for (let attempt = 0; seq < chunks.length && attempt < 60; attempt++) {
      if (seq === 3 && !stopping) {
        // Instance b goes away while chunk 3 is on its way.
        stopping = b.close().then(() => void (bStopped = true));
      }
      const res = await upload(sessionId, seq, chunks[seq], office.world.assistant.token).catch(() => undefined);
      if (res?.status === 201) {
        acknowledged.push(seq);
        seq++;
      } else if (res?.status === 409) {
        // The chunk landed but its answer was lost: the service's word on where to resume.
        const m = (await viaProxy(`/api/sessions/${sessionId}/recordings`, { headers: bearer(office.world.assistant.token) })).json<{
          nextSeq: number;
        }>();
        seq = m.nextSeq;
      } else await sleep(200); // 502 from the proxy, or a refused connection: send it again, as the console does
    }
    await stopping;
    expect(bStopped).toBe(true);
    expect(seq).toBe(chunks.length);
    const manifest = (await viaProxy(`/api/sessions/${sessionId}/recordings`, { headers: bearer(office.world.assistant.token) })).json<{
      chunks: { seq: number; size: number }[];
    }>();
    expect(manifest.chunks.map((c) => c.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const s of acknowledged) expect(manifest.chunks[s].size).toBe(chunks[s].length);
    const finish = await viaProxy(`/api/sessions/${sessionId}/recordings/finish`, {
      method: 'POST',
      headers: { ...bearer(office.world.assistant.token), 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ chunkCount: 6, durationMs: RECORDING_DURATION_MS })),
    });
    expect(finish.status).toBe(201);
    const played = await viaProxy(`/api/sessions/${sessionId}/recording`, { headers: bearer(office.world.notaries[0].token) });
    expect(played.status).toBe(200);
    expect(played.body.equals(Buffer.concat(chunks))).toBe(true);
  });
});
