import { matterName } from '../../matter-names.js';
import { ApiError, errorText, type CaseAuth } from '../../api.js';
import { isValidIdNumber, MAINLAND_MOBILE, normaliseIdNumber } from '../../../../src/common/id-number.js';
import { datePicker } from '../../date-picker.js';
import { errorDetails } from '../../messages.js';
import { caseLogin, endpoints } from '../../endpoints.js';
import { field, h, mount, saveBlob } from '../../dom.js';
import { formatDay, formatTime, L, pick } from '../../i18n.js';
import { go, href, type Page } from '../../router.js';
import type { CreatedBooking, Matter, Point, Slot } from '../../types.js';
import { actionButton, banner, card, definitionList, empty, errorBox, loading, techDetails } from '../../ui.js';
import { formatHours } from './points.js';

// ── booking ──────────────────────────────────────────────────────────────────

/** Parts of the day the free times are grouped under (Asia/Shanghai hours, from inclusive, to exclusive). */
const DAY_PARTS: [zh: string, en: string, from: number, to: number][] = [
  ['凌晨', 'Early morning', 0, 6],
  ['上午', 'Morning', 6, 12],
  ['下午', 'Afternoon', 12, 18],
  ['晚上', 'Evening', 18, 24],
];
export const bookPage: Page = ({ root, query }) => {
  let points: Point[] = [];
  let matters: Matter[] = [];
  let chosenSlot: Slot | null = null;

  const pointSel = h('select', { name: 'point', 'data-testid': 'book-point', required: true });
  const matterSel = h('select', { name: 'matter', 'data-testid': 'book-matter', required: true });
  const picker = datePicker(() => void showSlots());
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
  const nameErr = fieldError('book-name-error');
  const idErr = fieldError('book-id-error');
  const phoneErr = fieldError('book-phone-error');
  const slotErr = fieldError('book-slot-error');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'book-submit' }, L('提交预约', 'Book'));

  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    card(L('① 服务点', '① Point'), field(L('服务点', 'Point'), pointSel), pointInfo),
    card(L('② 公证事项', '② Matter'), field(L('事项', 'Matter'), matterSel), matterInfo),
    card(L('③ 时间', '③ Time'), picker.el, slotsBox, slotErr.el),
    card(
      L('④ 申请人', '④ Applicant'),
      h(
        'div',
        { class: 'grid-3' },
        withError(field(L('姓名', 'Name'), nameIn), nameIn, nameErr),
        withError(
          field(L('居民身份证号码', 'Resident ID number'), idIn, L('18 位，末位可为 X', '18 characters; the last may be X')),
          idIn,
          idErr,
        ),
        withError(field(L('手机号码', 'Mobile phone'), phoneIn), phoneIn, phoneErr),
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
  /** Shows the chosen day's times; keeps the chosen time when it is still free (after an error, say). */
  async function showSlots() {
    const date = picker.chosen();
    const keep = chosenSlot?.start;
    chosenSlot = null;
    if (!pointSel.value || !matterSel.value)
      return mount(slotsBox, empty(L('请先选择服务点和事项。', 'Choose a point and a matter first.')));
    if (!date) return mount(slotsBox);
    const req = ++slotsReq;
    mount(slotsBox, loading(L('查询可预约时间…', 'Finding free times…')));
    try {
      const slots = await endpoints.slots(pointSel.value, date, matterSel.value);
      if (req !== slotsReq) return;
      if (!slots.length) return mount(slotsBox, empty(L('当天的时间已约满，请另选一天。', 'This day is full; please pick another.')));
      const buttons = slots.map((s) =>
        h(
          'button',
          {
            type: 'button',
            class: 'slot',
            'data-testid': 'slot',
            'aria-pressed': 'false',
            tabindex: -1,
            dataset: { start: s.start },
            onclick: () => select(s),
          },
          formatTime(s.start, false),
        ),
      );
      const select = (s: (typeof slots)[number]) => {
        chosenSlot = s;
        slotErr.set('');
        for (const b of buttons) {
          const on = b.dataset.start === s.start;
          b.classList.toggle('selected', on);
          b.setAttribute('aria-pressed', String(on));
          b.tabIndex = on ? 0 : -1;
        }
      };
      // One tab stop for the whole group; arrow keys move between times. The times are shown by
      // part of the day, each under its heading, so a long day can be scanned.
      const group = h(
        'div',
        { class: 'slot-group', role: 'group', 'aria-label': L(`${formatDay(date)} 可约时间`, `Free times on ${formatDay(date)}`) },
        ...DAY_PARTS.map(([zh, en, from, to]) => {
          const part = buttons.filter((b) => {
            const hour = Number((b.textContent ?? '').slice(0, 2));
            return hour >= from && hour < to;
          });
          return part.length
            ? h(
                'div',
                { class: 'slot-part' },
                h(
                  'h3',
                  { class: 'slot-part-title' },
                  L(zh, en),
                  h('span', { class: 'muted small' }, ` · ${L(`${part.length} 个时间`, `${part.length} times`)}`),
                ),
                h('div', { class: 'slot-part-times' }, ...part),
              )
            : null;
        }),
      );
      group.addEventListener('keydown', (e) => {
        const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
        const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity }[e.key];
        if (at < 0 || step === undefined) return;
        e.preventDefault();
        const next = Math.max(0, Math.min(buttons.length - 1, Number.isFinite(step) ? at + step : step > 0 ? buttons.length - 1 : 0));
        for (const b of buttons) b.tabIndex = -1;
        buttons[next].tabIndex = 0;
        buttons[next].focus();
      });
      buttons[0].tabIndex = 0;
      mount(slotsBox, group);
      const again = keep && slots.find((s) => s.start === keep);
      if (again) select(again);
    } catch (err) {
      if (req === slotsReq)
        mount(
          slotsBox,
          errorBox(err, () => void showSlots()),
        );
    }
  }
  const reload = () => void picker.load(pointSel.value, matterSel.value);

  pointSel.addEventListener('change', () => {
    showPoint();
    reload();
  });
  matterSel.addEventListener('change', () => {
    showMatter();
    reload();
  });
  // Checked where the citizen types, as the service checks them: the ID's check digit, a mobile number.
  const checkName = () => nameErr.set(nameIn.value.trim() ? '' : L('请填写姓名。', 'Enter the name.'));
  const checkId = () => {
    const id = normaliseIdNumber(idIn.value);
    idErr.set(
      !id
        ? L('请填写身份证号码。', 'Enter the ID number.')
        : !/^\d{17}[\dX]$/.test(id)
          ? L(`身份证号码应为 18 位（现在是 ${id.length} 位）。`, `The ID number has 18 characters (this has ${id.length}).`)
          : isValidIdNumber(id)
            ? ''
            : L(
                '身份证号码校验不通过，请逐位核对（最后一位是校验码，可能是 X）。',
                'The ID number does not check out; compare it digit by digit (the last is a check digit, possibly X).',
              ),
    );
  };
  const phoneOf = () => phoneIn.value.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  const checkPhone = () =>
    phoneErr.set(
      !phoneOf()
        ? L('请填写手机号码。', 'Enter the mobile number.')
        : MAINLAND_MOBILE.test(phoneOf())
          ? ''
          : L(
              `手机号码应为 11 位、以 1 开头（现在是 ${phoneOf().length} 位）。`,
              `A mobile number has 11 digits starting with 1 (this has ${phoneOf().length}).`,
            ),
    );
  nameIn.addEventListener('blur', checkName);
  idIn.addEventListener('blur', checkId);
  phoneIn.addEventListener('blur', checkPhone);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    mount(submitOut);
    slotErr.set(chosenSlot ? '' : L('请选择一个时间。', 'Pick a time.'));
    checkName();
    checkId();
    checkPhone();
    const firstBad = [slotErr, nameErr, idErr, phoneErr].find((x) => x.has());
    if (firstBad) {
      if (firstBad === slotErr) (slotsBox.querySelector<HTMLElement>('.slot') ?? picker.el).focus();
      else ({ [nameErr.id]: nameIn, [idErr.id]: idIn, [phoneErr.id]: phoneIn })[firstBad.id]?.focus();
      return;
    }
    submit.disabled = true;
    try {
      const b = await endpoints.book({
        pointId: pointSel.value,
        matterCode: matterSel.value,
        start: chosenSlot!.start,
        applicant: { name: nameIn.value.trim(), idNumber: normaliseIdNumber(idIn.value), phone: phoneOf() },
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
      // At its field when the service names one; everything chosen and typed stays.
      const code = err instanceof ApiError ? err.code : '';
      const at =
        code === 'INVALID_ID_NUMBER'
          ? idErr
          : code === 'INVALID_PHONE'
            ? phoneErr
            : code === 'INVALID_NAME' || code === 'UNPRINTABLE_NAME'
              ? nameErr
              : null;
      if (at) at.set(errorText(err));
      else mount(submitOut, errorText(err), techDetails(errorDetails(err)));
      // The time may have gone: show the current ones (the chosen one stays chosen while free).
      if (!at) void showSlots();
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
      reload();
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
        [L('事项', 'Matter'), matterName(b.matter)],
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

interface FieldError {
  id: string;
  el: HTMLElement;
  set(message: string): void;
  has(): boolean;
}

/** An error line under one field, tied to its input (aria-describedby, aria-invalid). */
function fieldError(id: string): FieldError {
  const el = h('div', { class: 'field-error', id, 'data-testid': id, role: 'alert', hidden: true });
  let input: HTMLElement | null = null;
  return {
    id,
    el,
    set(message: string) {
      el.textContent = message;
      el.hidden = !message;
      if (input) input.setAttribute('aria-invalid', String(!!message));
    },
    has: () => !!el.textContent,
    get input() {
      return input;
    },
    set input(x: HTMLElement | null) {
      input = x;
    },
  } as FieldError & { input: HTMLElement | null };
}

function withError(label: HTMLLabelElement, input: HTMLElement, err: FieldError) {
  (err as FieldError & { input: HTMLElement | null }).input = input;
  input.setAttribute('aria-describedby', err.id);
  label.append(err.el);
  return label;
}
