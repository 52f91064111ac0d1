import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Point } from './face-metrics.js';

const require = createRequire(import.meta.url);

/** What one image holds, as the worker measured it. */
export interface FaceAnalysis {
  width: number;
  height: number;
  faces: { score: number; box: [number, number, number, number]; landmarks: Point[]; descriptor: number[] }[];
  /** 32×32 grey thumbnail (see samePicture). */
  thumb: number[];
}

export class ImageUnreadableError extends Error {
  readonly code = 'IMAGE_UNREADABLE';
}

/** The recognition model, recorded with every decision. */
export const FACE_MODEL = {
  name: 'dlib-resnet128',
  version: (require('@vladmandic/face-api/package.json') as { version: string }).version,
  tfjs: (require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string }).version,
} as const;

/** Descriptor model, its package and backend: tiny face detector and 68-point landmarks from the same package. */
export const modelLabel = () => `${FACE_MODEL.name} (face-api ${FACE_MODEL.version}, tfjs-wasm ${FACE_MODEL.tfjs})`;

/** Compiled (dist/…/face-worker.js) or, under the test runner, the TypeScript source Node strips itself. */
function workerFile(): string {
  const js = fileURLToPath(new URL('./face-worker.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./face-worker.ts', import.meta.url));
}

type Role = 'all' | 'detect' | 'describe';

/** What a `detect` worker hands on to a `describe` worker (opaque here; see face-worker.ts). */
interface Detected {
  width: number;
  height: number;
  thumb: number[];
  pixels: Uint8Array;
  detections: unknown[];
}

interface Task {
  image: Uint8Array;
  pad: boolean;
  resolve: (r: FaceAnalysis) => void;
  reject: (e: Error) => void;
  /** Set once the faces are found: the task then waits for a `describe` worker. */
  detected?: Detected;
}

interface Slot {
  role: Role;
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  job?: { id: number; task: Task };
}

export interface FaceEngineOptions {
  /**
   * `split` (default): with two workers or more, half of them find faces and the others describe
   * them, so that each WebAssembly heap grows to one stage's peak only; `whole`: every worker does
   * the whole analysis (the earlier layout, which the benchmark compares against).
   */
  stages?: 'split' | 'whole';
  /** How many nice steps below the process the workers run (default 10; 0 keeps the process's priority). */
  niceStep?: number;
  /** Each worker's V8 young generation in MB (default 4; undefined leaves V8's default, 16–48 MB). */
  youngGenerationMb?: number;
  /**
   * `true` (default): @tensorflow/tfjs without the packages face-api does not use, and the
   * detector's and the recognition net's forward passes freeing each layer's input at once (see
   * face-worker.ts); `false`: the whole bundle and face-api's own forward passes (for comparison).
   */
  lean?: boolean;
}

/**
 * A small pool of worker threads running face-api on the WASM backend, so that detection and
 * descriptors (hundreds of milliseconds of CPU per image) never block the event loop. With two
 * workers or more the analysis is a two-stage pipeline: `detect` workers decode an image and find
 * its faces, `describe` workers compute landmarks and descriptors (each stage is about half the
 * work, so a check's five images keep both stages busy). Workers run at a lower CPU priority than
 * the event loop's thread. Workers start on first use and load their models once each; a worker
 * that dies is replaced on the next job.
 */
export class FaceEngine {
  private slots: Slot[] = [];
  /** Images waiting for detection, then faces waiting for description. */
  private queues: Record<'detect' | 'describe', Task[]> = { detect: [], describe: [] };
  private nextId = 1;
  private closed = false;
  private readonly roles: Role[];
  private readonly niceStep: number;
  private readonly youngGenerationMb?: number;
  private readonly lean: boolean;
  /** Milliseconds the first worker took to load its models (for health and the benchmark). */
  loadMs?: number;

  constructor(
    readonly size: number,
    options: FaceEngineOptions = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`face worker pool size must be a positive integer, got ${size}`);
    const detectors = Math.ceil(size / 2);
    this.roles =
      size === 1 || options.stages === 'whole'
        ? Array.from({ length: size }, () => 'all' as const)
        : Array.from({ length: size }, (_, i) => (i < detectors ? 'detect' : 'describe'));
    this.niceStep = options.niceStep ?? 10;
    this.youngGenerationMb = 'youngGenerationMb' in options ? options.youngGenerationMb : 4;
    this.lean = options.lean ?? true;
  }

  /** Analyses one image; `pad` for tight crops such as ID card photos. */
  analyse(image: Uint8Array, pad = false): Promise<FaceAnalysis> {
    if (this.closed) return Promise.reject(new Error('the face engine is shut down'));
    return new Promise((resolve, reject) => {
      this.queues.detect.push({ image, pad, resolve, reject });
      this.pump();
    });
  }

  /** Starts every worker and waits until each has its models loaded. */
  async warm(): Promise<void> {
    for (const role of this.missingRoles()) this.spawn(role);
    await Promise.all(this.slots.map((s) => s.ready));
  }

  get started(): number {
    return this.slots.length;
  }

  /** The workers' roles, in the order they were started (for tests and the benchmark). */
  get layout(): Role[] {
    return this.slots.map((s) => s.role);
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.queues.detect.splice(0), ...this.queues.describe.splice(0)];
    for (const p of pending) p.reject(new Error('the face engine is shut down'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }

  /** Roles of the pool not running now (each role as many times as it is missing). */
  private missingRoles(): Role[] {
    const left = this.slots.map((s) => s.role);
    return this.roles.filter((r) => {
      const i = left.indexOf(r);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
  }

  private spawn(role: Role): Slot {
    const started = performance.now();
    const worker = new Worker(workerFile(), {
      workerData: { role, niceStep: this.niceStep, lean: this.lean },
      // A worker's garbage is small short-lived objects (tensor wrappers, result arrays); V8's default
      // young generation would keep tens of MB resident in each worker for them.
      resourceLimits: this.youngGenerationMb === undefined ? undefined : { maxYoungGenerationSizeMb: this.youngGenerationMb },
    });
    const slot: Slot = { role, worker, busy: false, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: { ready?: boolean }) => {
        if (!m.ready) return;
        this.loadMs ??= Math.round(performance.now() - started);
        worker.off('message', onReady);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onReady);
      worker.once('error', reject);
    });
    slot.ready.catch(() => undefined);
    worker.on('message', (m: { id?: number; result?: FaceAnalysis; detected?: Detected; error?: string; message?: string }) => {
      const job = slot.job;
      if (m.id === undefined || !job || job.id !== m.id) return;
      slot.job = undefined;
      slot.busy = false;
      const { task } = job;
      if (m.result) task.resolve(m.result);
      else if (m.detected && m.detected.detections.length === 0)
        task.resolve({ width: m.detected.width, height: m.detected.height, faces: [], thumb: m.detected.thumb });
      else if (m.detected) {
        task.detected = m.detected;
        this.queues.describe.push(task);
      } else if (m.error === 'IMAGE_UNREADABLE') task.reject(new ImageUnreadableError(m.message ?? 'unreadable image'));
      else task.reject(new Error(`face engine: ${m.message ?? m.error}`));
      this.pump();
    });
    worker.on('error', (e) => this.retire(slot, e));
    worker.on('exit', (code) => this.retire(slot, new Error(`face worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    slot.job?.task.reject(e);
    slot.job = undefined;
    if (!this.closed) this.pump();
  }

  private pump(): void {
    this.pumpStage('describe');
    this.pumpStage('detect');
  }

  private pumpStage(stage: 'detect' | 'describe'): void {
    const queue = this.queues[stage];
    // The one-worker (or `whole`) pool's workers do both stages, so never wait for a `describe` worker.
    const fits = (r: Role) => r === 'all' || r === stage;
    while (queue.length) {
      let slot = this.slots.find((s) => !s.busy && fits(s.role));
      if (!slot) {
        const role = this.missingRoles().find(fits);
        if (role) slot = this.spawn(role);
      }
      if (!slot) return;
      const task = queue.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      slot.job = { id, task };
      const s = slot;
      const message = task.detected ? { id, detected: task.detected } : { id, image: task.image, pad: task.pad };
      const transfer = task.detected ? [task.detected.pixels.buffer as ArrayBuffer] : [];
      slot.ready.then(
        () => s.worker.postMessage(message, transfer),
        (e: Error) => this.retire(s, e),
      );
    }
  }
}
