import { endpoints } from '../endpoints.js';
import { h, mount } from '../dom.js';
import { L } from '../i18n.js';
import { href, type LeaveReason } from '../router.js';
import type { SessionView } from '../types.js';
import { card, chip, definitionList, errorBox } from '../ui.js';
import { sessionCall } from './call-panel.js';

/**
 * What the assistant's and the notary's session pages share: the page head, the video and the
 * recording card at the top of the left column, the session read every 4 s (its error shown in
 * the info box until a first read succeeds), and the teardown of all of it. Each page brings its
 * own boxes and paints them in `show`.
 */
export function sessionShell(
  root: HTMLElement,
  o: {
    sessionId: string;
    realm: 'assistant' | 'notary';
    title: string;
    back: { to: string; label: string };
    recording: { element: HTMLElement; leave(): void };
    /** Where the session's facts go (and a failed first read). */
    info: HTMLElement;
    /** The rest of the left column, below the info box, and the right column. */
    left: HTMLElement[];
    right: HTMLElement[];
    /** The session as just read; the call has already followed its status. */
    show(s: SessionView): Promise<void> | void;
  },
) {
  let shown = false;
  const call = sessionCall(o.sessionId, o.realm, () => void refresh());
  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, o.title),
      h('a', { class: 'btn btn-ghost btn-small', href: href(o.back.to) }, o.back.label),
    ),
    h(
      'div',
      { class: 'grid-session' },
      h('div', { class: 'stack' }, call.element, o.recording.element, o.info, ...o.left),
      h('div', { class: 'stack' }, ...o.right),
    ),
  );

  async function refresh() {
    let s: SessionView;
    try {
      s = await endpoints.session(o.sessionId, o.realm);
    } catch (err) {
      if (!shown)
        mount(
          o.info,
          errorBox(err, () => void refresh()),
        );
      return;
    }
    shown = true;
    call.update(s.status);
    await o.show(s);
  }

  void refresh();
  const timer = setInterval(() => void refresh(), 4000);
  return {
    /** Reads the session again now (after an action of the page). */
    refresh,
    leave(reason: LeaveReason) {
      clearInterval(timer);
      o.recording.leave();
      call.leave(reason);
    },
  };
}

/** The session's card: "Session" with its status chip, the page's facts, and anything below them. */
export function sessionCard(s: SessionView, facts: Parameters<typeof definitionList>[0], ...below: (Node | null)[]) {
  return card(
    h(
      'span',
      null,
      L('会话', 'Session'),
      ' ',
      h('span', { 'data-testid': 'session-status', dataset: { status: s.status } }, chip(s.status)),
    ),
    definitionList(facts),
    ...below,
  );
}
