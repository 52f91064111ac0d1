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

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  job?: { id: number; resolve: (r: FaceAnalysis) => void; reject: (e: Error) => void };
}

/**
 * A small pool of worker threads running face-api on the WASM backend, so that detection and
 * descriptors (hundreds of milliseconds of CPU per image) never block the event loop. Workers
 * start on first use and load the models once each; a worker that dies is replaced on the next job.
 */
export class FaceEngine {
  private slots: Slot[] = [];
  private queue: { image: Uint8Array; pad: boolean; resolve: (r: FaceAnalysis) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private closed = false;
  /** Milliseconds the first worker took to load its models (for health and the benchmark). */
  loadMs?: number;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`face worker pool size must be a positive integer, got ${size}`);
  }

  /** Analyses one image; `pad` for tight crops such as ID card photos. */
  analyse(image: Uint8Array, pad = false): Promise<FaceAnalysis> {
    if (this.closed) return Promise.reject(new Error('the face engine is shut down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ image, pad, resolve, reject });
      this.pump();
    });
  }

  /** Starts every worker and waits until each has its models loaded. */
  async warm(): Promise<void> {
    while (this.slots.length < this.size) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
  }

  get started(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.queue.splice(0);
    for (const p of pending) p.reject(new Error('the face engine is shut down'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }

  private spawn(): Slot {
    const started = performance.now();
    const worker = new Worker(workerFile());
    const slot: Slot = { worker, busy: false, ready: Promise.resolve() };
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
    worker.on('message', (m: { id?: number; result?: FaceAnalysis; error?: string; message?: string }) => {
      const job = slot.job;
      if (m.id === undefined || !job || job.id !== m.id) return;
      slot.job = undefined;
      slot.busy = false;
      if (m.result) job.resolve(m.result);
      else if (m.error === 'IMAGE_UNREADABLE') job.reject(new ImageUnreadableError(m.message ?? 'unreadable image'));
      else job.reject(new Error(`face engine: ${m.message ?? m.error}`));
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
    slot.job?.reject(e);
    slot.job = undefined;
    if (!this.closed) this.pump();
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      slot.job = { id, resolve: next.resolve, reject: next.reject };
      const s = slot;
      slot.ready.then(
        () => s.worker.postMessage({ id, image: next.image, pad: next.pad }),
        (e: Error) => this.retire(s, e),
      );
    }
  }
}
