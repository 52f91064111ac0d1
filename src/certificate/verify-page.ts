/**
 * The page a certificate's QR code opens, read on whatever phone scanned it: status and masked
 * facts in plain words, what was checked (signature, time, evidence log), the technical details
 * folded away, and a box that hashes a dropped PDF in the browser and asks the service to check
 * it. Chinese by default, English with ?lang=en. The font is the bundled Noto Sans SC served from
 * this origin (a phone without CJK fonts would show boxes); scripts are a same-origin file (the
 * CSP allows no inline script).
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type VerifyLang = 'zh' | 'en';

export interface PublicFacts {
  no: string;
  matter: string;
  office: string;
  issuedAt: string;
  holderMasked: string;
  status: 'valid' | 'revoked';
  revokedAt?: string;
  pdfSha256: string | null;
  /** The issuing entry's evidence-log proof, checked with the log's and witnesses' keys. */
  log: { present: boolean; ok?: boolean; origin?: string; index?: number; treeSize?: number; cosignedBy?: string[]; problem?: string };
}

/** Where the bundled font's stylesheets are served (app.factory.ts serves the package's files there). */
export const VERIFY_FONT_PREFIX = '/verify-assets/font/';

const T = (lang: VerifyLang, zh: string, en: string) => (lang === 'zh' ? zh : en);

/** The evidence log in plain words: is the issuing recorded where it cannot be quietly changed? */
function logPlain(log: PublicFacts['log'], lang: VerifyLang): string {
  if (!log.present)
    return T(lang, '本证书出具于存证日志启用之前，没有日志记录。', 'Issued before the evidence log was in use: no log record.');
  if (!log.ok) return T(lang, '存证日志记录未通过核验。', 'The evidence-log record does NOT check out.');
  return T(
    lang,
    '出具记录已写入公开的存证日志，事后无法悄悄修改或删除。',
    'The issuing is recorded in the public evidence log, where it cannot be quietly changed or removed.',
  );
}

/** The evidence log for whoever wants the details: leaf, tree size, witnesses. */
function logLine(log: PublicFacts['log']): string {
  if (!log.present)
    return '暂无包含证明：本证书出具于透明日志启用之前，或日志尚未收录其出证记录（收录后自动补上，无需更换公证书）。No inclusion proof yet: issued before the transparency log, or the log has not caught up (the proof is added beside the PDF when it does; the PDF stays as it is).';
  if (!log.ok) return `包含证明未通过核验 Inclusion proof does NOT verify: ${esc(log.problem ?? '')}`;
  const by = log.cosignedBy?.length ? `，见证人 witnessed by ${esc(log.cosignedBy.join(', '))}` : '，无见证人副签 no witness cosignature';
  return `第 ${log.index} 号叶，包含于 ${esc(log.origin ?? '')} 树大小 ${log.treeSize} 的签名检查点${by}。Leaf ${log.index} included in ${esc(log.origin ?? '')} at tree size ${log.treeSize}.`;
}

export function verifyPage(id: string, f: PublicFacts | undefined, lang: VerifyLang = 'zh'): string {
  const when = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: lang === 'zh' ? 'long' : 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  const status = !f
    ? `<p class="bad">${T(lang, '未找到该公证书。', 'Certificate not found.')}</p>`
    : f.status === 'revoked'
      ? `<p class="bad">${T(lang, '已撤销', 'Revoked')}（${esc(when(f.revokedAt ?? f.issuedAt))}）</p>`
      : `<p class="ok">${T(lang, '有效：本公证处出具', 'Valid: issued by this notary office')}</p>`;
  const facts = f
    ? `<dl>
        <dt>${T(lang, '公证书编号', 'Certificate number')}</dt><dd>${esc(f.no)}</dd>
        <dt>${T(lang, '公证事项', 'Matter')}</dt><dd>${esc(f.matter)}</dd>
        <dt>${T(lang, '公证机构', 'Notary office')}</dt><dd>${esc(f.office)}</dd>
        <dt>${T(lang, '出具时间', 'Issued')}</dt><dd>${esc(when(f.issuedAt))}</dd>
        <dt>${T(lang, '申请人', 'Applicant')}</dt><dd>${esc(f.holderMasked)}</dd>
      </dl>
      <h2>${T(lang, '核验了什么', 'What was checked')}</h2>
      <ul class="checks">
        <li><strong>${T(lang, '签名', 'Signature')}</strong>：${T(lang, '把您手上的 PDF 放到下面，即可核对它是否由本公证处签发且未被改动。', 'drop your PDF below to check that this office signed it and nothing was changed.')}</li>
        <li><strong>${T(lang, '时间', 'Time')}</strong>：${T(lang, `出具于 ${esc(when(f.issuedAt))}。`, `issued ${esc(when(f.issuedAt))}.`)}</li>
        <li><strong>${T(lang, '存证日志', 'Evidence log')}</strong>：<span id="log-plain">${logPlain(f.log, lang)}</span></li>
      </ul>
      <details><summary>${T(lang, '技术详情', 'Technical details')}</summary>
        <dl>
          <dt>${T(lang, '文件指纹', 'File fingerprint')} (SHA-256)</dt><dd><code id="expected">${esc(f.pdfSha256 ?? '')}</code></dd>
          <dt>${T(lang, '存证日志', 'Evidence log')}</dt><dd id="log">${logLine(f.log)}</dd>
        </dl>
        <p class="small">离线核验：<code>/log/checkpoint</code>、<code>/log/verifier-key</code>、<code>/log/tile/…</code> 公开；证书 PDF 内嵌 C2SP tlog-proof。
          Offline check: the checkpoint, verifier key and tiles are public under <code>/log/</code>; the PDF embeds a C2SP tlog-proof.</p>
      </details>`
    : '';
  const other: VerifyLang = lang === 'zh' ? 'en' : 'zh';
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${T(lang, '公证书验证', 'Certificate verification')}</title>
<link rel="stylesheet" href="${VERIFY_FONT_PREFIX}400.css"><link rel="stylesheet" href="${VERIFY_FONT_PREFIX}700.css">
<style>
  body{font-family:"Noto Sans SC",system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;line-height:1.6;color:#222}
  header{display:flex;align-items:center;justify-content:space-between;gap:1rem}h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .3rem}
  .ok{color:#0a6b2a;font-weight:700;font-size:1.2rem}.bad{color:#b3261e;font-weight:700;font-size:1.2rem}
  dl{display:grid;grid-template-columns:minmax(6rem,9rem) minmax(0,1fr);gap:.3rem 1rem}dt{color:#555}dd{margin:0;overflow-wrap:anywhere;min-width:0}
  code{overflow-wrap:anywhere;word-break:break-all}.checks{padding-left:1.2rem}details{margin-top:1rem}summary{cursor:pointer;color:#444}
  #drop{border:2px dashed #767676;border-radius:8px;padding:1.5rem 1rem;text-align:center;margin-top:1.5rem;cursor:pointer;display:block;width:100%;background:#fff;font:inherit}
  #drop.over{border-color:#0a6b2a;background:#f0fff4}#result{margin-top:1rem;overflow-wrap:anywhere}.small{font-size:.85rem;color:#555}
  a{color:#1f4f8a}
</style></head>
<body data-certificate-id="${esc(id)}">
  <header><h1>${T(lang, '公证书验证', 'Certificate verification')}</h1>
    <a href="?lang=${other}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" data-testid="verify-lang">${other === 'zh' ? '中文' : 'English'}</a></header>
  <main>
  ${status}
  ${facts}
  <button id="drop" type="button">${T(lang, '点此选择公证书 PDF，或把文件拖到这里', 'Choose the certificate PDF here, or drop it on this box')}<br><small>${T(lang, '文件只在您的浏览器里计算指纹，再交给本服务核对。', 'The file is fingerprinted in your browser and then checked by the service.')}</small></button>
  <input id="file" type="file" accept="application/pdf" hidden aria-label="${T(lang, '公证书 PDF', 'Certificate PDF')}">
  <div id="result" aria-live="polite"></div>
  </main>
  <script src="/verify-assets/verify.js"></script>
</body></html>`;
}

export const VERIFY_SCRIPT = `
(function () {
  var zh = document.documentElement.lang !== 'en';
  function T(a, b) { return zh ? a : b; }
  var drop = document.getElementById('drop'), input = document.getElementById('file'), out = document.getElementById('result');
  var expected = document.getElementById('expected');
  function hex(buf) { return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ('0' + b.toString(16)).slice(-2); }).join(''); }
  function show(html) { out.innerHTML = html; }
  function esc(v) { return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  async function check(file) {
    var bytes = await file.arrayBuffer();
    var digest = hex(await crypto.subtle.digest('SHA-256', bytes));
    var same = expected && expected.textContent ? digest === expected.textContent : null;
    show('<p>' + T('正在核验…', 'Checking…') + '</p>');
    var res = await fetch('/api/verify', { method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: bytes });
    var body = await res.json();
    var plain = [];
    if (same !== null) plain.push(same ? T('这份文件就是本页的公证书。', 'This file is the certificate of this page.') : T('这份文件不是本页的公证书。', 'This file is NOT the certificate of this page.'));
    if (body.signature) plain.push(T('签名：由公证处签发，签名后没有改动。', 'Signature: signed by the notary office, unchanged since.') + (body.signature.timestamp ? T('签名时间已由时间戳确认。', ' The signing time is confirmed by a timestamp.') : ''));
    if (body.log && body.log.present) plain.push(body.log.ok ? T('存证日志：出具记录可在公开日志中查到。', 'Evidence log: the issuing is in the public log.') : T('存证日志：记录未通过核验。', 'Evidence log: the record does NOT check out.'));
    var verdict = body.valid ? '<p class="ok">' + T('有效', 'Valid') + '</p>' : '<p class="bad">' + T('无效', 'Not valid') + (body.revokedAt ? T('（已撤销）', ' (revoked)') : '') + '</p>';
    var tech = '<li>SHA-256: <code>' + digest + '</code></li>';
    if (body.signature) tech += '<li>' + esc(body.signature.level || '') + ' · ' + esc(body.signature.signer || '') + (body.signature.timestamp ? ' · ' + esc(body.signature.timestamp.time) : '') + '</li>';
    if (body.log && body.log.present) tech += '<li>' + (body.log.ok ? 'leaf ' + esc(body.log.index) + ' · tree size ' + esc(body.log.treeSize) + (body.log.cosignedBy && body.log.cosignedBy.length ? ' · witnessed by ' + esc(body.log.cosignedBy.join(', ')) : '') : esc(body.log.problem)) + '</li>';
    if (!body.valid) tech += '<li>' + esc(body.reason || body.code || res.status) + '</li>';
    show(verdict + '<ul id="plain">' + plain.map(function (p) { return '<li>' + p + '</li>'; }).join('') + '</ul><details><summary>' + T('技术详情', 'Technical details') + '</summary><ul id="details">' + tech + '</ul></details>');
  }
  drop.addEventListener('click', function () { input.click(); });
  input.addEventListener('change', function () { if (input.files[0]) check(input.files[0]); });
  drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (e) { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) check(e.dataTransfer.files[0]); });
})();
`;
