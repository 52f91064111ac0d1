/**
 * `npm run bench -- playback`: does the notary's player start within a second on a one-hour
 * recording? A real one-hour WebM (VP8 640×360 at 300 kbit/s, Opus 32 kbit/s, as the point's
 * recorder sets MediaRecorder: ~135 MiB) is cut into 1,200 chunks (one per 3 s, the recorder's
 * timeslice), uploaded and finished through the API, then read back through the signed playback
 * URL: time to the first byte, to the first 1 MiB range and to 1 MiB in the middle (a seek) —
 * beside the same bytes read straight from the chunk files or S3 objects in the same run — and, in
 * Chromium, a `<video preload=metadata>` on that URL: metadata loaded, playing after play(), a seek
 * to 30 minutes. For the local directory store and for s3rver (a fake S3 on loopback).
 *
 * BENCH_PLAYBACK_LAYOUT: `recorder` (default) writes the WebM as MediaRecorder does, a live stream
 * with no duration and no Cues (seek index); `indexed` puts ffmpeg's Cues at the front, which
 * lets a player jump to a seek target instead of reading up to it.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chromium, type Browser } from 'playwright-core';
import { chunkKey } from '../src/session/recording-storage.js';
import { BLOB_STORE, type BlobStore } from '../src/storage/blob-store.js';
import { S3RVER_CREDENTIALS, startS3, type TestS3 } from '../test/support/s3.js';
import { benchApp, benchOffice, BENCH_NOW, signedSession, type BenchApp } from './journey.js';
import { percentile, rate } from './support.js';

const exec = promisify(execFile);
const HOUR_MS = 3_600_000;
/** The recorder's timeslice (client-demo/src/recording/recorder.ts): one chunk per 3 s. */
const CHUNKS = HOUR_MS / 3000;
const MIB = 1024 * 1024;
const RUNS = 20;
const CHROMIUM = '/usr/bin/chromium';

type Timing = number[];
const ms = (xs: Timing) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return `median ${percentile(sorted, 50).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
};

export default async function bench(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-playback-'));
  let browser: Browser | undefined;
  try {
    let started = performance.now();
    const layout = process.env.BENCH_PLAYBACK_LAYOUT === 'indexed' ? 'indexed' : 'recorder';
    const webm = await oneHourWebm(dir, layout);
    const size = Math.ceil(webm.length / CHUNKS);
    const chunks = Array.from({ length: CHUNKS }, (_, i) => webm.subarray(i * size, (i + 1) * size));
    console.log(
      `recording: a real one-hour WebM (${layout === 'recorder' ? 'as MediaRecorder writes it: no duration, no Cues' : 'Cues at the front'}) made by ffmpeg in ${((performance.now() - started) / 1000).toFixed(1)} s, ${(webm.length / MIB).toFixed(1)} MiB in ${CHUNKS} chunks of ${(size / 1024).toFixed(0)} KiB`,
    );
    started = performance.now();
    browser = await chromium
      .launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--autoplay-policy=no-user-gesture-required',
        ],
      })
      .catch((err: Error) => {
        console.log(`Chromium: not measured (${err.message.split('\n')[0]})`);
        return undefined;
      });
    for (const store of ['local', 's3rver'] as const) {
      console.log(`\n-- store: ${store === 'local' ? 'local directory (RECORDINGS_DIR)' : 's3rver on loopback (RECORDINGS_STORE=s3://…)'}`);
      const s3 = store === 's3rver' ? await startS3() : undefined;
      const b = await benchApp(s3 ? s3.env('bench') : {});
      try {
        await measure(b, chunks, webm, s3, browser);
      } finally {
        await b.close();
        await s3?.stop();
      }
    }
  } finally {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A one-hour WebM at the recorder's bit rates: 10 s encoded from ffmpeg's test sources, then
 * looped to an hour without re-encoding (seconds, not an hour of encoding).
 */
async function oneHourWebm(dir: string, layout: 'recorder' | 'indexed'): Promise<Buffer> {
  const segment = path.join(dir, 'segment.webm');
  const hour = path.join(dir, 'hour.webm');
  await exec('ffmpeg', [
    ...[
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x360:rate=15',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
    ],
    ...['-t', '10', '-c:v', 'libvpx', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '150'],
    ...['-c:a', 'libopus', '-b:a', '32k', segment],
  ]);
  await exec('ffmpeg', [
    ...['-v', 'error', '-y', '-stream_loop', '359', '-i', segment, '-c', 'copy', '-t', '3600'],
    ...(layout === 'recorder' ? ['-live', '1', '-f', 'webm'] : ['-cues_to_front', '1']),
    hour,
  ]);
  return readFile(hour);
}

async function measure(b: BenchApp, chunks: Buffer[], webm: Buffer, s3: TestS3 | undefined, browser: Browser | undefined): Promise<void> {
  const office = await benchOffice(b, { notaries: 1, points: 1, tag: s3 ? '戊' : '己', code: s3 ? '61' : '62' });
  const sessionId = await signedSession(b, office, 0, new Date(BENCH_NOW.getTime() + 120 * 60_000), { recording: false });
  const assistant = { Authorization: `Bearer ${office.points[0].assistantToken}` };

  let started = performance.now();
  for (const [seq, chunk] of chunks.entries()) {
    const res = await fetch(`${b.url}/api/sessions/${sessionId}/recordings?seq=${seq}`, {
      method: 'POST',
      headers: { ...assistant, 'Content-Type': 'application/octet-stream' },
      body: new Uint8Array(chunk),
    });
    if (res.status !== 201) throw new Error(`chunk ${seq}: ${res.status} ${await res.text()}`);
  }
  const uploadMs = performance.now() - started;
  const finish = await b.call('POST', `/api/sessions/${sessionId}/recordings/finish`, office.points[0].assistantToken, {
    chunkCount: chunks.length,
    durationMs: HOUR_MS,
  });
  if (finish.status !== 201) throw new Error(`finish: ${finish.status} ${JSON.stringify(finish.body)}`);
  console.log(
    `upload: ${chunks.length} chunks in ${(uploadMs / 1000).toFixed(1)} s (${rate(chunks.length, uploadMs)}, ${((webm.length / MIB / uploadMs) * 1000).toFixed(1)} MiB/s), one client in order`,
  );

  const notary = office.notaries[0].token;
  const link = await b.call<{ url: string }>('GET', `/api/sessions/${sessionId}/recording/url`, notary);
  if (link.status !== 200) throw new Error(`recording/url: ${link.status}`);
  const url = b.url + link.body.url;

  // Through the signed URL, as the player asks: `bytes=0-` first (headers and the first bytes
  // decide when it can start), then ranges.
  const firstByte: Timing = [];
  const head: Timing = [];
  const middle: Timing = [];
  const mid = Math.floor(webm.length / 2);
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    const res = await fetch(url, { headers: { Range: 'bytes=0-' } });
    const reader = res.body!.getReader();
    const first = await reader.read();
    firstByte.push(performance.now() - started);
    await reader.cancel();
    if (res.status !== 206 || !first.value?.length) throw new Error(`bytes=0-: ${res.status}`);

    started = performance.now();
    const range = await fetch(url, { headers: { Range: `bytes=0-${MIB - 1}` } });
    const bytes = Buffer.from(await range.arrayBuffer());
    head.push(performance.now() - started);
    if (!bytes.equals(webm.subarray(0, MIB))) throw new Error('the first MiB differs from the recording');

    started = performance.now();
    const seek = await fetch(url, { headers: { Range: `bytes=${mid}-${mid + MIB - 1}` } });
    const seekBytes = Buffer.from(await seek.arrayBuffer());
    middle.push(performance.now() - started);
    if (!seekBytes.equals(webm.subarray(mid, mid + MIB))) throw new Error('the middle MiB differs from the recording');
  }

  // The same bytes straight from where the store keeps them, chunk after chunk as the service reads them.
  const sizes = chunks.map((c) => c.length);
  const spans = (start: number, end: number) => {
    const out: { seq: number; from: number; to: number }[] = [];
    let offset = 0;
    for (let seq = 0; seq < sizes.length && offset <= end; offset += sizes[seq], seq++) {
      const from = Math.max(start, offset);
      const to = Math.min(end, offset + sizes[seq] - 1);
      if (from <= to) out.push({ seq, from: from - offset, to: to - offset });
    }
    return out;
  };
  const direct = directReader(b, s3, sessionId);
  const baseFirst: Timing = [];
  const baseHead: Timing = [];
  const baseMiddle: Timing = [];
  for (let i = 0; i < RUNS; i++) {
    started = performance.now();
    await direct.firstBytes(0);
    baseFirst.push(performance.now() - started);
    for (const [start, into] of [
      [0, baseHead],
      [mid, baseMiddle],
    ] as const) {
      started = performance.now();
      const parts: Buffer[] = [];
      for (const s of spans(start, start + MIB - 1)) parts.push(await direct.range(s.seq, s.from, s.to));
      into.push(performance.now() - started);
      if (!Buffer.concat(parts).equals(webm.subarray(start, start + MIB))) throw new Error('the direct read differs');
    }
  }
  direct.close();
  const where = s3 ? 'GetObject' : 'the chunk files';
  console.log(`first byte, GET signed URL (Range: bytes=0-): ${ms(firstByte)}  |  straight from ${where}: ${ms(baseFirst)}`);
  console.log(`first 1 MiB (Range: bytes=0-1048575): ${ms(head)}  |  straight from ${where}: ${ms(baseHead)}`);
  console.log(`1 MiB at the middle (a seek): ${ms(middle)}  |  straight from ${where}: ${ms(baseMiddle)}`);

  if (browser) await player(b, browser, url, sessionId);
}

/** Reads chunk bytes without the service: fs for the local directory, the S3 API for s3rver. */
function directReader(b: BenchApp, s3: TestS3 | undefined, sessionId: string) {
  if (!s3) {
    const store = b.app.get<BlobStore>(BLOB_STORE);
    const file = (seq: number) => store.locate(chunkKey(sessionId, seq));
    return {
      firstBytes: (seq: number) => firstOf(createReadStream(file(seq))),
      range: async (seq: number, from: number, to: number) => {
        const parts: Buffer[] = [];
        for await (const p of createReadStream(file(seq), { start: from, end: to })) parts.push(p as Buffer);
        return Buffer.concat(parts);
      },
      close: () => undefined,
    };
  }
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
  });
  const get = (seq: number, range?: string) =>
    client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `bench/${chunkKey(sessionId, seq)}`, Range: range }));
  return {
    firstBytes: async (seq: number) => firstOf((await get(seq)).Body as Readable),
    range: async (seq: number, from: number, to: number) => {
      const bytes = Buffer.from(await (await get(seq, `bytes=${from}-${to}`)).Body!.transformToByteArray());
      // s3rver may answer more than the range asked (the service cuts it the same way).
      return bytes.length === to - from + 1 ? bytes : bytes.subarray(from, to + 1);
    },
    close: () => client.destroy(),
  };
}

async function firstOf(stream: Readable): Promise<void> {
  for await (const part of stream) {
    if ((part as Buffer).length) break;
  }
  stream.destroy();
}

/**
 * Chromium on the service's origin (the page's media policy is same-origin): a `<video
 * preload=metadata>` as the notary's card makes it, play() once the metadata is in, then a seek to
 * 30 minutes. Fresh page each run; the service answers `Cache-Control: no-store`.
 */
async function player(b: BenchApp, browser: Browser, url: string, sessionId: string): Promise<void> {
  const ranges: string[] = [];
  const server = b.app.getHttpServer() as Server;
  const watch = (req: IncomingMessage) => {
    if (req.url?.startsWith(`/api/sessions/${sessionId}/recording?`)) ranges.push(req.headers.range ?? 'whole');
  };
  server.on('request', watch);
  const meta: Timing = [];
  const playing: Timing = [];
  const seeked: Timing = [];
  const requests: string[] = [];
  let duration = 0;
  try {
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage();
      try {
        await page.goto(`${b.url}/health`);
        ranges.length = 0;
        const r = await page.evaluate(async (src) => {
          const video = document.createElement('video');
          video.muted = true;
          video.preload = 'metadata';
          const t0 = performance.now();
          const event = (name: string) =>
            new Promise<number>((resolve, reject) => {
              video.addEventListener(name, () => resolve(performance.now()), { once: true });
              video.addEventListener('error', () => reject(new Error(`video error ${video.error?.code}: ${video.error?.message}`)), {
                once: true,
              });
            });
          const loaded = event('loadedmetadata');
          video.src = src;
          document.body.append(video);
          const metaAt = await loaded;
          const started = event('playing');
          const t1 = performance.now();
          await video.play();
          const playingAt = await started;
          const done = event('seeked');
          const t2 = performance.now();
          video.currentTime = 1800;
          const seekedAt = await done;
          video.pause();
          return { meta: metaAt - t0, playing: playingAt - t0, afterPlay: playingAt - t1, seeked: seekedAt - t2, duration: video.duration };
        }, url);
        duration = r.duration;
        meta.push(r.meta);
        playing.push(r.playing);
        seeked.push(r.seeked);
        requests.push(...ranges);
      } finally {
        await page.close();
      }
    }
  } finally {
    server.off('request', watch);
  }
  console.log(
    `Chromium <video preload=metadata> on the signed URL, 5 runs: metadata ${ms(meta)}; playing (src set → 'playing') ${ms(playing)}; seek to 30:00 → 'seeked' ${ms(seeked)}; duration as the player reads it: ${duration} s; requests in all runs: ${[...new Set(requests)].map((r) => `${r} ×${requests.filter((x) => x === r).length}`).join(', ')}`,
  );
}
