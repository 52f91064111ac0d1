import { ApiError } from '../api.js';
import { endpoints } from '../endpoints.js';
import { h, mount } from '../dom.js';
import { formatTime, L } from '../i18n.js';
import { staffSocket } from '../pages/staff.js';
import { actionButton, banner, card, definitionList, techDetails } from '../ui.js';
import { recorderFor, type RecordingState } from './recorder.js';
import type { RecordingManifest } from '../types.js';

declare global {
  interface Window {
    /** For the browser test: the recording of the session page open here. */
    __recording?: { state: () => RecordingState; finish: () => Promise<void> };
  }
}

const kb = (n: number) => (n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Session statuses after the interview: the applicant has signed, or it is over. The recording closes then. */
const AFTER_INTERVIEW = ['signing', 'approved', 'rejected', 'aborted'];

/**
 * The assistant's recording card: state, duration, what the service has acknowledged and what
 * still waits in this browser, and a button that ends the recording. It ends by itself once the
 * applicant has signed (the interview is over; approval needs a finished recording).
 */
export function assistantRecordingPanel(sessionId: string) {
  const recorder = recorderFor(sessionId);
  const body = h('div', { 'data-testid': 'recording-panel' });
  let finishing: Promise<void> | null = null;
  const finish = () => (finishing ??= recorder.finish().finally(() => (finishing = null)));
  window.__recording = { state: () => recorder.current, finish };

  const button = actionButton(L('结束录像并提交', 'End and submit the recording'), finish, { small: true, testId: 'recording-finish' });
  const paint = (s: RecordingState) => {
    body.dataset.phase = s.phase;
    const u = s.upload;
    const phaseText: Record<string, string> = {
      idle: L('视频接通后自动开始录像', 'Starts when the video connects'),
      recording: L('● 正在录像', '● Recording'),
      stopped: L('录像已结束，正在上传剩余片段', 'Stopped; uploading the rest'),
      finished: L('录像已完成', 'Recording finished'),
      unsupported: L('此浏览器无法录像', 'This browser cannot record'),
      error: L('录像出错', 'Recording error'),
    };
    mount(
      body,
      definitionList([
        [L('状态', 'State'), h('strong', { 'data-testid': 'recording-phase' }, phaseText[s.phase])],
        [L('时长', 'Duration'), clock(s.durationMs)],
        [
          L('上传', 'Upload'),
          u.pendingChunks
            ? L(`正在上传，还差 ${kb(u.pendingBytes)}`, `uploading, ${kb(u.pendingBytes)} to go`)
            : L('已全部保存到服务器', 'all saved on the server'),
        ],
      ]),
      // Segments, chunks and the manifest are how the upload works, not what the assistant needs.
      techDetails(
        h(
          'span',
          null,
          `${L('片段', 'segments')} ${s.segments} · ${L('已送达', 'acknowledged')} `,
          h('span', { 'data-testid': 'recording-acked' }, `${u.ackedChunks} ${L('块', 'chunks')} · ${kb(u.ackedBytes)}`),
          ` · ${L('待上传', 'waiting')} `,
          h('span', { 'data-testid': 'recording-pending' }, `${u.pendingChunks} ${L('块', 'chunks')} · ${kb(u.pendingBytes)}`),
        ),
        s.finish ? `${L('清单哈希', 'manifest')} SHA-256 ${s.finish.manifestSha256}` : null,
        u.errorDetail,
      ),
      u.error
        ? banner(
            u.stopped ? 'error' : 'warn',
            `${u.stopped ? L('上传已停止：', 'Upload stopped: ') : L('上传暂停，将自动重试：', 'Upload paused, retrying: ')}${u.error}`,
          )
        : null,
      s.error ? banner('error', s.error) : null,
      s.finish ? banner('ok', L('录像已完整保存。', 'The recording is saved in full.')) : null,
      s.phase === 'finished' ? null : button,
    );
  };
  const unsubscribe = recorder.subscribe(paint);
  const ticker = setInterval(() => paint(recorder.current), 1000);
  return {
    element: card(L('③ 全程录像', '③ Session recording'), body),
    /** The session page's refresh: close the recording once the interview is over. */
    sessionStatus(status: string) {
      const s = recorder.current;
      if (AFTER_INTERVIEW.includes(status) && (s.phase === 'recording' || s.phase === 'stopped')) void finish().catch(() => undefined);
    },
    leave() {
      clearInterval(ticker);
      unsubscribe();
    },
  };
}

/** The call panel's hook: the assistant's side records once the media is connected. */
export function recordCall(sessionId: string, media: string, local: HTMLVideoElement, remote: HTMLVideoElement): void {
  if (media === 'connected') void recorderFor(sessionId).start(local, remote);
}

/** Navigation away from the session: this page's recorder stops; the recording stays open for the next visit. */
export function pauseRecording(sessionId: string): void {
  void recorderFor(sessionId).pause();
}

/**
 * The notary's recording card: what the service holds (read again whenever the `/staff` socket
 * says `recording.progress` for this session, and on each (re)connection, since events sent while
 * disconnected are lost), whether it is finished or overridden, the override with a reason, and
 * playback. Playback asks for a signed same-origin URL (a `<video src>` cannot send a bearer
 * token) and streams it with byte ranges, so the first frame shows without downloading it all.
 */
export function notaryRecordingPanel(sessionId: string) {
  const body = h('div', { 'data-testid': 'recording-status' });
  const player = h('div');
  let manifest: RecordingManifest | null = null;
  let error: string | null = null;

  const reason = h('input', {
    placeholder: L('未能完整录像的原因', 'Why the recording is incomplete'),
    'data-testid': 'recording-override-reason',
  });
  const override = actionButton(
    L('记录例外并允许审批', 'Record an exception'),
    async () => {
      if (reason.value.trim().length < 4) throw new Error(L('请填写原因（至少 4 个字）。', 'Give a reason (4 characters or more).'));
      await endpoints.recordingOverride(sessionId, { reason: reason.value.trim() });
      await poll();
    },
    { small: true, kind: 'danger', testId: 'recording-override' },
  );
  const play = actionButton(
    L('播放录像', 'Play the recording'),
    async () => {
      const { url } = await endpoints.recordingUrl(sessionId);
      mount(player, h('video', { class: 'playback', controls: true, preload: 'metadata', src: url, 'data-testid': 'recording-player' }));
    },
    { small: true, testId: 'recording-play' },
  );
  let overrideOpen = false;

  const paint = () => {
    if (body.contains(document.activeElement) && document.activeElement === reason) return;
    const m = manifest;
    const chunks = m ? (m.nextSeq ?? m.chunks.length) : 0;
    body.dataset.chunks = String(chunks);
    body.dataset.finished = String(Boolean(m?.finished));
    mount(
      body,
      error ? banner('warn', error) : null,
      definitionList([
        [
          L('状态', 'State'),
          h(
            'strong',
            { 'data-testid': 'recording-state' },
            m?.finished
              ? L('已完成', 'finished')
              : m?.override
                ? L('已记录例外', 'exception recorded')
                : chunks
                  ? L('● 录像中 / 上传中', '● recording / uploading')
                  : L('尚未收到录像', 'nothing received yet'),
          ),
        ],
        [L('已收到', 'Received'), m ? kb(m.totalBytes) : '—'],
        [L('时长', 'Duration'), m?.finished ? clock(m.finished.durationMs) : null],
        [L('例外', 'Exception'), m?.override ? `${m.override.reason} · ${formatTime(m.override.at)}` : null],
      ]),
      techDetails(
        m ? `${chunks} ${L('块', 'chunks')}` : null,
        m?.finished ? `${L('清单哈希', 'manifest')} SHA-256 ${m.finished.manifestSha256}` : null,
      ),
      chunks ? h('div', { class: 'row' }, play) : null,
      !m?.finished && !m?.override
        ? h(
            'details',
            {
              ontoggle: (e: Event) => (overrideOpen = (e.target as HTMLDetailsElement).open),
              open: overrideOpen,
            },
            h('summary', null, L('录像不完整时：记录例外', 'If the recording is incomplete: record an exception')),
            h('div', { class: 'row' }, reason, override),
          )
        : null,
    );
  };

  let reading = false;
  let readAgain = false;
  async function poll() {
    // One read at a time; events that arrive meanwhile ask for one more read after it.
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    try {
      manifest = await endpoints.recordings(sessionId, 'notary');
      error = null;
    } catch (err) {
      error = err instanceof ApiError && err.status === 404 ? null : L('无法读取录像状态', 'Cannot read the recording state');
    } finally {
      reading = false;
    }
    paint();
    if (readAgain) {
      readAgain = false;
      await poll();
    }
  }
  void poll();
  const live = staffSocket(
    'notary',
    (event, payload) => {
      if (event === 'recording.progress' && (payload as { sessionId?: string } | null)?.sessionId === sessionId) void poll();
    },
    () => void poll(),
  );
  return {
    element: card(L('全程录像', 'Session recording'), body, player, h('div', { class: 'row' }, live.badge)),
    leave() {
      live.close();
    },
  };
}
