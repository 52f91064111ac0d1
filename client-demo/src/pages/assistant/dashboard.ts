import { matterName } from '../../matter-names.js';
import { type StaffAuth } from '../../api.js';
import { endpoints } from '../../endpoints.js';
import { field, h, mount } from '../../dom.js';
import { formatTime, L, pick, shanghaiToday } from '../../i18n.js';
import { go, href } from '../../router.js';
import { forgetTerminal, registerTerminal, storedTerminal } from '../../terminal.js';
import type { Booking } from '../../types.js';
import { actionButton, banner, card, chip, dataTable, definitionList, empty, errorBox, load, techDetails } from '../../ui.js';
import { printCertificate } from '../citizen/index.js';
import { consoleHead, dayListCard, openOnNextDayWithWork, staffSocket } from '../staff.js';

// ── dashboard ────────────────────────────────────────────────────────────────

export function dashboard(root: HTMLElement, auth: StaffAuth, rerender: () => void) {
  const pointId = auth.user.pointId!;
  const where = h('span', null, '…');
  const terminalBox = h('div');
  const listBox = h('div', { 'data-testid': 'assistant-bookings' });
  const dayNote = h('div', { 'data-testid': 'day-note' });
  const walkInBox = h('div');
  const dateIn = h('input', { type: 'date', value: shanghaiToday(), 'data-testid': 'assistant-date' });
  const live = staffSocket('assistant', () => void refresh(true));

  mount(
    root,
    consoleHead('assistant', auth, where, rerender, live.badge),
    h(
      'div',
      { class: 'grid-main' },
      h(
        'div',
        { class: 'stack' },
        dayListCard(L('预约与现场申请', 'Bookings and walk-ins'), dateIn, () => void refresh(false), listBox, dayNote),
      ),
      h('div', { class: 'stack' }, terminalBox, walkInBox),
    ),
  );
  dateIn.addEventListener('change', () => (mount(dayNote), void refresh(false)));

  endpoints.point(pointId).then(
    (p) => mount(where, p.name),
    () => mount(where, L('本服务点', 'this point')),
  );

  const showTerminal = () => mount(terminalBox, terminalCard(pointId, showTerminal));
  showTerminal();
  mount(
    walkInBox,
    walkInCard(pointId, () => void refresh(true)),
  );

  const refresh = (quiet: boolean) =>
    load(
      listBox,
      () => endpoints.bookings(dateIn.value, 'assistant'),
      (rows) => (rows.length ? bookingTable(rows) : empty(L('当天没有预约或现场申请。', 'No bookings or walk-ins on this day.'))),
      quiet,
    );
  void openOnNextDayWithWork(dateIn, (day) => endpoints.bookings(day, 'assistant'), dayNote).then(() => refresh(false));
  const timer = setInterval(() => void refresh(true), 10_000);
  return () => {
    clearInterval(timer);
    live.close();
  };
}

function bookingTable(rows: Booking[]) {
  return dataTable<Booking>(
    [
      [L('时间', 'Time'), (b) => (b.start ? formatTime(b.start, false) : h('span', { class: 'muted' }, L('现场', 'walk-in')))],
      [L('案件号', 'Case'), (b) => b.caseNo, { class: 'mono' }],
      [L('申请人', 'Applicant'), (b) => [b.applicant.name, h('div', { class: 'muted small' }, b.applicant.idNumberMasked)]],
      [L('事项', 'Matter'), (b) => matterName(b.matter)],
      [L('公证员', 'Notary'), (b) => b.notary?.displayName ?? (b.status === 'waiting' ? L('待受理', 'unclaimed') : '—')],
      [L('状态', 'Status'), (b) => chip(b.status)],
      ['', rowActions, { class: 'actions' }],
    ],
    rows,
    (b) => ({ dataset: { caseNo: b.caseNo, bookingId: b.id }, 'data-testid': 'booking-row' }),
  );
}

function rowActions(b: Booking) {
  if (b.status === 'confirmed')
    return h(
      'a',
      { class: 'btn btn-small btn-primary', href: href(`/assistant/check-in/${b.id}`), 'data-testid': 'check-in' },
      L('身份核验', 'Check in'),
    );
  // Checked in: no open session (a session that was aborted leaves the applicant checked in).
  if (b.status === 'checked_in') return startSessionButton(b.id);
  if (b.status === 'in_session' && b.sessionId)
    return h(
      'a',
      { class: 'btn btn-small btn-primary', href: href(`/assistant/session/${b.sessionId}`), 'data-testid': 'open-session' },
      L('进入会话', 'Open session'),
    );
  if (b.status === 'waiting') return h('span', { class: 'muted small' }, L('等待公证员受理', 'waiting for a notary'));
  if (b.status === 'completed' && b.sessionId) {
    return h(
      'span',
      { class: 'row' },
      b.certificateId
        ? actionButton(L('打印公证书', 'Print certificate'), () => printCertificate(b.certificateId!, 'assistant'), { small: true })
        : null,
      h('a', { class: 'btn btn-small', href: href(`/assistant/session/${b.sessionId}`) }, L('查看', 'View')),
    );
  }
  return null;
}

export function startSessionButton(bookingId: string) {
  return actionButton(
    L('开始视频会话', 'Start the session'),
    async () => {
      const s = await endpoints.startSession({ bookingId });
      go(`/assistant/session/${s.id}`);
    },
    { kind: 'primary', small: true, testId: 'start-session' },
  );
}

function terminalCard(pointId: string, redraw: () => void) {
  const t = storedTerminal(pointId);
  return card(
    h('span', null, L('终端', 'Terminal'), ' ', h('span', { class: 'sim-tag' }, L('模拟器', 'SIMULATOR'))),
    h(
      'p',
      { class: 'muted small' },
      L(
        '本浏览器充当服务点的身份核验终端（读卡器 + 人脸比对）。登记后，核验结果由本机自动签名，服务端据此确认结果来自本服务点。',
        'This browser plays the point’s identity terminal (card reader + face match). Once registered, it signs each check-in result, so the service knows it came from this point.',
      ),
    ),
    t
      ? h(
          'div',
          { 'data-testid': 'terminal-registered' },
          definitionList([
            [L('名称', 'Label'), t.label],
            [L('状态', 'State'), L('已登记，可以核验', 'Registered; ready for check-ins')],
          ]),
          techDetails(`Ed25519 · kid ${t.kid}`),
          h(
            'button',
            { type: 'button', class: 'link small', onclick: () => (forgetTerminal(pointId), redraw()) },
            L('忘记此终端（需重新登记）', 'Forget this terminal (register again)'),
          ),
        )
      : actionButton(
          L('登记本浏览器为终端', 'Register this browser as a terminal'),
          async () => {
            await registerTerminal(pointId, L('演示终端（浏览器模拟器）', 'Demo terminal (browser simulator)'));
            redraw();
          },
          { kind: 'primary', testId: 'register-terminal' },
        ),
  );
}

function walkInCard(pointId: string, changed: () => void) {
  const matterSel = h('select', { 'data-testid': 'walkin-matter' });
  const nameIn = h('input', { required: true, maxLength: 40, 'data-testid': 'walkin-name' });
  const idIn = h('input', { required: true, maxLength: 18, 'data-testid': 'walkin-id' });
  const phoneIn = h('input', { type: 'tel', required: true, maxLength: 13, 'data-testid': 'walkin-phone' });
  const out = h('div', { 'data-testid': 'walkin-result' });
  endpoints.matters().then(
    (ms) => mount(matterSel, ...ms.filter((m) => m.enabled).map((m) => h('option', { value: m.code }, pick(m.nameZh, m.nameEn)))),
    (err: unknown) => mount(out, errorBox(err)),
  );
  const submit = actionButton(
    L('登记并排队', 'Register and queue'),
    async () => {
      const b = await endpoints.walkIn({
        pointId,
        matterCode: matterSel.value,
        applicant: { name: nameIn.value.trim(), idNumber: idIn.value.trim().toUpperCase(), phone: phoneIn.value.trim() },
      });
      mount(
        out,
        banner('ok', L('已登记，值班公证员会收到提醒。', 'Registered; the notaries on duty are notified.')),
        h(
          'div',
          { class: 'codes' },
          h('div', null, h('span', { class: 'muted' }, L('案件号', 'Case number')), h('strong', { class: 'code' }, b.caseNo)),
          h('div', null, h('span', { class: 'muted' }, L('访问码', 'Access code')), h('strong', { class: 'code' }, b.accessCode ?? '')),
        ),
        h(
          'p',
          { class: 'muted small' },
          L('请将案件号和访问码交给申请人（可打印本页）。', 'Give the case number and access code to the applicant (print this page).'),
        ),
      );
      nameIn.value = idIn.value = phoneIn.value = '';
      changed();
    },
    { kind: 'primary', testId: 'walkin-submit' },
  );
  return card(
    L('现场申请登记', 'Register a walk-in'),
    h(
      'div',
      { class: 'stack' },
      field(L('事项', 'Matter'), matterSel),
      field(L('姓名', 'Name'), nameIn),
      field(L('身份证号码', 'ID number'), idIn),
      field(L('手机号码', 'Mobile'), phoneIn),
      submit,
      out,
    ),
  );
}
