import { errorDetails } from '../messages.js';
import { ApiError, errorText } from '../api.js';
import { endpoints } from '../endpoints.js';
import type { RecordingManifest } from '../types.js';
import { recordingStore } from './store.js';

export interface UploadProgress {
  /** Chunks and bytes the service has acknowledged (its manifest). */
  ackedChunks: number;
  ackedBytes: number;
  /** Kept in this browser, not yet acknowledged. */
  pendingChunks: number;
  pendingBytes: number;
  /** What went over the wire: chunk bytes sent (retries included) and HTTP requests made. */
  sentBytes: number;
  requests: number;
  /** Why uploading is waiting (network, server) or stopped (a refusal); null when all is well. */
  error: string | null;
  /** The failure as the browser or the service put it (code, message), for 技术详情. */
  errorDetail: string | null;
  stopped: boolean;
}

/** Statuses that will not get better by retrying: the upload stops and says why. */
const PERMANENT = new Set([400, 401, 403, 404, 413]);

/**
 * How long one request may go unanswered before it counts as a network failure and is retried:
 * a connection that died without a word (a township uplink dropping) would otherwise hold the
 * upload for as long as the browser keeps the socket. 30 s, or longer for a large chunk (at least
 * 64 kbit/s assumed). `localStorage['demo.uploadTimeoutMs']` overrides it (the browser test).
 */
function requestTimeout(bytes = 0): AbortSignal {
  const override = Number(localStorage.getItem('demo.uploadTimeoutMs'));
  return AbortSignal.timeout(override > 0 ? override : Math.max(30_000, bytes / 8));
}

/**
 * Sends a session's stored chunks to the service in order, one at a time, each deleted from the
 * browser only once acknowledged. Where to start is the service's word: `nextSeq` from the
 * manifest (or the number of chunks it lists, from a server older than `nextSeq`), asked again after a
 * refusal of the order (409 RECORDING_OUT_OF_ORDER), so a reload or a server restart resumes
 * exactly at the first chunk the service is missing. Network errors, requests left unanswered
 * (requestTimeout) and 5xx retry with backoff.
 */
export class ChunkUploader {
  private serverNext: number | null = null;
  private running: Promise<void> | null = null;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private wake?: () => void;
  private closed = false;
  private idle: (() => void)[] = [];
  /** Set by kick(): the loop looks at the store once more before it ends. */
  private dirty = false;
  readonly progress: UploadProgress = {
    ackedChunks: 0,
    ackedBytes: 0,
    pendingChunks: 0,
    pendingBytes: 0,
    sentBytes: 0,
    requests: 0,
    error: null,
    errorDetail: null,
    stopped: false,
  };

  constructor(
    private readonly sessionId: string,
    private readonly onProgress: (p: UploadProgress) => void = () => undefined,
  ) {}

  /** New chunks are stored: send them (starts the loop, or wakes it from a backoff wait). */
  kick(): void {
    if (this.closed || this.progress.stopped) return;
    this.dirty = true;
    if (this.wake) {
      clearTimeout(this.retryTimer);
      this.wake();
      return;
    }
    this.running ??= this.loop().finally(() => (this.running = null));
  }

  /** Resolves once nothing stored is waiting (or the upload stopped on a refusal). */
  drained(): Promise<void> {
    this.kick();
    return this.running ? new Promise((resolve) => this.idle.push(resolve)) : Promise.resolve();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.wake?.();
  }

  /** The manifest as the service has it; resets where uploading resumes. */
  async manifest(): Promise<RecordingManifest> {
    this.progress.requests++;
    const m = await endpoints.recordings(this.sessionId, 'assistant', requestTimeout());
    this.serverNext = m.nextSeq;
    this.progress.ackedChunks = this.serverNext;
    this.progress.ackedBytes = m.totalBytes;
    return m;
  }

  private async loop(): Promise<void> {
    let backoff = 500;
    while (!this.closed) {
      this.dirty = false;
      try {
        if (this.serverNext === null) {
          await this.manifest();
          await recordingStore.deleteBelow(this.sessionId, this.serverNext!);
        }
        const pending = (await recordingStore.pending(this.sessionId)).filter((c) => c.seq >= this.serverNext!);
        this.progress.pendingChunks = pending.length;
        this.progress.pendingBytes = pending.reduce((n, c) => n + c.bytes.size, 0);
        this.onProgress({ ...this.progress });
        const next = pending[0];
        if (!next) {
          if (this.dirty) continue;
          break;
        }
        if (next.seq !== this.serverNext) {
          throw new ApiError(
            409,
            'LOCAL_GAP',
            `The service expects chunk ${this.serverNext}, but this browser holds only ${next.seq} onwards.`,
          );
        }
        this.progress.requests++;
        this.progress.sentBytes += next.bytes.size;
        await endpoints.uploadChunk(this.sessionId, next.seq, next.bytes, requestTimeout(next.bytes.size));
        await recordingStore.deleteChunk(this.sessionId, next.seq);
        this.serverNext = next.seq + 1;
        this.progress.ackedChunks = this.serverNext;
        this.progress.ackedBytes += next.bytes.size;
        this.progress.error = null;
        this.progress.errorDetail = null;
        backoff = 500;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'RECORDING_OUT_OF_ORDER') {
          // Another tab or an earlier life of this page got further (or less far): ask again.
          this.serverNext = null;
          continue;
        }
        this.progress.error = errorText(err);
        this.progress.errorDetail = errorDetails(err);
        if (err instanceof ApiError && (PERMANENT.has(err.status) || err.code === 'LOCAL_GAP' || err.status === 409)) {
          this.progress.stopped = true;
          this.onProgress({ ...this.progress });
          break;
        }
        // Network or server trouble: wait and try again; the chunks are safe in IndexedDB.
        this.serverNext = null;
        this.onProgress({ ...this.progress });
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.retryTimer = setTimeout(resolve, backoff);
        });
        this.wake = undefined;
        backoff = Math.min(backoff * 2, 8000);
      }
    }
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
