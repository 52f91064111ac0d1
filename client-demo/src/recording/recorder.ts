import { errorText } from '../api.js';
import { endpoints } from '../endpoints.js';
import type { FinishedManifest } from '../types.js';
import { recordingStore, type SessionRecord } from './store.js';
import { ChunkUploader, type UploadProgress } from './upload.js';
import { readTrackNumbers, WebmRetimer } from './webm-retime.js';

/**
 * The session recording at the point: both participants' video side by side on a
 * canvas and both audio tracks mixed with WebAudio, into one MediaRecorder (WebM, VP8 + Opus)
 * that yields a chunk every few seconds. Each chunk goes to IndexedDB first and then, in order,
 * to the service (upload.ts). A reload starts a new MediaRecorder: its stream is spliced onto
 * the earlier one (webm-retime.ts), so the service stores one WebM whose clock runs from the
 * start of the session, the reload showing as a gap.
 */
export type RecordingPhase = 'idle' | 'recording' | 'stopped' | 'finished' | 'unsupported' | 'error';

export interface RecordingState {
  phase: RecordingPhase;
  /** MediaRecorder streams so far (a reload adds one). */
  segments: number;
  /** Recorded wall-clock time so far (fixed once stopped). */
  durationMs: number;
  chunkCount: number;
  upload: UploadProgress;
  finish: FinishedManifest | null;
  error: string | null;
}

/** A chunk every 3 s: what a reload can lose at most (the recorder's unflushed tail) and about 20 requests a minute. */
export const TIMESLICE_MS = 3000;
const WIDTH = 640;
const HEIGHT = 240;
const FPS = 10;
const MIME = 'video/webm;codecs=vp8,opus';

export class SessionRecorder {
  private rec: SessionRecord | null = null;
  private media?: MediaRecorder;
  private teardown: (() => void)[] = [];
  private writes: Promise<void> = Promise.resolve();
  private retimer: WebmRetimer | null = null;
  /** The first stream's opening bytes, until its track numbers are known. */
  private head: Uint8Array | null = null;
  private ready: Promise<void>;
  private starting = false;
  private listeners = new Set<(s: RecordingState) => void>();
  readonly uploader: ChunkUploader;
  private state: RecordingState;

  constructor(private readonly sessionId: string) {
    this.uploader = new ChunkUploader(sessionId, (upload) => this.update({ upload }));
    this.state = {
      phase: 'idle',
      segments: 0,
      durationMs: 0,
      chunkCount: 0,
      upload: { ...this.uploader.progress },
      finish: null,
      error: null,
    };
    // Whatever an earlier life of this page left unsent goes out now, video or not.
    this.ready = recordingStore.session(sessionId).then(
      (r) => {
        this.rec = r ?? null;
        if (r)
          this.update({
            segments: r.segments,
            chunkCount: r.nextSeq,
            phase: r.finished ? 'finished' : r.stoppedAt ? 'stopped' : 'idle',
            durationMs: (r.stoppedAt ?? Date.now()) - r.startedAt,
          });
        this.uploader.kick();
      },
      (err: unknown) => this.update({ phase: 'error', error: errorText(err) }),
    );
  }

  get current(): RecordingState {
    return { ...this.state, durationMs: this.durationNow() };
  }

  subscribe(fn: (s: RecordingState) => void): () => void {
    this.listeners.add(fn);
    fn(this.current);
    return () => this.listeners.delete(fn);
  }

  /** Starts (or, after a reload, continues) recording from the two video elements of the call. */
  async start(local: HTMLVideoElement, remote: HTMLVideoElement): Promise<void> {
    if (this.media || this.starting) return;
    this.starting = true;
    try {
      await this.ready;
      if (this.rec?.stoppedAt) return; // closed on purpose: a stopped recording is not reopened
      if (typeof MediaRecorder === 'undefined' || !MediaRecorder.isTypeSupported(MIME)) {
        this.update({ phase: 'unsupported', error: `MediaRecorder cannot write ${MIME} here` });
        return;
      }
      const now = Date.now();
      // Never reuse a number: the local count, what is still stored, and what the service has.
      const pending = await recordingStore.pending(this.sessionId);
      const server = await this.uploader.manifest().catch(() => null);
      const nextSeq = Math.max(this.rec?.nextSeq ?? 0, (pending.at(-1)?.seq ?? -1) + 1, server?.nextSeq ?? server?.chunks.length ?? 0);
      const rec: SessionRecord = this.rec
        ? { ...this.rec, nextSeq, segments: this.rec.segments + 1 }
        : // Nothing local but chunks on the service: another browser began it; its clock is unknown, so this one
          // continues at "now = session so far" as best it can (documented limitation).
          { sessionId: this.sessionId, startedAt: now, nextSeq, segments: 1 };
      // The first stream keeps its header; later ones are spliced onto it with the clock running on.
      this.retimer = rec.nextSeq === 0 ? null : new WebmRetimer(Math.max(0, now - rec.startedAt), rec.tracks ?? null);
      this.head = this.retimer ? null : new Uint8Array(0);
      this.rec = rec;
      await recordingStore.saveSession(rec);

      const stream = this.composite(local, remote);
      const media = new MediaRecorder(stream, { mimeType: MIME, videoBitsPerSecond: 300_000, audioBitsPerSecond: 32_000 });
      media.ondataavailable = (e) => {
        if (e.data.size) this.writes = this.writes.then(() => this.store(e.data)).catch((err: unknown) => this.fail(err));
      };
      media.onerror = (e) => this.fail((e as unknown as { error?: Error }).error ?? new Error('MediaRecorder error'));
      this.media = media;
      media.start(TIMESLICE_MS);
      this.update({ phase: 'recording', segments: rec.segments, error: null });
    } catch (err) {
      this.fail(err);
    } finally {
      this.starting = false;
    }
  }

  /**
   * The page is going away (reload, closed tab): release the recorder, the canvas capture and the
   * audio graph at once, without waiting for anything. Left running, they kept the old document's
   * capture alive and the reloaded page could not open camera or IndexedDB. The chunks already
   * stored stay in IndexedDB for the next page.
   */
  abandon(): void {
    const media = this.media;
    this.media = undefined;
    if (media) {
      media.ondataavailable = null;
      if (media.state !== 'inactive') media.stop();
    }
    for (const t of this.teardown.splice(0)) t();
    this.uploader.close();
    recordingStore.close();
  }

  /** Stops this page's MediaRecorder (navigation away): what it holds is written; the recording stays open. */
  async pause(): Promise<void> {
    await this.stopMedia();
    if (this.state.phase === 'recording') this.update({ phase: 'idle' });
  }

  /**
   * Ends the recording: the last chunk is written and sent, then the service closes it with its
   * manifest (`POST …/recordings/finish`). Until the service has that route (404) the recording
   * stays as uploaded and the panel says so.
   */
  async finish(): Promise<void> {
    await this.ready;
    if (this.rec?.finished) return;
    await this.stopMedia();
    if (!this.rec) throw new Error('Nothing was recorded in this browser.');
    this.rec = { ...this.rec, stoppedAt: this.rec.stoppedAt ?? Date.now() };
    await recordingStore.saveSession(this.rec);
    this.update({ phase: 'stopped' });
    await this.uploader.drained();
    if (this.uploader.progress.stopped) throw new Error(this.uploader.progress.error ?? 'upload stopped');
    const finish = await endpoints.finishRecording(this.sessionId, {
      chunkCount: this.rec.nextSeq,
      durationMs: this.rec.stoppedAt! - this.rec.startedAt,
    });
    this.rec = { ...this.rec, finished: true };
    await recordingStore.saveSession(this.rec);
    this.update({ phase: 'finished', finish });
  }

  private async stopMedia(): Promise<void> {
    const media = this.media;
    this.media = undefined;
    if (media && media.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        media.addEventListener('stop', () => resolve(), { once: true });
        media.stop();
      });
    }
    for (const t of this.teardown.splice(0)) t();
    await this.writes;
  }

  private async store(blob: Blob): Promise<void> {
    const raw = new Uint8Array(await blob.arrayBuffer());
    const bytes = this.retimer ? this.retimer.push(raw) : raw;
    if (!bytes.length || !this.rec) return;
    if (this.head) {
      const head = new Uint8Array(this.head.length + bytes.length);
      head.set(this.head);
      head.set(bytes, this.head.length);
      const tracks = readTrackNumbers(head);
      this.head = tracks ? null : head;
      if (tracks) this.rec = { ...this.rec, tracks };
    }
    const seq = this.rec.nextSeq;
    this.rec = { ...this.rec, nextSeq: seq + 1 };
    await recordingStore.putChunk({ sessionId: this.sessionId, seq, bytes: new Blob([bytes]) });
    await recordingStore.saveSession(this.rec);
    this.update({ chunkCount: this.rec.nextSeq });
    this.uploader.kick();
  }

  /** Local video left, remote right, drawn at FPS; the two microphones mixed. */
  private composite(local: HTMLVideoElement, remote: HTMLVideoElement): MediaStream {
    const canvas = document.createElement('canvas');
    canvas.width = WIDTH;
    canvas.height = HEIGHT;
    const g = canvas.getContext('2d')!;
    const draw = () => {
      g.fillStyle = '#111';
      g.fillRect(0, 0, WIDTH, HEIGHT);
      for (const [v, x] of [
        [local, 0],
        [remote, WIDTH / 2],
      ] as const) {
        if (v.videoWidth) g.drawImage(v, x, 0, WIDTH / 2, HEIGHT);
      }
      g.fillStyle = '#fff';
      g.font = '14px sans-serif';
      g.fillText(new Date().toISOString(), 8, HEIGHT - 8);
    };
    // A timer, not requestAnimationFrame: rAF stops in a background tab, and the recording must not.
    const timer = setInterval(draw, 1000 / FPS);
    draw();

    const audio = new AudioContext();
    const mix = audio.createMediaStreamDestination();
    const sources = new Map<string, MediaStreamAudioSourceNode>();
    // Remote tracks change when the connection is rebuilt; follow whichever tracks play now.
    const follow = () => {
      const tracks = [local, remote].flatMap((v) => (v.srcObject instanceof MediaStream ? v.srcObject.getAudioTracks() : []));
      const live = new Set(tracks.filter((t) => t.readyState === 'live').map((t) => t.id));
      for (const [id, node] of sources) {
        if (!live.has(id)) {
          node.disconnect();
          sources.delete(id);
        }
      }
      for (const t of tracks) {
        if (!live.has(t.id) || sources.has(t.id)) continue;
        const node = audio.createMediaStreamSource(new MediaStream([t]));
        node.connect(mix);
        sources.set(t.id, node);
      }
    };
    follow();
    const follower = setInterval(follow, 1000);
    void audio.resume().catch(() => undefined);

    const video = canvas.captureStream(FPS).getVideoTracks()[0];
    this.teardown.push(() => {
      clearInterval(timer);
      clearInterval(follower);
      video.stop();
      void audio.close();
    });
    return new MediaStream([video, ...mix.stream.getAudioTracks()]);
  }

  private durationNow(): number {
    if (!this.rec) return 0;
    return (this.rec.stoppedAt ?? (this.state.phase === 'recording' ? Date.now() : this.rec.startedAt)) - this.rec.startedAt;
  }

  private fail(err: unknown): void {
    this.update({ phase: 'error', error: errorText(err) });
  }

  private update(patch: Partial<RecordingState>): void {
    Object.assign(this.state, patch);
    const s = this.current;
    for (const fn of this.listeners) fn(s);
  }
}

const recorders = new Map<string, SessionRecorder>();

/** One recorder per session in this page, shared by the call panel (media) and the recording panel (state). */
export function recorderFor(sessionId: string): SessionRecorder {
  let r = recorders.get(sessionId);
  if (!r) {
    const recorder = new SessionRecorder(sessionId);
    recorders.set(sessionId, recorder);
    window.addEventListener('pagehide', () => recorder.abandon(), { once: true });
    r = recorder;
  }
  return r;
}
