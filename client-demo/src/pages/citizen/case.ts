import { matterName } from '../../matter-names.js';
import { errorText, getAuth, setAuth } from '../../api.js';
import { caseLogin, endpoints } from '../../endpoints.js';
import { field, h, mount, saveBlob } from '../../dom.js';
import { formatTime, L, statusLabel } from '../../i18n.js';
import { type Page } from '../../router.js';
import { actionButton, banner, card, chip, definitionList, load } from '../../ui.js';
import { downloadInvite } from './booking.js';

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
              [L('事项', 'Matter'), matterName(b.matter)],
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
