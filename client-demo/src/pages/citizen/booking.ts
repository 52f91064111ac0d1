import { errorText, type CaseAuth } from '../../api.js';
import { caseLogin, endpoints } from '../../endpoints.js';
import { field, h, mount, saveBlob } from '../../dom.js';
import { formatTime, L, pick, shanghaiToday } from '../../i18n.js';
import { go, href, type Page } from '../../router.js';
import type { CreatedBooking, Matter, Point, Slot } from '../../types.js';
import { actionButton, banner, card, definitionList, empty, errorBox, loading } from '../../ui.js';
import { formatHours } from './points.js';

// ── booking ──────────────────────────────────────────────────────────────────

export const bookPage: Page = ({ root, query }) => {
  let points: Point[] = [];
  let matters: Matter[] = [];
  let chosenSlot: Slot | null = null;

  const pointSel = h('select', { name: 'point', 'data-testid': 'book-point', required: true });
  const matterSel = h('select', { name: 'matter', 'data-testid': 'book-matter', required: true });
  const dateIn = h('input', {
    type: 'date',
    name: 'date',
    'data-testid': 'book-date',
    value: shanghaiToday(),
    min: shanghaiToday(),
    max: shanghaiToday(30),
  });
  const pointInfo = h('div', { class: 'muted small' });
  const matterInfo = h('div', { class: 'matter-info' });
  const slotsBox = h('div', { class: 'slots', 'data-testid': 'slots' });
  const nameIn = h('input', { name: 'name', autocomplete: 'name', required: true, maxLength: 40, 'data-testid': 'book-name' });
  const idIn = h('input', {
    name: 'idNumber',
    required: true,
    maxLength: 18,
    inputMode: 'text',
    pattern: '\\d{17}[\\dXx]',
    'data-testid': 'book-id',
  });
  const phoneIn = h('input', {
    name: 'phone',
    type: 'tel',
    autocomplete: 'tel',
    required: true,
    maxLength: 13,
    'data-testid': 'book-phone',
  });
  const submitOut = h('div', { class: 'inline-error', role: 'alert', 'data-testid': 'book-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'book-submit' }, L('提交预约', 'Book'));

  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    card(L('① 服务点', '① Point'), field(L('服务点', 'Point'), pointSel), pointInfo),
    card(L('② 公证事项', '② Matter'), field(L('事项', 'Matter'), matterSel), matterInfo),
    card(L('③ 时间', '③ Time'), field(L('日期', 'Date'), dateIn), slotsBox),
    card(
      L('④ 申请人', '④ Applicant'),
      h(
        'div',
        { class: 'grid-3' },
        field(L('姓名', 'Name'), nameIn),
        field(L('居民身份证号码', 'Resident ID number'), idIn, L('18 位，末位可为 X', '18 characters; the last may be X')),
        field(L('手机号码', 'Mobile phone'), phoneIn),
      ),
      h(
        'p',
        { class: 'muted small' },
        L(
          '身份证号码仅用于到场核验，页面与记录中均以掩码显示。',
          'The ID number is used for the check-in at the point and is shown masked everywhere.',
        ),
      ),
      h('div', { class: 'row' }, submit, submitOut),
    ),
  );
  const page = h('div', null, h('h1', null, L('预约远程公证', 'Book a remote notarization')), form);
  mount(root, page);

  function showPoint() {
    const p = points.find((x) => x.id === pointSel.value);
    mount(pointInfo, p ? `${p.office.name} · ${p.address} · ${formatHours(p.openingHours)}` : '');
  }
  function showMatter() {
    const m = matters.find((x) => x.code === matterSel.value);
    if (!m) return mount(matterInfo);
    mount(
      matterInfo,
      h('p', null, pick(m.description, m.descriptionEn)),
      h('p', { class: 'muted small' }, L(`预计用时约 ${m.estimatedMinutes} 分钟`, `About ${m.estimatedMinutes} minutes`)),
      h('strong', null, L('请携带：', 'Bring:')),
      h('ul', { class: 'materials' }, ...m.requiredMaterials.map((x) => h('li', null, pick(x.zh, x.en)))),
    );
  }
  let slotsReq = 0;
  async function showSlots() {
    chosenSlot = null;
    if (!pointSel.value || !matterSel.value || !dateIn.value)
      return mount(slotsBox, empty(L('请先选择服务点、事项和日期。', 'Choose a point, a matter and a date first.')));
    const req = ++slotsReq;
    mount(slotsBox, loading(L('查询可预约时间…', 'Finding free times…')));
    try {
      const slots = await endpoints.slots(pointSel.value, dateIn.value, matterSel.value);
      if (req !== slotsReq) return;
      if (!slots.length) {
        const next = h('button', { type: 'button', class: 'btn btn-small', onclick: () => shiftDate(1) }, L('看下一天', 'Next day'));
        return mount(slotsBox, empty(L('当天没有可预约的时间。', 'No free time on this day.')), next);
      }
      mount(
        slotsBox,
        ...slots.map((s) => {
          const b = h(
            'button',
            { type: 'button', class: 'slot', 'data-testid': 'slot', dataset: { start: s.start } },
            formatTime(s.start, false),
          );
          b.addEventListener('click', () => {
            chosenSlot = s;
            for (const x of slotsBox.querySelectorAll('.slot')) x.classList.toggle('selected', x === b);
          });
          return b;
        }),
      );
    } catch (err) {
      if (req === slotsReq)
        mount(
          slotsBox,
          errorBox(err, () => void showSlots()),
        );
    }
  }
  function shiftDate(days: number) {
    const d = new Date(`${dateIn.value}T12:00:00+08:00`);
    d.setUTCDate(d.getUTCDate() + days);
    dateIn.value = d.toISOString().slice(0, 10);
    void showSlots();
  }

  pointSel.addEventListener('change', () => {
    showPoint();
    void showSlots();
  });
  matterSel.addEventListener('change', () => {
    showMatter();
    void showSlots();
  });
  dateIn.addEventListener('change', () => void showSlots());

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submitOut.textContent = '';
    if (!chosenSlot) return void (submitOut.textContent = L('请选择一个时间。', 'Pick a time.'));
    if (!nameIn.value.trim() || !idIn.value.trim() || !phoneIn.value.trim())
      return void (submitOut.textContent = L('请填写申请人信息。', 'Fill in the applicant.'));
    submit.disabled = true;
    try {
      const b = await endpoints.book({
        pointId: pointSel.value,
        matterCode: matterSel.value,
        start: chosenSlot.start,
        applicant: { name: nameIn.value.trim(), idNumber: idIn.value.trim().toUpperCase(), phone: phoneIn.value.trim() },
      });
      // Sign in with the code just given, so the invite and the status page work at once.
      const auth = await caseLogin(b.caseNo, b.accessCode!).catch(() => null);
      mount(
        page,
        booked(
          b,
          auth,
          matters.find((m) => m.code === b.matter.code),
        ),
      );
    } catch (err) {
      submitOut.textContent = errorText(err);
      // The slot may have gone: show the current ones.
      void showSlots();
    } finally {
      submit.disabled = false;
    }
  });

  async function start() {
    mount(slotsBox, loading());
    try {
      [points, matters] = await Promise.all([endpoints.points(), endpoints.matters()]);
      points = points.filter((p) => p.status === 'active');
      matters = matters.filter((m) => m.enabled);
      if (!points.length) {
        mount(
          form,
          banner(
            'warn',
            L(
              '还没有开放的服务点。管理员可运行 npm run seed:demo 载入示例数据。',
              'No point is open yet. An administrator can load the demo data with npm run seed:demo.',
            ),
          ),
        );
        return;
      }
      mount(pointSel, ...points.map((p) => h('option', { value: p.id, selected: p.id === query.get('point') }, p.name)));
      mount(
        matterSel,
        ...matters.map((m) => h('option', { value: m.code, selected: m.code === query.get('matter') }, `${pick(m.nameZh, m.nameEn)}`)),
      );
      showPoint();
      showMatter();
      await showSlots();
    } catch (err) {
      mount(
        form,
        errorBox(err, () => go('/book')),
      );
    }
  }
  void start();
};

function booked(b: CreatedBooking, auth: CaseAuth | null, matter?: Matter) {
  return h(
    'div',
    { class: 'stack', 'data-testid': 'booked' },
    h('h1', null, L('预约成功', 'Booked')),
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'codes' },
        h(
          'div',
          null,
          h('span', { class: 'muted' }, L('案件号', 'Case number')),
          h('strong', { class: 'code', 'data-testid': 'case-no' }, b.caseNo),
        ),
        h(
          'div',
          null,
          h('span', { class: 'muted' }, L('访问码', 'Access code')),
          h('strong', { class: 'code', 'data-testid': 'access-code' }, b.accessCode ?? ''),
        ),
      ),
      banner(
        'warn',
        L(
          '请妥善保存案件号和访问码：查询进度、下载公证书都需要它们，访问码不会再次显示。',
          'Keep the case number and the access code: you need both to follow the case and download the certificate. The code is not shown again.',
        ),
      ),
      definitionList([
        [L('时间', 'Time'), `${formatTime(b.start)} – ${formatTime(b.end, false)}`],
        [L('服务点', 'Point'), b.point.name],
        [L('事项', 'Matter'), b.matter.nameZh],
        [L('公证员', 'Notary'), b.notary?.displayName ?? '—'],
        [L('申请人', 'Applicant'), `${b.applicant.name} · ${b.applicant.idNumberMasked}`],
      ]),
      matter
        ? h(
            'div',
            null,
            h('strong', null, L('请携带：', 'Bring:')),
            h('ul', { class: 'materials' }, ...matter.requiredMaterials.map((x) => h('li', null, pick(x.zh, x.en)))),
          )
        : null,
      h(
        'div',
        { class: 'row' },
        auth
          ? actionButton(L('下载日历邀请 (.ics)', 'Download calendar invite (.ics)'), () => downloadInvite(b.id, b.caseNo), {
              testId: 'download-ics',
            })
          : null,
        h('a', { class: 'btn btn-primary', href: href('/case') }, L('查看案件进度', 'Follow the case')),
      ),
    ),
  );
}

export async function downloadInvite(bookingId: string, caseNo: string) {
  const blob = await endpoints.invite(bookingId);
  saveBlob(new Blob([blob], { type: 'text/calendar' }), `${caseNo}.ics`);
}
