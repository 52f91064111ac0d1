import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import type { Request } from 'express';
import { io, type Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from './support/app.js';
import { processAlive, startProxy, type Proxy } from './support/nginx.js';
import { stopAll, withCeiling } from './support/process.js';

// deploy/nginx/notary.conf, unchanged, run by Debian's nginx with TLS in front of one running app:
// what docs/deployment.md promises of it.

interface Seen {
  path: string;
  forwardedFor: string | undefined;
  ip: string | undefined;
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('nginx in front of the service (deploy/nginx/notary.conf)', () => {
  let t: TestApp;
  let proxy: Proxy;
  const seen: Seen[] = [];
  const sockets: Socket[] = [];

  /** One HTTPS request through nginx, on a connection of its own, from `localAddress`. */
  function viaProxy(path: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer; localAddress?: string } = {}) {
    return new Promise<Answer>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: proxy.port,
          path,
          method: opts.method ?? 'GET',
          headers: opts.headers,
          ca: proxy.ca,
          agent: false,
          localAddress: opts.localAddress,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    });
  }

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    // What reached the service: the path, the X-Forwarded-For header and the client address the
    // service derived from it (Express's req.ip under TRUST_PROXY).
    const server = t.app.getHttpServer() as Server;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      res.on('finish', () => {
        const forwardedFor = req.headers['x-forwarded-for'];
        seen.push({
          path: req.url ?? '',
          forwardedFor: typeof forwardedFor === 'string' ? forwardedFor : undefined,
          ip: (req as Request).ip,
        });
      });
    });
    proxy = await startProxy([new URL(t.url).host]);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await proxy?.stop();
    await t?.close();
    await stopAll();
  });

  it('answers GET /health from the service, over TLS', async () => {
    const res = await viaProxy('/health');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    // nginx answered (server_tokens off: the bare name), and the service saw the request.
    expect(res.headers.server).toBe('nginx');
    expect(seen.some((s) => s.path === '/health')).toBe(true);
  });

  it('passes socket.io through: a websocket-only connection, and long-polling that upgrades', async () => {
    const token = await t.login();
    const open = (transports: ('websocket' | 'polling')[]) => {
      const socket = io(`${proxy.url}/staff`, { auth: { token }, transports, ca: proxy.ca, forceNew: true, reconnection: false });
      sockets.push(socket);
      return socket;
    };
    const ws = open(['websocket']);
    await withCeiling(
      new Promise<void>((resolve, reject) => {
        ws.on('connect', () => resolve());
        ws.on('connect_error', (err) => reject(err));
      }),
      20_000,
      'websocket connection through nginx',
    );
    expect(ws.io.engine.transport.name).toBe('websocket');

    // What a browser does by default: HTTP long-polling first (both requests of the handshake must
    // reach the same instance), then the upgrade to a websocket.
    const polling = open(['polling', 'websocket']);
    const upgraded = await withCeiling(
      new Promise<string>((resolve, reject) => {
        polling.on('connect', () => {
          const engine = polling.io.engine;
          // The upgrade may be done before the connect event arrives.
          if (engine.transport.name === 'websocket') resolve(engine.transport.name);
          else engine.once('upgrade', (transport: { name: string }) => resolve(transport.name));
        });
        polling.on('connect_error', (err) => reject(err));
      }),
      20_000,
      'polling connection upgraded through nginx',
    );
    expect(upgraded).toBe('websocket');
  });

  it('hands the service the address nginx saw, not one the client made up', async () => {
    const path = `/api/matters/${randomUUID()}`;
    // 127.0.0.5 is loopback too, but not nginx's own address towards the service (127.0.0.1).
    const res = await viaProxy(path, { headers: { 'x-forwarded-for': '203.0.113.7' }, localAddress: '127.0.0.5' });
    expect(JSON.parse(res.body)).toHaveProperty('code'); // the service's own answer (an unknown matter)
    const arrived = seen.find((s) => s.path === path);
    expect(arrived).toEqual({ path, forwardedFor: '127.0.0.5', ip: '127.0.0.5' });
  });

  it('refuses a body over client_max_body_size before the service sees it, and passes a large one under it', async () => {
    // 2 MiB is above nginx's default limit (1 MiB) and below ours: nginx passes the whole body on, and
    // the service answers (here: an anonymous caller may not upload a recording chunk).
    const sessionId = randomUUID();
    const under = await viaProxy(`/api/sessions/${sessionId}/recordings?seq=0`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(2 * 1024 * 1024, 1),
    });
    expect(under.status).toBe(401);
    expect(JSON.parse(under.body)).toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(seen.some((s) => s.path.includes(sessionId))).toBe(true);

    // 12 MiB declared: nginx answers from the header alone, without reading the body.
    const refusedId = randomUUID();
    const head = [
      `POST /api/sessions/${refusedId}/recordings?seq=0 HTTP/1.1`,
      'Host: localhost',
      'Content-Type: application/octet-stream',
      `Content-Length: ${12 * 1024 * 1024}`,
      'Connection: close',
      '',
      '',
    ].join('\r\n');
    const answer = await withCeiling(
      new Promise<string>((resolve, reject) => {
        let got = '';
        const socket = tlsConnect({ host: '127.0.0.1', port: proxy.port, ca: proxy.ca }, () => socket.write(head));
        socket.setEncoding('utf8');
        // nginx then waits (lingering_timeout) for the body it refused; the answer's head is enough.
        socket.on('data', (d: string) => {
          got += d;
          if (got.includes('\r\n\r\n')) {
            socket.destroy();
            resolve(got);
          }
        });
        socket.on('end', () => resolve(got));
        socket.on('error', (err) => (got ? resolve(got) : reject(err)));
      }),
      20_000,
      'answer to an oversized upload',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(seen.some((s) => s.path.includes(refusedId))).toBe(false);
  });

  it('stops with no nginx process left', async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    const pids = proxy.pids();
    expect(pids.length).toBeGreaterThanOrEqual(2); // the master and its worker
    expect(await proxy.errors()).not.toMatch(/\[(emerg|alert|crit)\]/);
    await proxy.stop();
    expect(pids.filter(processAlive)).toEqual([]);
  });
});
