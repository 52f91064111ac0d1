import { io, type Socket } from 'socket.io-client';
import { errorText, getAuth, setAuth, type StaffAuth } from '../api.js';
import { staffLogin } from '../endpoints.js';
import { field, h, mount } from '../dom.js';
import { formatDay, L, shanghaiToday } from '../i18n.js';
import type { Booking } from '../types.js';
import { banner, card } from '../ui.js';

/** The sign-in form of a staff console (assistant or notary). */
export function staffLoginForm(realm: 'assistant' | 'notary', root: HTMLElement, done: () => void): void {
  const lost = sessionStorage.getItem('demo.authLostNotice') === realm;
  if (lost) sessionStorage.removeItem('demo.authLostNotice');
  const user = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    'data-testid': 'login-username',
    placeholder: realm === 'assistant' ? 'demo.assistant1' : 'demo.notary1',
  });
  const pass = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'login-password',
  });
  const out = h('div', { class: 'inline-error', role: 'alert', 'data-testid': 'login-error' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'login-submit' }, L('登录', 'Sign in'));
  const form = h(
    'form',
    { class: 'stack narrow' },
    lost ? banner('warn', L('登录已过期，请重新登录。', 'Your session expired; please sign in again.')) : null,
    field(L('用户名', 'Username'), user),
    field(L('密码', 'Password'), pass),
    h('div', { class: 'row' }, btn, out),
    h(
      'p',
      { class: 'muted small' },
      L('演示账号：', 'Demo logins: '),
      realm === 'assistant' ? 'demo.assistant1 … demo.assistant6' : 'demo.notary1, demo.notary2',
      L('（密码在服务首次启动时显示）', ' (password shown once when the service first starts)'),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    btn.disabled = true;
    out.textContent = '';
    try {
      await staffLogin(realm, user.value.trim(), pass.value);
      done();
    } catch (err) {
      out.textContent = errorText(err);
    } finally {
      btn.disabled = false;
    }
  });
  const box = card(L('登录', 'Sign in'), form);
  box.classList.add('login-card');
  mount(root, h('h1', null, realm === 'assistant' ? L('辅助人员工作台', 'Assistant console') : L('公证员工作台', 'Notary console')), box);
  user.focus();
}

/** Console heading: who is signed in, where, and sign-out. */
export function consoleHead(realm: 'assistant' | 'notary', auth: StaffAuth, where: string | Node, after: () => void, ...extra: Node[]) {
  return h(
    'div',
    { class: 'page-head' },
    h(
      'div',
      null,
      h('h1', null, realm === 'assistant' ? L('辅助人员工作台', 'Assistant console') : L('公证员工作台', 'Notary console')),
      h('div', { class: 'muted' }, auth.user.displayName, ' · ', where),
    ),
    h(
      'div',
      { class: 'row' },
      ...extra,
      h(
        'button',
        { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'logout', onclick: () => (setAuth(realm, null), after()) },
        L('退出登录', 'Sign out'),
      ),
    ),
  );
}

/**
 * The `/staff` namespace: walk-in events for notaries (and the point's assistants).
 * Shows its connection in a small badge, with a retry when the server refused it.
 */
export function staffSocket(
  realm: 'assistant' | 'notary',
  onEvent: (event: string, payload: unknown) => void,
  /** On every (re)connection: events sent while disconnected are lost, so catch up then. */
  onConnect?: () => void,
) {
  const badge = h('span', { class: 'live-badge', 'data-testid': 'staff-live' });
  const set = (state: 'on' | 'off' | 'wait', text: string) => {
    badge.className = `live-badge live-${state}`;
    badge.textContent = text;
  };
  set('wait', L('实时连接中…', 'Connecting live…'));
  let socket: Socket | null = io('/staff', {
    auth: (cb) => cb({ token: getAuth(realm)?.token ?? '' }),
    reconnectionDelay: 1000,
    reconnectionDelayMax: 8000,
    // Websocket first: behind WORKERS>1 the server offers nothing else (each long-polling request
    // may reach another worker); polling stays the fallback where websockets are blocked.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });
  socket.on('connect', () => {
    set('on', L('实时', 'Live'));
    onConnect?.();
  });
  socket.on('disconnect', () => set('wait', L('连接中断，重连中…', 'Disconnected; reconnecting…')));
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    if (socket?.active) return set('wait', L('连接中断，重连中…', 'Disconnected; reconnecting…'));
    set('off', `${L('未连接', 'Offline')} (${err.data?.code ?? err.message})`);
    const retry = h('button', { type: 'button', class: 'link', onclick: () => socket?.connect() }, L('重试', 'retry'));
    badge.append(' ', retry);
  });
  socket.onAny((event: string, payload: unknown) => onEvent(event, payload));
  return {
    badge,
    close() {
      socket?.disconnect();
      socket = null;
    },
  };
}

/** A console's day list: its title, the date picker and a refresh button above the list. */
export function dayListCard(title: string, date: HTMLInputElement, refresh: () => void, list: HTMLElement, note?: HTMLElement) {
  date.setAttribute('aria-label', L('查看哪一天', 'Day shown'));
  return card(
    h(
      'span',
      { class: 'row' },
      title,
      h('span', { class: 'spacer' }),
      date,
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: refresh }, L('刷新', 'Refresh')),
    ),
    note ?? null,
    list,
  );
}

/** Bookings that still need someone: the rest of a day's list is history. */
const UPCOMING = new Set(['confirmed', 'waiting', 'checked_in', 'in_session']);
/** How far ahead a console looks for its next day with work (the booking horizon's order). */
const LOOK_AHEAD_DAYS = 14;

/**
 * Sets the console's date to the first day from today with something still to do, so a booking
 * for Monday shows on Saturday without the date being changed, and says so in `note`.
 */
export async function openOnNextDayWithWork(
  date: HTMLInputElement,
  list: (day: string) => Promise<Booking[]>,
  note: HTMLElement,
): Promise<void> {
  for (let i = 0; i < LOOK_AHEAD_DAYS; i++) {
    const day = shanghaiToday(i);
    let rows: Booking[];
    try {
      rows = await list(day);
    } catch {
      return;
    }
    const open = rows.filter((b) => UPCOMING.has(b.status)).length;
    if (!open) continue;
    date.value = day;
    if (i > 0)
      mount(
        note,
        banner(
          'info',
          L(
            `今天没有待办的预约；下一个有预约的日子是 ${formatDay(day)}（${open} 个）。`,
            `Nothing to do today; next: ${formatDay(day)} (${open}).`,
          ),
        ),
      );
    return;
  }
  mount(note, banner('info', L(`今后 ${LOOK_AHEAD_DAYS} 天没有预约。`, `No bookings in the next ${LOOK_AHEAD_DAYS} days.`)));
}
