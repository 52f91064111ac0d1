import { matterName } from '../../matter-names.js';
import { ApiError, type StaffAuth } from '../../api.js';
import { endpoints } from '../../endpoints.js';
import { h, mount } from '../../dom.js';
import { formatTime, L, shanghaiToday } from '../../i18n.js';
import { href } from '../../router.js';
import type { Booking, QueueItem, Schedule, SessionView } from '../../types.js';
import { actionButton, banner, card, chip, dataTable, empty, errorBox, load } from '../../ui.js';
import { formatHours } from '../citizen/index.js';
import { checkInOverrideAction } from '../../check-in-override.js';
import { consoleHead, dayListCard, openOnNextDayWithWork, staffSocket } from '../staff.js';

const OFFICE_HOURS = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
    d,
    [
      ['08:30', '12:00'],
      ['13:30', '17:30'],
    ],
  ]),
);
const ALL_DAY = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

// ── dashboard ────────────────────────────────────────────────────────────────

export function dashboard(root: HTMLElement, auth: StaffAuth, rerender: () => void) {
  const me = auth.user.id;
  const dutyBox = h('span', { class: 'row' });
  const scheduleBox = h('div');
  const queueBox = h('div', { 'data-testid': 'queue' });
  const queueNote = h('div');
  const listBox = h('div', { 'data-testid': 'notary-bookings' });
  const dayNote = h('div', { 'data-testid': 'day-note' });
  const dateIn = h('input', { type: 'date', value: shanghaiToday(), 'data-testid': 'notary-date' });
  let queue: QueueItem[] = [];
  const officeName = h('span', null, L('公证处', 'notary office'));
  if (auth.user.officeId)
    endpoints.office(auth.user.officeId).then(
      (o) => mount(officeName, o.name),
      () => undefined,
    );

  const live = staffSocket('notary', (event, payload) => {
    const p = payload as Partial<QueueItem> & { notary?: { id: string; displayName: string } };
    if (event === 'walk-in.waiting' && p.id && !queue.some((q) => q.id === p.id)) {
      queue.push(p as QueueItem);
      paintQueue();
    } else if (event === 'walk-in.claimed' || event === 'walk-in.expired') {
      const gone = queue.find((q) => q.id === p.id);
      queue = queue.filter((q) => q.id !== p.id);
      paintQueue();
      if (gone && event === 'walk-in.claimed' && p.notary?.id !== me) {
        mount(
          queueNote,
          banner(
            'info',
            L(
              `${gone.caseNo} 已由 ${p.notary?.displayName ?? '其他公证员'} 受理。`,
              `${gone.caseNo} was taken by ${p.notary?.displayName ?? 'another notary'}.`,
            ),
          ),
        );
      }
      if (event === 'walk-in.claimed') void refreshList(true);
    } else void refreshList(true);
  });

  mount(
    root,
    consoleHead('notary', auth, officeName, rerender, live.badge, dutyBox),
    h(
      'div',
      { class: 'grid-main' },
      h(
        'div',
        { class: 'stack' },
        dayListCard(L('预约与会话', 'Bookings and sessions'), dateIn, () => void refreshList(false), listBox, dayNote),
      ),
      h('div', { class: 'stack' }, card(L('现场申请排队', 'Walk-in queue'), queueNote, queueBox), scheduleBox),
    ),
  );
  dateIn.addEventListener('change', () => (mount(dayNote), void refreshList(false)));

  // On duty: only notaries on duty hear of walk-ins and may claim them.
  async function paintDuty(s?: Schedule) {
    try {
      s ??= await endpoints.schedule(me);
    } catch (err) {
      return mount(dutyBox, errorBox(err));
    }
    const sched = s;
    const toggle = h('input', { type: 'checkbox', role: 'switch', checked: sched.onDuty, 'data-testid': 'duty-toggle' });
    const out = h('span', { class: 'inline-error' });
    toggle.addEventListener('change', async () => {
      toggle.disabled = true;
      out.textContent = '';
      try {
        const r = await endpoints.duty(me, { onDuty: toggle.checked });
        sched.onDuty = r.onDuty;
        void refreshQueue();
      } catch (err) {
        toggle.checked = !toggle.checked;
        out.textContent = (err as Error).message;
      } finally {
        toggle.disabled = false;
        label.textContent = toggle.checked ? L('值班中', 'On duty') : L('未值班', 'Off duty');
      }
    });
    const label = h('span', { 'data-testid': 'duty-label' }, sched.onDuty ? L('值班中', 'On duty') : L('未值班', 'Off duty'));
    mount(dutyBox, h('label', { class: 'switch' }, toggle, h('span', { class: 'switch-track', 'aria-hidden': 'true' }), label), out);
    paintSchedule(sched);
  }

  function paintSchedule(s: Schedule) {
    const set = (weekly: Schedule['weekly']) => async () => {
      const r = await endpoints.putSchedule(me, { weekly, exceptions: s.exceptions ?? [] });
      paintSchedule(r);
    };
    mount(
      scheduleBox,
      card(
        L('我的排班', 'My working hours'),
        h('p', null, formatHours(s.weekly)),
        h(
          'p',
          { class: 'muted small' },
          L(
            '预约只会落在公证员排班与服务点开放时间的交集内。',
            'Appointments fall where a notary’s hours and the point’s opening hours overlap.',
          ),
        ),
        h(
          'div',
          { class: 'row' },
          actionButton(L('工作日办公时间', 'Weekday office hours'), set(OFFICE_HOURS), { small: true }),
          actionButton(L('每天全天（演示用）', 'All day, every day (demo)'), set(ALL_DAY), { small: true, testId: 'schedule-all-day' }),
        ),
      ),
    );
  }

  async function refreshQueue() {
    try {
      queue = await endpoints.queue();
      paintQueue();
    } catch (err) {
      mount(
        queueBox,
        errorBox(err, () => void refreshQueue()),
      );
    }
  }

  function paintQueue() {
    if (!queue.length) return mount(queueBox, empty(L('暂无排队的现场申请。', 'Nobody is waiting.')));
    mount(
      queueBox,
      h(
        'ul',
        { class: 'list' },
        ...queue.map((q) =>
          h(
            'li',
            { class: 'list-item', 'data-testid': 'queue-item', dataset: { caseNo: q.caseNo } },
            h(
              'div',
              null,
              h('strong', null, q.applicant.name),
              ' · ',
              matterName(q.matter),
              h('div', { class: 'muted small' }, `${q.point.name} · ${q.caseNo} · ${L('已等待', 'waiting')} ${waited(q)}`),
            ),
            actionButton(
              L('受理', 'Claim'),
              async () => {
                try {
                  await endpoints.claim(q.id);
                } catch (err) {
                  // Taken by a colleague, expired, or this notary is busy or off duty: say so, show the queue as it is now.
                  if (!(err instanceof ApiError && err.status === 409)) throw err;
                  mount(queueNote, banner('warn', err.message));
                  return refreshQueue();
                }
                mount(
                  queueNote,
                  banner(
                    'ok',
                    L(`已受理 ${q.caseNo}，请等待服务点完成身份核验。`, `Claimed ${q.caseNo}; the point will check the applicant in.`),
                  ),
                );
                queue = queue.filter((x) => x.id !== q.id);
                paintQueue();
                void refreshList(true);
              },
              { kind: 'primary', small: true, testId: 'claim' },
            ),
          ),
        ),
      ),
    );
  }

  const refreshList = (quiet: boolean) =>
    load(
      listBox,
      async () => {
        const [bookings, sessions] = await Promise.all([
          endpoints.bookings(dateIn.value, 'notary'),
          // Listed sessions fill in a booking's session where the booking does not name it.
          endpoints.sessions(dateIn.value).catch(() => [] as SessionView[]),
        ]);
        for (const b of bookings) b.sessionId ??= sessions.find((s) => s.bookingId === b.id)?.id ?? null;
        return bookings;
      },
      (rows) => (rows.length ? bookingTable(rows, me) : empty(L('当天没有预约。', 'Nothing booked on this day.'))),
      quiet,
    );

  void paintDuty();
  void refreshQueue();
  void openOnNextDayWithWork(dateIn, (day) => endpoints.bookings(day, 'notary'), dayNote).then(() => refreshList(false));
  const timer = setInterval(() => {
    void refreshList(true);
    paintQueue();
  }, 5000);
  return () => {
    clearInterval(timer);
    live.close();
  };
}

function waited(q: QueueItem): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(q.createdAt).getTime()) / 1000));
  return s < 60 ? L(`${s} 秒`, `${s}s`) : L(`${Math.floor(s / 60)} 分钟`, `${Math.floor(s / 60)} min`);
}

function bookingTable(rows: Booking[], me: string) {
  const mine = (b: Booking) => b.notary?.id === me;
  return dataTable<Booking>(
    [
      [L('时间', 'Time'), (b) => (b.start ? formatTime(b.start, false) : L('现场', 'walk-in'))],
      [L('案件号', 'Case'), (b) => b.caseNo, { class: 'mono' }],
      [
        L('申请人', 'Applicant'),
        (b) => [
          b.applicant.name,
          // A colleague's case: whose it is, so nobody waits on the wrong notary.
          mine(b) ? null : h('div', { class: 'muted small' }, L('公证员：', 'Notary: '), b.notary?.displayName ?? L('待受理', 'unclaimed')),
        ],
      ],
      [L('事项 · 服务点', 'Matter · point'), (b) => [matterName(b.matter), h('div', { class: 'muted small' }, b.point.name)]],
      [L('状态', 'Status'), (b) => chip(b.status)],
      ['', (b) => (mine(b) ? rowAction(b) : null), { class: 'actions' }],
    ],
    rows,
    (b) => ({ class: mine(b) ? '' : 'dim', 'data-testid': 'booking-row', dataset: { caseNo: b.caseNo, bookingId: b.id } }),
  );
}

/** What the notary can do with one of their own bookings. */
function rowAction(b: Booking) {
  if (b.status === 'in_session' && b.sessionId)
    return h(
      'a',
      { class: 'btn btn-small btn-primary', href: href(`/notary/session/${b.sessionId}`), 'data-testid': 'join-session' },
      L('进入视频', 'Join video'),
    );
  if (b.status === 'completed' && b.sessionId)
    return h('a', { class: 'btn btn-small', href: href(`/notary/session/${b.sessionId}`) }, L('查看', 'View'));
  if (b.status === 'checked_in')
    return h('span', { class: 'muted small' }, L('已核验，等待服务点发起会话', 'checked in; the point starts the session'));
  if (b.status === 'confirmed') return checkInOverrideAction(b.id, () => undefined);
  return null;
}
