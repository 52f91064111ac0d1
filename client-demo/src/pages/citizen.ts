import { errorText, getAuth, setAuth, type CaseAuth } from '../api.js';
import { caseLogin, endpoints } from '../endpoints.js';
import { field, h, mount, saveBlob } from '../dom.js';
import { formatTime, L, pick, shanghaiToday, statusLabel } from '../i18n.js';
import { go, href, type Page } from '../router.js';
import type { CreatedBooking, Matter, Point, Region, Slot, VerifyResult } from '../types.js';
import { actionButton, banner, card, chip, definitionList, empty, errorBox, load, loading } from '../ui.js';

// ── home ─────────────────────────────────────────────────────────────────────

export const homePage: Page = ({ root }) => {
  const tile = (path: string, title: string, text: string, testId: string) =>
    h('a', { class: 'tile', href: href(path), 'data-testid': testId }, h('strong', null, title), h('span', null, text));
  mount(
    root,
    h(
      'section',
      { class: 'hero' },
      h('h1', null, L('足不出镇，远程办理公证', 'Notarization from your township, over video')),
      h(
        'p',
        null,
        L(
          '在乡镇公共法律服务中心，由辅助人员核验身份，城区公证处的公证员通过视频为您办理，电子签名后即可下载公证书。',
          'At your township’s public legal-service centre an assistant checks your identity, a notary at the city office interviews you over video, you sign electronically, and you download the certificate.',
        ),
      ),
    ),
    h(
      'div',
      { class: 'tiles' },
      tile('/book', L('预约办理', 'Book an appointment'), L('选择服务点、事项和时间', 'Choose a point, a matter and a time'), 'tile-book'),
      tile(
        '/case',
        L('案件查询', 'Check my case'),
        L('凭案件号和访问码查看进度、下载公证书', 'Case number + access code: status and certificate'),
        'tile-case',
      ),
      tile(
        '/verify',
        L('公证书验证', 'Verify a certificate'),
        L('上传公证书 PDF 或扫描二维码', 'Upload the PDF or scan its QR code'),
        'tile-verify',
      ),
      tile(
        '/points',
        L('服务点与覆盖', 'Points and coverage'),
        L('查找附近的远程公证服务点', 'Find a remote notarization point'),
        'tile-points',
      ),
    ),
    h(
      'div',
      { class: 'tiles tiles-staff' },
      tile(
        '/assistant',
        L('辅助人员工作台', 'Assistant console'),
        L('今日预约、现场登记、身份核验、视频办理', 'Today’s bookings, walk-ins, check-in, video'),
        'tile-assistant',
      ),
      tile(
        '/notary',
        L('公证员工作台', 'Notary console'),
        L('值班、现场排队、视频询问、审批出证', 'Duty, live queue, interview, approval'),
        'tile-notary',
      ),
    ),
  );
};

// ── points and coverage ──────────────────────────────────────────────────────

const DAYS: [string, string, string][] = [
  ['mon', '周一', 'Mon'],
  ['tue', '周二', 'Tue'],
  ['wed', '周三', 'Wed'],
  ['thu', '周四', 'Thu'],
  ['fri', '周五', 'Fri'],
  ['sat', '周六', 'Sat'],
  ['sun', '周日', 'Sun'],
];

/** "周一至周五 08:30–12:00, 13:30–17:30；周六 09:00–12:00": runs of days with the same hours. */
export function formatHours(hours: Record<string, string[][]>): string {
  const text = (d: string) => (hours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');
  const parts: string[] = [];
  for (let i = 0; i < DAYS.length;) {
    const t = text(DAYS[i][0]);
    let j = i;
    while (j + 1 < DAYS.length && text(DAYS[j + 1][0]) === t) j++;
    if (t) {
      const name = (k: number) => L(DAYS[k][1], DAYS[k][2]);
      parts.push(`${i === j ? name(i) : `${name(i)}${L('至', '–')}${name(j)}`} ${t}`);
    }
    i = j + 1;
  }
  return parts.join(L('；', '; ')) || L('暂无开放时间', 'no opening hours');
}

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

function rateBar(rate: number | null) {
  const pct = Math.round((rate ?? 0) * 100);
  return h('span', { class: 'bar', role: 'img', 'aria-label': percent(rate) }, h('span', { class: 'bar-fill', style: `width:${pct}%` }));
}

export const pointsPage: Page = ({ root, query }) => {
  const selects = h('div', { class: 'row' });
  const coverageBox = h('div');
  const pointsBox = h('div');
  mount(
    root,
    h('h1', null, L('服务点与覆盖率', 'Points and coverage')),
    card(L('选择地区', 'Region'), selects),
    h('div', { class: 'grid-2' }, coverageBox, pointsBox),
  );

  const regions = (parent?: string) => endpoints.regions(parent);
  const select = (label: string, items: Region[], value: string, onChange: (v: string) => void) => {
    const s = h(
      'select',
      { onchange: () => onChange(s.value) },
      ...items.map((r) => h('option', { value: r.code, selected: r.code === value }, r.name)),
    );
    return field(label, s);
  };

  async function showCounty(code: string) {
    await load(
      pointsBox,
      () => Promise.all([endpoints.coverage(code), endpoints.points(code)]),
      ([cov, points]) =>
        card(
          `${cov.region.name} · ${L('服务点', 'points')}`,
          h(
            'p',
            { class: 'muted' },
            L(
              `${cov.townships} 个乡镇（街道）中 ${cov.townshipsWithActivePoint} 个设有服务点，覆盖率 ${percent(cov.rate)}`,
              `${cov.townshipsWithActivePoint} of ${cov.townships} townships have a point: ${percent(cov.rate)}`,
            ),
          ),
          points.length
            ? h(
                'ul',
                { class: 'list' },
                ...points.map((p) =>
                  h(
                    'li',
                    { class: 'list-item' },
                    h(
                      'div',
                      null,
                      h('strong', null, p.name),
                      ' ',
                      p.status === 'active' ? null : chip('suspended'),
                      h('div', { class: 'muted' }, `${p.address} · ${p.phone}`),
                      h('div', { class: 'muted small' }, formatHours(p.openingHours)),
                    ),
                    p.status === 'active'
                      ? h('a', { class: 'btn btn-small btn-primary', href: href(`/book?point=${p.id}`) }, L('预约', 'Book'))
                      : null,
                  ),
                ),
              )
            : empty(L('该地区还没有服务点。', 'No point in this region yet.')),
        ),
    );
  }

  async function showCity(code: string, county?: string) {
    const cov = await load(
      coverageBox,
      () => endpoints.coverage(code),
      (cov) =>
        card(
          `${cov.region.name} · ${L('各县（市、区）覆盖率', 'coverage by county')}`,
          h(
            'p',
            { class: 'muted' },
            L(
              `全市 ${cov.townshipsWithActivePoint}/${cov.townships} 个乡镇，覆盖率 ${percent(cov.rate)}`,
              `Whole city: ${cov.townshipsWithActivePoint}/${cov.townships} townships, ${percent(cov.rate)}`,
            ),
          ),
          h(
            'ul',
            { class: 'coverage' },
            ...(cov.children ?? []).map((c) =>
              h(
                'li',
                null,
                h('button', { type: 'button', class: 'link', onclick: () => void pickCounty(c.region.code) }, c.region.name),
                rateBar(c.rate),
                h('span', { class: 'rate' }, `${percent(c.rate)} (${c.townshipsWithActivePoint}/${c.townships})`),
              ),
            ),
          ),
        ),
    );
    const counties = await regions(code).catch(() => [] as Region[]);
    const withPoints = cov?.children?.find((c) => c.townshipsWithActivePoint > 0)?.region.code;
    const chosen = county && counties.some((c) => c.code === county) ? county : (withPoints ?? counties[0]?.code);
    if (selects.children[2]) selects.children[2].remove();
    if (counties.length) selects.append(select(L('县（市、区）', 'County'), counties, chosen ?? '', (v) => void pickCounty(v)));
    if (chosen) await showCounty(chosen);
    else mount(pointsBox, empty(L('没有下级地区。', 'No counties.')));
  }

  async function pickCounty(code: string) {
    const s = selects.children[2]?.querySelector('select');
    if (s) s.value = code;
    await showCounty(code);
  }

  async function start() {
    mount(selects, loading());
    try {
      const provinces = await regions();
      if (!provinces.length) {
        mount(
          selects,
          empty(
            L(
              '尚未登记任何地区。管理员可运行 npm run seed:demo 载入示例数据。',
              'No regions yet. An administrator can load the demo data with npm run seed:demo.',
            ),
          ),
        );
        return;
      }
      const wanted = query.get('region') ?? '321181';
      const province = provinces.find((p) => wanted.startsWith(p.code.slice(0, 2))) ?? provinces[0];
      const cities = await regions(province.code);
      const city = cities.find((c) => wanted.startsWith(c.code.slice(0, 4))) ?? cities[0];
      mount(
        selects,
        select(L('省', 'Province'), provinces, province.code, () => void start()),
        city ? select(L('市', 'City'), cities, city.code, (v) => void showCity(v)) : null,
      );
      if (city) await showCity(city.code, wanted);
    } catch (err) {
      mount(
        selects,
        errorBox(err, () => void start()),
      );
    }
  }
  void start();
};

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

async function downloadInvite(bookingId: string, caseNo: string) {
  const blob = await endpoints.invite(bookingId);
  saveBlob(new Blob([blob], { type: 'text/calendar' }), `${caseNo}.ics`);
}

// ── case status ──────────────────────────────────────────────────────────────

const STEPS: [string, string, string[]][] = [
  ['预约', 'Booked', ['confirmed', 'waiting']],
  ['身份核验', 'Checked in', ['checked_in']],
  ['视频办理', 'Video interview', ['in_session']],
  ['出证', 'Certificate', ['completed']],
];

function progress(status: string) {
  // A finished case has every step behind it.
  const at = status === 'completed' ? STEPS.length : STEPS.findIndex(([, , s]) => s.includes(status));
  return h(
    'ol',
    { class: 'steps' },
    ...STEPS.map(([zh, en], i) => h('li', { class: i < at ? 'done' : i === at ? 'current' : '' }, L(zh, en))),
  );
}

export const casePage: Page = ({ root, rerender }) => {
  const auth = getAuth('citizen');
  const lost = sessionStorage.getItem('demo.authLostNotice') === 'citizen';
  if (lost) sessionStorage.removeItem('demo.authLostNotice');
  if (!auth) {
    const caseIn = h('input', {
      name: 'caseNo',
      required: true,
      placeholder: 'RN20261201-7KQ4M',
      autocomplete: 'off',
      'data-testid': 'case-login-no',
    });
    const codeIn = h('input', {
      name: 'accessCode',
      required: true,
      inputMode: 'numeric',
      autocomplete: 'off',
      maxLength: 8,
      'data-testid': 'case-login-code',
    });
    const out = h('div', { class: 'inline-error', role: 'alert', 'data-testid': 'case-login-error' });
    const btn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'case-login-submit' }, L('查询', 'Sign in'));
    const form = h(
      'form',
      { class: 'stack narrow' },
      lost ? banner('warn', L('登录已过期，请重新输入。', 'Your sign-in expired; please sign in again.')) : null,
      field(L('案件号', 'Case number'), caseIn),
      field(L('访问码', 'Access code'), codeIn, L('预约成功时显示的 8 位数字', 'The 8 digits shown when you booked')),
      h('div', { class: 'row' }, btn, out),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      btn.disabled = true;
      out.textContent = '';
      try {
        await caseLogin(caseIn.value, codeIn.value);
        rerender();
      } catch (err) {
        out.textContent = errorText(err);
      } finally {
        btn.disabled = false;
      }
    });
    const box = card(L('凭案件号和访问码登录', 'Sign in with the case number and access code'), form);
    box.classList.add('login-card');
    mount(root, h('h1', null, L('案件查询', 'My case')), box);
    return;
  }

  const box = h('div');
  const signOut = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost btn-small',
      'data-testid': 'case-logout',
      onclick: () => (setAuth('citizen', null), rerender()),
    },
    L('退出', 'Sign out'),
  );
  mount(
    root,
    h('div', { class: 'page-head' }, h('h1', null, L('案件', 'Case'), ' ', h('span', { class: 'code' }, auth.caseNo)), signOut),
    box,
  );

  const show = (quiet: boolean) =>
    load(
      box,
      () => endpoints.booking(auth.bookingId, 'citizen'),
      (b) => {
        const cert = b.certificateId
          ? card(
              L('公证书', 'Certificate'),
              h(
                'p',
                { 'data-testid': 'certificate-ready' },
                L('公证书已出具。', 'The certificate has been issued.'),
                b.certificateNo ? [' ', h('strong', null, b.certificateNo)] : null,
              ),
              h(
                'div',
                { class: 'row' },
                actionButton(
                  L('下载公证书 PDF', 'Download the certificate (PDF)'),
                  () => downloadCertificate(b.certificateId!, b.caseNo, 'citizen'),
                  { kind: 'primary', testId: 'download-certificate' },
                ),
                actionButton(L('打印', 'Print'), () => printCertificate(b.certificateId!, 'citizen')),
                h(
                  'a',
                  { class: 'btn', href: `/verify/${b.certificateId}`, target: '_blank', rel: 'noopener' },
                  L('在线验证页', 'Verification page'),
                ),
              ),
            )
          : null;
        return h(
          'div',
          { class: 'stack' },
          card(
            h('span', null, L('办理进度', 'Progress'), ' ', chip(b.status)),
            progress(b.status),
            b.cancelReason ? banner('info', `${L('原因：', 'Reason: ')}${b.cancelReason}`) : null,
            definitionList([
              [L('事项', 'Matter'), b.matter.nameZh],
              [L('服务点', 'Point'), b.point.name],
              [L('公证处', 'Office'), b.office.name],
              [L('时间', 'Time'), b.start ? `${formatTime(b.start)} – ${formatTime(b.end, false)}` : L('现场排队', 'walk-in queue')],
              [L('公证员', 'Notary'), b.notary?.displayName ?? '—'],
              [L('申请人', 'Applicant'), `${b.applicant.name} · ${b.applicant.idNumberMasked} · ${b.applicant.phoneMasked}`],
            ]),
            h(
              'div',
              { class: 'row' },
              b.kind === 'appointment' && b.status === 'confirmed'
                ? actionButton(L('下载日历邀请 (.ics)', 'Calendar invite (.ics)'), () => downloadInvite(b.id, b.caseNo))
                : null,
              h(
                'button',
                { type: 'button', class: 'btn btn-ghost btn-small', 'data-testid': 'case-refresh', onclick: () => void show(false) },
                L('刷新', 'Refresh'),
              ),
            ),
          ),
          cert ??
            (b.status === 'completed'
              ? banner(
                  'info',
                  L(
                    '案件已办结。出具公证书的，可在此下载；如有疑问请联系服务点。',
                    'The case is closed. Where a certificate was issued it can be downloaded here; ask the point if in doubt.',
                  ),
                )
              : null),
          h(
            'p',
            { class: 'muted small' },
            L('状态：', 'Status: '),
            statusLabel(b.status),
            ' · ',
            L('页面每 15 秒自动刷新。', 'This page refreshes every 15 seconds.'),
          ),
        );
      },
      quiet,
    );
  void show(false);
  const timer = setInterval(() => void show(true), 15_000);
  return () => clearInterval(timer);
};

export async function downloadCertificate(id: string, caseNo: string, as: 'citizen' | 'assistant' | 'notary') {
  const blob = await endpoints.certificatePdf(id, as);
  saveBlob(new Blob([blob], { type: 'application/pdf' }), `${caseNo}-certificate.pdf`);
}

export async function printCertificate(id: string, as: 'citizen' | 'assistant' | 'notary') {
  const blob = await endpoints.certificatePdf(id, as);
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
  // The browser's PDF viewer prints with its own button; a new tab keeps this page's state.
  const w = window.open(url, '_blank');
  if (!w) location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), 300_000);
}

// ── verification ─────────────────────────────────────────────────────────────

export const verifyPage: Page = ({ root }) => {
  const result = h('div', { 'data-testid': 'verify-result', 'aria-live': 'polite' });
  const fileIn = h('input', { type: 'file', accept: 'application/pdf,.pdf', 'data-testid': 'verify-file' });
  const drop = h(
    'label',
    { class: 'dropzone' },
    h('strong', null, L('选择或拖入公证书 PDF', 'Choose or drop the certificate PDF')),
    h('span', { class: 'muted small' }, L('文件只用于验证签名与登记信息', 'The file is only used to check its signature and record')),
    fileIn,
  );
  const check = async (file: File) => {
    if (file.size > 20 * 1024 * 1024) return mount(result, errorBox(new Error(L('文件过大。', 'The file is too large.'))));
    mount(result, loading(L('正在验证…', 'Verifying…')));
    try {
      const r = await endpoints.verify(new Blob([await file.arrayBuffer()], { type: 'application/pdf' }));
      mount(result, verdict(r, file.name));
    } catch (err) {
      mount(result, errorBox(err));
    }
  };
  fileIn.addEventListener('change', () => fileIn.files?.[0] && void check(fileIn.files[0]));
  drop.addEventListener('dragover', (e) => (e.preventDefault(), drop.classList.add('over')));
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) void check(f);
  });
  mount(
    root,
    h('h1', null, L('公证书验证', 'Verify a certificate')),
    card(
      null,
      h(
        'p',
        null,
        L(
          '上传公证书 PDF，系统核对其电子签名、登记状态和存证记录。扫描公证书上的二维码可直接打开该证书的验证页。',
          'Upload a certificate PDF to check its electronic signature, its status in the register and its evidence record. The QR code on a certificate opens its own verification page.',
        ),
      ),
      drop,
    ),
    result,
  );
};

const REASONS: Record<string, [string, string]> = {
  REVOKED: ['该公证书已被撤销。', 'This certificate has been revoked.'],
  TAMPERED: ['文件与出具的公证书不一致（可能被修改过）。', 'The file differs from the certificate as issued (it may have been altered).'],
  UNKNOWN: ['系统中没有这份公证书的记录。', 'No certificate on record matches this file.'],
  AUDIT_BROKEN: ['存证记录校验失败。', 'The evidence record does not check out.'],
};

function verdict(r: VerifyResult, fileName: string) {
  const c = r.certificate;
  const why = r.reason ? (REASONS[r.reason] ? L(...REASONS[r.reason]) : r.reason) : null;
  return card(
    null,
    h(
      'div',
      { class: `verdict ${r.valid ? 'verdict-ok' : 'verdict-bad'}`, 'data-testid': r.valid ? 'verify-valid' : 'verify-invalid' },
      h('span', { class: 'verdict-mark', 'aria-hidden': 'true' }, r.valid ? '✓' : '✗'),
      h(
        'div',
        null,
        h('strong', null, r.valid ? L('验证通过：公证书真实有效', 'Valid: a genuine certificate in force') : L('验证未通过', 'Not valid')),
        why ? h('div', null, why, r.revokedAt ? ` (${formatTime(r.revokedAt)})` : '') : null,
        h('div', { class: 'muted small' }, fileName),
      ),
    ),
    c
      ? definitionList([
          [L('公证书编号', 'Certificate no.'), h('strong', null, c.no)],
          [L('公证事项', 'Matter'), c.matter],
          [L('公证机构', 'Office'), c.office],
          [L('出具时间', 'Issued'), formatTime(c.issuedAt)],
          [L('当事人', 'Holder'), c.holderMasked],
          [L('状态', 'Status'), chip(c.status)],
          [
            L('电子签名', 'Signature'),
            r.signature
              ? `${r.signature.cms === 'valid' ? L('与出具文件一致', 'matches the issued file') : L('与出具文件不一致', 'does not match the issued file')} · ${r.signature.signer}`
              : null,
          ],
          [
            L('存证', 'Evidence log'),
            r.audit
              ? h(
                  'span',
                  null,
                  `#${r.audit.seq} `,
                  r.audit.chainOk ? L('链完整', 'chain intact') : L('链校验失败', 'chain broken'),
                  ' ',
                  h('span', { class: 'mono small muted' }, `${r.audit.hash.slice(0, 16)}…`),
                )
              : null,
          ],
        ])
      : null,
    c
      ? h(
          'a',
          { href: `/verify/${c.id}`, target: '_blank', rel: 'noopener' },
          L('打开该证书的在线验证页', 'Open this certificate’s verification page'),
        )
      : null,
  );
}
