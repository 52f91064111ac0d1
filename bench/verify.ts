import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { PDF_BOUNDS } from '../src/certificate/pdf/pdf-bounds.js';
import { CertificateRecords } from '../src/certificate/certificate-records.js';
import { VerifyPool } from '../src/certificate/verify-pool.js';
import { inspect, type VerifyTask } from '../src/certificate/verify-worker.js';
import { BOMB_FORMS, objStmPdf, parenthesesPdf } from '../test/support/pdf-bombs.js';
import { benchApp, benchOffice, BENCH_NOW, signedSession } from './journey.js';
import { percentile } from './support.js';

const RUNS = 20;

const ms = (x: number) => `${x.toFixed(0)} ms`;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${ms(percentile(s, 50))}, max ${ms(s[s.length - 1] ?? 0)}`;
};

/** GET /health one after the other until `work` settles: each answer's latency, and any answer that was not 200. */
async function healthWhile(url: string, work: Promise<unknown>): Promise<{ latencies: number[]; failures: number }> {
  let settled = false;
  void work.finally(() => (settled = true)).catch(() => undefined);
  const latencies: number[] = [];
  let failures = 0;
  do {
    const started = performance.now();
    const status = await new Promise<number>((resolve) => {
      http
        .get(`${url}/health`, { agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', () => resolve(0));
    });
    latencies.push(performance.now() - started);
    if (status !== 200) failures++;
    await new Promise((r) => setTimeout(r, 20));
  } while (!settled);
  await work.catch(() => undefined);
  return { latencies, failures };
}

/**
 * `npm run bench -- verify`: /health latency while hostile PDFs are verified (the work is in the
 * verify worker), the same latency when the slowest allowed file is read on the main thread as it
 * was before the worker pool, and a real certificate's verification with and without the hop.
 */
export default async function bench(): Promise<void> {
  const b = await benchApp({ VERIFY_PER_MINUTE: '100000', VERIFY_TIME_LIMIT_MS: '60000' });
  try {
    const office = await benchOffice(b, { notaries: 1, points: 1, tag: '丁', code: '54' });
    const session = await signedSession(b, office, 0, new Date(BENCH_NOW.getTime() + 120 * 60_000));
    const issued = await b.call<{ certificateId: string }>('POST', `/api/sessions/${session}/approve`, office.notaries[0].token, {});
    if (issued.status !== 201) throw new Error(`approve failed: ${issued.status}`);
    const pdf = Buffer.from(
      (await b.call<ArrayBuffer>('GET', `/api/certificates/${issued.body.certificateId}/pdf`, office.notaries[0].token)).body,
    );
    let ip = 0;
    // A connection per request: building the bombs blocks this process, and a kept-alive connection would race its close.
    const post = (body: Buffer) =>
      new Promise<string>((resolve, reject) => {
        const req = http.request(
          `${b.url}/api/verify`,
          {
            method: 'POST',
            agent: false,
            headers: {
              'content-type': 'application/pdf',
              'content-length': body.length,
              'x-forwarded-for': `10.9.${(++ip >> 8) & 255}.${ip & 255}`,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => {
              const r = JSON.parse(text) as { code?: string };
              resolve(`${res.statusCode} ${r.code ?? (res.statusCode === 200 ? 'ok' : '')}`);
            });
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    console.log(`database: ${b.kind}; a real signed certificate is ${(pdf.length / 1024).toFixed(1)} KB (upload limit 2 MB)`);
    const idle = await healthWhile(b.url, new Promise((r) => setTimeout(r, 1000)));
    console.log(`/health idle: ${summary(idle.latencies)} over ${idle.latencies.length} requests`);

    const files: [string, Buffer][] = [
      ...BOMB_FORMS.map((f) => [`ObjStm bomb, ${f} (64 MB inflated)`, objStmPdf(f, 64 << 20)] as [string, Buffer]),
      ['ObjStm bomb as in the review (256 MB inflated)', objStmPdf('cr', 256 << 20)],
      ['nested parentheses (2 MB)', parenthesesPdf(2 * 1024 * 1024 - 64)],
      ['allowed, slow: ObjStm just under the inflation bound', objStmPdf('cr', PDF_BOUNDS.maxInflatedBytes - (1 << 20))],
    ];
    for (const [name, file] of files) {
      const started = performance.now();
      let answer = '';
      const h = await healthWhile(
        b.url,
        post(file).then(
          (a) => (answer = `${a} in ${ms(performance.now() - started)}`),
          (err: unknown) => (answer = `request failed (${String(err)})`),
        ),
      );
      console.log(
        `${name} (${(file.length / 1024).toFixed(0)} KB): ${answer}; /health ${summary(h.latencies)}, ${h.latencies.length} answers, ${h.failures} not 200`,
      );
    }
    // Before the worker pool: the same slow file read on the thread that answers /health.
    const slow = files[files.length - 1][1];
    const log = console.log;
    console.log = console.warn = () => undefined; // pdf-lib reports each damaged object
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await inspect({ pdf: slow, want: 'receipt' });
    delay.disable();
    console.log = console.warn = log;
    console.log(
      `the same slow file read on the main thread (as before the pool): the event loop, and so /health, blocked for ${ms(delay.max / 1e6)}`,
    );

    const trustedCas = (await b.app.get(CertificateRecords).identities.trustedCas())?.map((ca) => new Uint8Array(ca.raw));
    const task: VerifyTask = { pdf, want: 'signature', trustedCas };
    const pool = b.app.get(VerifyPool);
    const inThread: number[] = [];
    const hop: number[] = [];
    const overHttp: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await inspect(task);
      inThread.push(performance.now() - t);
      t = performance.now();
      await pool.inspect(task);
      hop.push(performance.now() - t);
      t = performance.now();
      await post(pdf);
      overHttp.push(performance.now() - t);
    }
    console.log(
      `real certificate, parse and signature check (${RUNS} runs): on the main thread ${summary(inThread)}; through the worker ${summary(hop)}`,
    );
    console.log(`real certificate, POST /api/verify end to end: ${summary(overHttp)}`);
  } finally {
    await b.close();
  }
}
