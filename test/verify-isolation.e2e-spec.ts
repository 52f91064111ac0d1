import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { VerifyPool } from '../src/certificate/verify-pool.js';
import { PDF_BOUNDS } from '../src/certificate/pdf/pdf-bounds.js';
import { startTestApp, type TestApp } from './support/app.js';
import { objStmPdf, parenthesesPdf, BOMB_FORMS } from './support/pdf-bombs.js';

/**
 * Uploaded PDFs are parsed in a worker pool, so that no file holds the thread that answers
 * everyone else; bodies are read per route, after routing and guards. One app for the file:
 * one worker and a queue of one, so that the queue cap is reachable with a few requests.
 */
describe('PDF verification off the request thread, and bodies read per route', () => {
  let t: TestApp;
  let closed = false;
  let ip = 0;

  beforeAll(async () => {
    t = await startTestApp({
      VERIFY_WORKERS: '1',
      VERIFY_QUEUE: '1',
      VERIFY_PER_MINUTE: '1000',
      // Generous: these tests are about the thread staying free, not the worker's speed.
      VERIFY_TIME_LIMIT_MS: '60000',
      SHUTDOWN_GRACE_MS: '500',
    });
  });
  afterAll(async () => {
    if (!closed) await t.close();
  });

  /**
   * POST /api/verify on a connection of its own: building a bomb blocks this process (the server's
   * too) for seconds, and a kept-alive connection would then race the server closing it.
   */
  const verify = (pdf: Buffer) =>
    new Promise<{ status: number; retryAfter?: string; body: Record<string, unknown> }>((resolve, reject) => {
      const { port } = new URL(t.url);
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/verify',
          agent: false,
          headers: { 'Content-Type': 'application/pdf', 'Content-Length': String(pdf.length), 'X-Forwarded-For': `10.77.0.${++ip}` },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: res.headers['retry-after'],
              body: JSON.parse(text) as Record<string, unknown>,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(pdf);
    });

  interface HealthAnswer {
    status: number;
    ms: number;
    /** The verify request had not been answered yet when this /health answer arrived. */
    whilePending: boolean;
  }

  /** Polls GET /health, one request after the other, until `work` settles; every answer is kept. */
  async function polled<T>(work: Promise<T>): Promise<{ result: T; health: HealthAnswer[] }> {
    let settled = false;
    const done = work.finally(() => (settled = true));
    const health: HealthAnswer[] = [];
    const poll = async () => {
      while (!settled) {
        const started = performance.now();
        const status = await new Promise<number>((resolve) => {
          const req = http.get(`${t.url}/health`, { agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', () => resolve(0));
        });
        health.push({ status, ms: Math.round(performance.now() - started), whilePending: !settled });
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const [result] = await Promise.all([done, poll()]);
    return { result, health };
  }

  it.each(BOMB_FORMS)('refuses an object-stream bomb written with %s (400 PDF_TOO_COMPLEX) while /health keeps answering', async (form) => {
    const pdf = objStmPdf(form, 64 * 1024 * 1024);
    const { result, health } = await polled(verify(pdf));
    expect({ status: result.status, code: result.body.code }).toEqual({ status: 400, code: 'PDF_TOO_COMPLEX' });
    expect(health.length).toBeGreaterThan(0);
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
  });

  it("refuses the review's /ObjStm repro (256 MB of zeros behind `stream\\r`) and the worker survives it", async () => {
    const pdf = objStmPdf('cr', 256 * 1024 * 1024);
    expect(pdf.length).toBeLessThan(2 * 1024 * 1024);
    const { result, health } = await polled(verify(pdf));
    expect({ status: result.status, code: result.body.code }).toEqual({ status: 400, code: 'PDF_TOO_COMPLEX' });
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
    expect(t.app.get(VerifyPool).threads).toBe(1);
  });

  it('refuses a file of nested parentheses as large as the upload limit allows (400 PDF_TOO_COMPLEX)', async () => {
    const pdf = parenthesesPdf(2 * 1024 * 1024 - 64);
    const { result, health } = await polled(verify(pdf));
    expect({ status: result.status, code: result.body.code }).toEqual({ status: 400, code: 'PDF_TOO_COMPLEX' });
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
  });

  it('answers /health while a file that pdf-lib takes long over is still being read (the work is in the worker)', async () => {
    // Just under the inflation bound: allowed, and pdf-lib's JavaScript inflater spends a while on it.
    const pdf = objStmPdf('cr', PDF_BOUNDS.maxInflatedBytes - 1024 * 1024);
    const { result, health } = await polled(verify(pdf));
    expect({ status: result.status, body: result.body }).toEqual({ status: 200, body: { valid: false, reason: 'UNKNOWN' } });
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
    expect(health.filter((h) => h.whilePending).length).toBeGreaterThan(0);
  });

  it('answers 503 VERIFY_BUSY with Retry-After when the worker and its queue are taken', async () => {
    const pdf = objStmPdf('cr', PDF_BOUNDS.maxInflatedBytes - 1024 * 1024);
    const answers = await Promise.all(Array.from({ length: 5 }, () => verify(pdf)));
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy) {
      expect(a.body.code).toBe('VERIFY_BUSY');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
    // One running and one waiting get through; nothing else than these two answers.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  });

  /**
   * Sends the request line, headers and the first `sent` bytes of a `declared`-byte body, then
   * waits: resolves with the status when the server answers before the rest is written.
   */
  function answeredBeforeBody(method: string, path: string, headers: Record<string, string>, declared: number, sent: number) {
    const { port } = new URL(t.url);
    return new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers: { ...headers, 'Content-Length': String(declared) } });
      // A ceiling so that a server that waits for the whole body fails the test instead of hanging it.
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`${method} ${path}: no answer while the body was unsent`));
      }, 20_000);
      req.on('response', (res) => {
        clearTimeout(timer);
        res.resume();
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.write(Buffer.alloc(sent, 0x20));
    });
  }

  it('answers an unknown path (404) and an unauthenticated JSON route (401) before a 10 MB body is sent', async () => {
    const tenMb = 10 * 1024 * 1024;
    expect(await answeredBeforeBody('POST', '/no-such-path', { 'Content-Type': 'application/octet-stream' }, tenMb, 64 * 1024)).toBe(404);
    expect(await answeredBeforeBody('POST', '/api/no-such-path', { 'Content-Type': 'application/json' }, tenMb, 64 * 1024)).toBe(404);
    expect(await answeredBeforeBody('POST', '/api/regions', { 'Content-Type': 'application/json' }, tenMb, 64 * 1024)).toBe(401);
  });

  it('sets the request and header timeouts on the server', () => {
    const server = t.app.getHttpServer() as http.Server;
    expect({ request: server.requestTimeout, headers: server.headersTimeout }).toEqual({
      request: t.config.httpRequestTimeoutMs,
      headers: t.config.httpHeadersTimeoutMs,
    });
  });

  it('on shutdown, closes a stalled upload after the grace and ends the verify worker', async () => {
    const { port } = new URL(t.url);
    const pool = t.app.get(VerifyPool);
    // The throttle lets it in and the reader waits for bytes that never come.
    const stalled = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/verify',
      headers: { 'Content-Type': 'application/pdf', 'Content-Length': '1000000', 'X-Forwarded-For': '10.78.0.1' },
    });
    const socketClosed = new Promise<void>((resolve) => {
      stalled.on('error', () => resolve());
      stalled.on('close', () => resolve());
    });
    stalled.write('%PDF-1.7\n');
    await new Promise((r) => setTimeout(r, 200));
    closed = true;
    await t.close();
    await socketClosed;
    expect(pool.threads).toBe(0);
  });
});
