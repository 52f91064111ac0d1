import { endpoints } from '../../endpoints.js';
import { h, mount } from '../../dom.js';
import { formatTime, L } from '../../i18n.js';
import { type Page } from '../../router.js';
import type { VerifyResult } from '../../types.js';
import { checkInBrowser, type BrowserCheck } from '../../log-proof-check.js';
import { card, chip, definitionList, errorBox, loading } from '../../ui.js';

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
      const bytes = await file.arrayBuffer();
      const r = await endpoints.verify(new Blob([bytes], { type: 'application/pdf' }));
      const own = h(
        'p',
        { class: 'muted small', 'data-testid': 'verify-browser' },
        L('正在浏览器中独立核验…', 'Checking in your browser…'),
      );
      mount(result, verdict(r, file.name), card(null, own));
      // The same check again without trusting the verdict: only the published keys (log-proof-check.ts).
      const mine = await checkInBrowser(bytes).catch((err: unknown) => err as Error);
      own.textContent = browserText(mine);
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

function browserText(c: BrowserCheck | Error): string {
  const head = L('浏览器独立核验', 'Checked in your browser');
  if (c instanceof Error) return `${head}: ${L('失败', 'failed')} (${c.message})`;
  if (c.receipt !== 'valid')
    return `${head}: ${c.receipt === 'absent' ? L('文件不含出证回执', 'the file carries no receipt') : L('回执签名无效', 'the receipt signature is invalid')}`;
  if ('absent' in c.log) return `${head}: ${L('回执签名有效；无包含证明', 'receipt signature valid; no inclusion proof')}`;
  return `${head}: ${L('回执签名有效', 'receipt signature valid')} · ${c.log.ok ? logText({ present: true, ...c.log }) : `${L('包含证明未通过', 'inclusion proof fails')}: ${c.log.problem}`}`;
}

/** The inclusion proof in words: leaf, tree size, and the witnesses that cosigned the checkpoint. */
function logText(log: NonNullable<VerifyResult['log']>): string {
  if (!log.present)
    return L(
      '暂无包含证明（出具于透明日志启用之前，或日志尚未收录；收录后自动补上）',
      'no inclusion proof yet (issued before the transparency log, or the log has not caught up; added when it does)',
    );
  if (!log.ok) return `${L('包含证明未通过', 'inclusion proof fails')}: ${log.problem ?? ''}`;
  const witnesses = log.cosignedBy?.length
    ? `${L('见证人', 'witnessed by')} ${log.cosignedBy.join(', ')}`
    : L('无见证人副签', 'no witness cosignature');
  return `${L('叶', 'leaf')} #${log.index} · ${log.origin} · ${L('树大小', 'tree size')} ${log.treeSize} · ${witnesses}`;
}

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
              ? [
                  r.signature.cms === 'valid'
                    ? L('与出具文件一致', 'matches the issued file')
                    : L('与出具文件不一致', 'does not match the issued file'),
                  r.signature.level,
                  r.signature.signer,
                  r.signature.timestamp ? `${L('可信时间', 'trusted time')} ${formatTime(r.signature.timestamp.time)}` : null,
                ]
                  .filter(Boolean)
                  .join(' · ')
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
          [L('透明日志', 'Transparency log'), r.log ? h('span', { 'data-testid': 'verify-log' }, logText(r.log)) : null],
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
