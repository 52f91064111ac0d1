import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../src/common/paths.js';
import { FaceEngine, modelLabel, type FaceEngineOptions } from '../src/identity/face-engine.js';
import { descriptorDistance, failedSteps, medianDescriptor } from '../src/identity/face-metrics.js';
import { benchApp } from './journey.js';
import { percentile } from './support.js';

const SINGLE_RUNS = 10;
const CONCURRENT_ROUNDS = 5;
const AT_ONCE = 4;
const HEALTH_EVERY_MS = 25;

/**
 * BENCH_IDENTITY_BASELINE=1 measures the pool as it was before the two-stage layout: every worker
 * does the whole analysis, at the process's priority, with V8's default young generation, the
 * whole @tensorflow/tfjs bundle and face-api's own forward passes.
 * BENCH_IDENTITY_LEAN=0 measures the two-stage pool with the whole bundle and face-api's own
 * forward passes (see `lean` in face-engine.ts), the layout before the lean passes.
 * BENCH_IDENTITY_NICE_STEP=N runs the (new) workers N nice steps below the process instead of 10:
 * on a machine shared with other busy processes, workers at nice 19 mostly wait for those.
 */
const BASELINE: FaceEngineOptions = { stages: 'whole', niceStep: 0, youngGenerationMb: undefined, lean: false };

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const ms = (x: number) => `${Math.round(x)} ms`;

/**
 * The identity engine inside the running service: one check's image work (ID photo + 4 frames:
 * detection, landmarks, descriptors in the worker pool, then the liveness and distance measures)
 * alone and 4 at once, the models' load time, the memory the pool adds, and GET /health latency
 * while 4 checks run (the event loop must stay free). The HTTP route adds body parsing, database
 * writes and blob writes on top, which the other benchmarks measure.
 */
export default async function bench(): Promise<void> {
  const faces = path.join(PROJECT_ROOT, 'test/fixtures/faces');
  const read = (p: string) => readFile(path.join(faces, p));
  const photo = await read('id-photos/obama-id.jpg');
  const frames = await Promise.all(['neutral', 'turn_left', 'turn_right', 'open_mouth'].map((s) => read(`frames/${s}.jpg`)));

  const loadAtStart = os.loadavg();
  const b = await benchApp();
  try {
    const baseline = process.env.BENCH_IDENTITY_BASELINE === '1';
    const service = b.app.get(FaceEngine);
    // The same pool size as the service's, in the same process as the HTTP server.
    const niceStep = process.env.BENCH_IDENTITY_NICE_STEP;
    const notLean = process.env.BENCH_IDENTITY_LEAN === '0';
    const engine = baseline
      ? new FaceEngine(service.size, BASELINE)
      : niceStep !== undefined || notLean
        ? new FaceEngine(service.size, { ...(niceStep !== undefined ? { niceStep: Number(niceStep) } : {}), lean: !notLean })
        : service;
    const health = async () => {
      const s = performance.now();
      const res = await fetch(`${b.url}/health`);
      await res.arrayBuffer();
      return performance.now() - s;
    };
    const idle: number[] = [];
    for (let i = 0; i < 40; i++) idle.push(await health());
    const rssBefore = process.memoryUsage().rss;
    const loadStart = performance.now();
    await engine.warm();
    const loadMs = performance.now() - loadStart;

    const check = async () => {
      const s = performance.now();
      const [id, ...live] = await Promise.all([engine.analyse(photo, true), ...frames.map((f) => engine.analyse(f))]);
      const failed = failedSteps(
        { landmarks: live[0].faces[0].landmarks, thumb: live[0].thumb },
        (['turn_left', 'turn_right', 'open_mouth'] as const).map((step, i) => ({
          step,
          frame: { landmarks: live[i + 1].faces[0].landmarks, thumb: live[i + 1].thumb },
        })),
      );
      const distance = descriptorDistance(id.faces[0].descriptor, medianDescriptor(live.map((l) => l.faces[0].descriptor)));
      if (failed.length || distance > 0.6) throw new Error(`the bench check should pass: failed ${failed.join()} distance ${distance}`);
      return performance.now() - s;
    };

    await check(); // first run after load: JIT and WASM warm-up, not counted
    const single: number[] = [];
    for (let i = 0; i < SINGLE_RUNS; i++) single.push(await check());

    const concurrent: number[] = [];
    const busyHealth: number[] = [];
    let running = true;
    const poller = (async () => {
      while (running) {
        busyHealth.push(await health());
        await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
      }
    })();
    for (let r = 0; r < CONCURRENT_ROUNDS; r++) concurrent.push(...(await Promise.all(Array.from({ length: AT_ONCE }, check))));
    running = false;
    await poller;
    const rssAfter = process.memoryUsage().rss;

    const sort = (xs: number[]) => [...xs].sort((x, y) => x - y);
    const [s1, s4, hi, hb] = [sort(single), sort(concurrent), sort(idle), sort(busyHealth)];
    console.log(
      `model: ${modelLabel()}; ${engine.started} worker threads (${engine.layout.join(', ')}${baseline ? '; BENCH_IDENTITY_BASELINE: before the two-stage layout' : ''}${niceStep !== undefined && !baseline ? `; nice step ${niceStep}` : ''}${notLean && !baseline ? '; BENCH_IDENTITY_LEAN=0: face-api’s own passes, whole tfjs bundle' : ''}); database ${b.kind}`,
    );
    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
    console.log(`load average at the start ${load(loadAtStart)}, at the end ${load(os.loadavg())} (${os.cpus().length} cores)`);
    console.log(`model load (all workers in parallel, from disk): ${ms(loadMs)}; first worker ${ms(engine.loadMs ?? NaN)}`);
    console.log(`RSS added by the pool (models loaded, after the runs): ${mb(rssAfter - rssBefore)} (process ${mb(rssAfter)})`);
    console.log('| measure | samples | p50 | p99 | target |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(
      `| one check (ID photo + 4 frames), 1 at a time | ${s1.length} | ${ms(percentile(s1, 50))} | ${ms(percentile(s1, 99))} | p50 ≤ 1500 ms |`,
    );
    console.log(`| one check, ${AT_ONCE} at once | ${s4.length} | ${ms(percentile(s4, 50))} | ${ms(percentile(s4, 99))} | — |`);
    console.log(`| GET /health, idle | ${hi.length} | ${ms(percentile(hi, 50))} | ${ms(percentile(hi, 99))} | — |`);
    console.log(
      `| GET /health while ${AT_ONCE} checks run | ${hb.length} | ${ms(percentile(hb, 50))} | ${ms(percentile(hb, 99))} | p99 ≤ 100 ms |`,
    );
    console.log(`RSS target: added ≤ 400 MB`);
    if (engine !== service) await engine.close();
  } finally {
    await b.close();
  }
}
