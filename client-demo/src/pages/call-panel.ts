import { errorText } from '../api.js';
import { h, mount } from '../dom.js';
import { L } from '../i18n.js';
import type { LeaveReason } from '../router.js';
import { pauseRecording, recordCall } from '../recording/recording-panel.js';
import { banner } from '../ui.js';
import { describeCall, VideoCall, type CallState } from '../video.js';

/**
 * The video part of a session page. The call outlives a redraw of the page (a language switch)
 * and ends when the user navigates away or presses "leave".
 */
interface Active {
  sessionId: string;
  realm: 'assistant' | 'notary';
  call: VideoCall;
  local: HTMLVideoElement;
  remote: HTMLVideoElement;
  handlers: { state: (s: CallState) => void; session: (s: { status: string }) => void };
}
let active: Active | null = null;

declare global {
  interface Window {
    /** For the browser test and for curious demo users: the live call of this page. */
    __demo?: { call: VideoCall | null; stats: () => Promise<unknown> };
  }
}

export function callPanel(sessionId: string, realm: 'assistant' | 'notary', onSessionState: (s: { status: string }) => void) {
  const status = h('div', { class: 'call-status', 'data-testid': 'call-status' });
  const controls = h('div', { class: 'row' });
  let state: CallState | null = null;

  const paint = (s: CallState) => {
    state = s;
    const d = describeCall(s);
    mount(
      status,
      banner(d.kind, d.text, s.signalling === 'refused' ? { label: L('重试', 'Retry'), run: () => active?.call.retry() } : undefined),
    );
    status.dataset.media = s.media;
    status.dataset.signalling = s.signalling;
    paintControls();
  };
  const paintControls = () => {
    const inCall = active?.sessionId === sessionId && state?.signalling !== 'closed';
    mount(
      controls,
      inCall
        ? h(
            'button',
            { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'leave-call', onclick: () => leaveCall() },
            L('离开视频', 'Leave video'),
          )
        : h(
            'button',
            { type: 'button', class: 'btn btn-primary btn-small', 'data-testid': 'join-call', onclick: () => rejoin() },
            L('加入视频', 'Join video'),
          ),
    );
  };
  const rejoin = () => {
    leaveCall();
    element.replaceWith(callPanel(sessionId, realm, onSessionState).element);
  };

  if (active && active.sessionId !== sessionId) leaveCall();
  if (!active) {
    const local = h('video', { class: 'video-local', autoplay: true, playsInline: true, muted: true, 'data-testid': 'video-local' });
    const remote = h('video', { class: 'video-remote', autoplay: true, playsInline: true, 'data-testid': 'video-remote' });
    const handlers = { state: paint, session: onSessionState };
    const call = new VideoCall(sessionId, realm, local, remote, {
      onState: (s) => {
        handlers.state(s);
        // The point records the session once the video is connected: the recording is evidence of the meeting.
        if (realm === 'assistant') recordCall(sessionId, s.media, local, remote);
      },
      onSessionState: (s) => handlers.session(s),
    });
    active = { sessionId, realm, call, local, remote, handlers };
    window.__demo = { call, stats: () => call.stats() };
    call.start().catch((err: unknown) => {
      mount(
        status,
        banner('error', `${L('无法加入视频：', 'Cannot join the video: ')}${errorText(err)}`, { label: L('重试', 'Retry'), run: rejoin }),
      );
    });
  } else {
    active.handlers.state = paint;
    active.handlers.session = onSessionState;
  }

  const a = active!;
  const element = h(
    'div',
    { class: 'call' },
    h(
      'div',
      { class: 'stage' },
      a.remote,
      a.local,
      h('span', { class: 'stage-label' }, realm === 'assistant' ? L('公证员', 'Notary') : L('申请人 · 服务点', 'Applicant · point')),
    ),
    status,
    controls,
  );
  if (a.call === active?.call && state === null) paint(a.call.current);
  return {
    element,
    /** Called when the page goes: a redraw keeps the call, navigation ends it. */
    leave(reason: LeaveReason) {
      if (reason === 'navigate') leaveCall();
    },
  };
}

function leaveCall() {
  if (!active) return;
  if (active.realm === 'assistant') pauseRecording(active.sessionId);
  active.call.leave();
  active = null;
  if (window.__demo) window.__demo.call = null;
}

const FINAL = ['approved', 'rejected', 'aborted'];

/**
 * The video slot of a session page: joins only once the session is known to be open, so a
 * finished session shows a quiet placeholder instead of a refused join. A call in progress
 * stays up when the session ends, until someone leaves.
 */
export function sessionCall(sessionId: string, realm: 'assistant' | 'notary', onSessionState: (s: { status: string }) => void) {
  const element = h(
    'div',
    { class: 'call-slot' },
    h('div', { class: 'stage stage-idle' }, h('span', { class: 'stage-note' }, L('正在载入会话…', 'Loading the session…'))),
  );
  let panel: ReturnType<typeof callPanel> | null = null;
  return {
    element,
    update(status: string) {
      if (panel) return;
      if (FINAL.includes(status)) {
        mount(
          element,
          h(
            'div',
            { class: 'stage stage-idle' },
            h('span', { class: 'stage-note' }, L('会话已结束，视频已关闭。', 'The session has ended; the video is closed.')),
          ),
        );
        return;
      }
      panel = callPanel(sessionId, realm, onSessionState);
      mount(element, panel.element);
    },
    leave(reason: LeaveReason) {
      panel?.leave(reason);
    },
  };
}
