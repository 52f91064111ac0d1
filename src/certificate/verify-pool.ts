import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError, unprocessable } from '../common/errors.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { VerifyOutcome, VerifyTask } from './verify-worker.js';

/** The compiled worker beside this file, or (tests run this file from its TypeScript source) the one `npm test` builds first. */
function workerEntry(): URL {
  const beside = new URL('./verify-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = path.join(PROJECT_ROOT, 'dist/src/certificate/verify-worker.js');
  if (existsSync(built)) return pathToFileURL(built);
  throw new Error(`${built} is missing: build first (npx tsc -p tsconfig.build.json)`);
}

interface Job {
  task: VerifyTask;
  resolve(outcome: VerifyOutcome): void;
  reject(err: unknown): void;
}

interface Slot {
  worker?: Worker;
  /** The worker has loaded its modules (it says so once). */
  ready?: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

export interface VerifyPoolOptions {
  workers: number;
  /** Files waiting for a free worker; one more is answered 503 VERIFY_BUSY. */
  queue: number;
  /** Per file; past it the worker is terminated and replaced. */
  timeLimitMs: number;
  /** V8 heap of each worker (resourceLimits); pdf-lib's decoded bytes are capped separately (pdf-bounds.ts). */
  memoryMb: number;
}

/**
 * Uploaded PDFs are parsed in worker threads: a file that takes seconds (or, despite the bounds,
 * memory) costs a worker, never the thread that answers every other request. Workers start on
 * first use and do not keep the process alive while idle.
 */
@Injectable()
export class VerifyPool implements OnApplicationShutdown {
  private readonly log = new Logger('VerifyPool');
  private readonly slots: Slot[];
  private readonly waiting: Job[] = [];
  private closed = false;
  readonly options: VerifyPoolOptions;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.options = config.verify;
    this.slots = Array.from({ length: this.options.workers }, () => ({}));
  }

  /** Runs one file through a worker; refusals come back as DomainErrors with their own status and code. */
  async inspect(task: VerifyTask): Promise<Extract<VerifyOutcome, { ok: true }>> {
    const outcome = await new Promise<VerifyOutcome>((resolve, reject) => {
      if (this.closed) return reject(busy(5, 'The service is shutting down; try again shortly.'));
      const job = { task, resolve, reject };
      const free = this.slots.find((s) => !s.job);
      if (free) this.start(free, job);
      else if (this.waiting.length < this.options.queue) this.waiting.push(job);
      else
        reject(
          busy(
            Math.max(1, Math.ceil(this.options.timeLimitMs / 1000)),
            'Too many certificates are being checked just now; try again shortly.',
          ),
        );
    });
    if (!outcome.ok) throw new DomainError(outcome.status, outcome.code, outcome.message);
    return outcome;
  }

  /** Workers alive (for tests and metrics). */
  get threads(): number {
    return this.slots.filter((s) => s.worker).length;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    const worker = (slot.worker ??= this.spawn(slot));
    worker.ref();
    worker.postMessage(job.task);
    // The clock starts once the worker has loaded its modules: a cold start on a busy machine is not the file's fault.
    if (slot.ready) this.startClock(slot, job);
  }

  private startClock(slot: Slot, job: Job): void {
    slot.timer = setTimeout(() => {
      this.replace(slot);
      this.finish(slot, () =>
        job.reject(
          unprocessable(
            'PDF_TOO_SLOW',
            'This PDF takes too long to read; it is not a certificate of this service. 该文件无法在限定时间内读取。',
          ),
        ),
      );
    }, this.options.timeLimitMs);
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(workerEntry(), {
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    slot.ready = false;
    worker.on('message', (message: VerifyOutcome | 'ready') => {
      if (slot.worker !== worker) return;
      if (message === 'ready') {
        slot.ready = true;
        if (slot.job) this.startClock(slot, slot.job);
      } else this.finish(slot, (job) => job.resolve(message));
    });
    // A worker that dies (out of memory, a crash) fails its file and is replaced on next use.
    const died = (err?: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      if (err) this.log.warn(`verify worker died: ${err.message}`);
      this.finish(slot, (job) =>
        job.reject(
          unprocessable(
            'PDF_TOO_COMPLEX',
            'This PDF needs too much memory to read; it is not a certificate of this service. 该文件不是本机构出具的公证书。',
          ),
        ),
      );
    };
    worker.on('error', died);
    worker.on('exit', () => died());
    return worker;
  }

  /** Ends the slot's job and starts the next waiting one. */
  private finish(slot: Slot, settle: (job: Job) => void): void {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = slot.timer = undefined;
    if (job) settle(job);
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) this.start(slot, next);
    else slot.worker?.unref();
  }

  private replace(slot: Slot): void {
    const old = slot.worker;
    slot.worker = undefined;
    void old?.terminate();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(busy(5, 'The service is shutting down; try again shortly.'));
    await Promise.all(
      this.slots.map(async (slot) => {
        const worker = slot.worker;
        slot.worker = undefined;
        this.finish(slot, (job) => job.reject(busy(5, 'The service is shutting down; try again shortly.')));
        await worker?.terminate();
      }),
    );
  }
}

const busy = (retryAfterSeconds: number, message: string) => new DomainError(503, 'VERIFY_BUSY', message, { retryAfterSeconds });
