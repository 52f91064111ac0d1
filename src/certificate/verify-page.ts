/**
 * The page a certificate's QR code opens: status and masked facts, and a box that hashes a
 * dropped PDF in the browser and asks the service to check it. Scripts are a same-origin file
 * (the CSP allows no inline script).
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

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

/** One line on the evidence log: where the issuing entry sits and who cosigned the checkpoint. */
function logLine(log: PublicFacts['log']): string {
  if (!log.present)
    return '暂无包含证明：本证书出具于透明日志启用之前，或日志尚未收录其出证记录（收录后自动补上，无需更换公证书）。No inclusion proof yet: issued before the transparency log, or the log has not caught up (the proof is added beside the PDF when it does; the PDF stays as it is).';
  if (!log.ok) return `包含证明未通过核验 Inclusion proof does NOT verify: ${esc(log.problem ?? '')}`;
  const by = log.cosignedBy?.length ? `，见证人 witnessed by ${esc(log.cosignedBy.join(', '))}` : '，无见证人副签 no witness cosignature';
  return `第 ${log.index} 号叶，包含于 ${esc(log.origin ?? '')} 树大小 ${log.treeSize} 的签名检查点${by}。Leaf ${log.index} included in ${esc(log.origin ?? '')} at tree size ${log.treeSize}.`;
}

export function verifyPage(id: string, f: PublicFacts | undefined): string {
  const status = !f
    ? '<p class="bad">未找到该公证书。Certificate not found.</p>'
    : f.status === 'revoked'
      ? `<p class="bad">已撤销 REVOKED（${esc(f.revokedAt ?? '')}）</p>`
      : '<p class="ok">有效 VALID — 本公证处出具</p>';
  const facts = f
    ? `<dl>
        <dt>公证书编号</dt><dd>${esc(f.no)}</dd>
        <dt>公证事项</dt><dd>${esc(f.matter)}</dd>
        <dt>公证机构</dt><dd>${esc(f.office)}</dd>
        <dt>出具时间</dt><dd>${esc(new Date(f.issuedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }))}</dd>
        <dt>申请人</dt><dd>${esc(f.holderMasked)}</dd>
        <dt>文件 SHA-256</dt><dd><code id="expected">${esc(f.pdfSha256 ?? '')}</code></dd>
        <dt>存证日志</dt><dd id="log">${logLine(f.log)}</dd>
      </dl>
      <p class="small">离线核验：<code>/log/checkpoint</code>、<code>/log/verifier-key</code>、<code>/log/tile/…</code> 公开；证书 PDF 内嵌 C2SP tlog-proof。
        Offline check: the checkpoint, verifier key and tiles are public under <code>/log/</code>; the PDF embeds a C2SP tlog-proof.</p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>公证书验证 · Certificate verification</title>
<style>
  body{font-family:system-ui,"Noto Sans SC",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#222}
  .ok{color:#0a7a2f;font-weight:600;font-size:1.2rem}.bad{color:#b3261e;font-weight:600;font-size:1.2rem}
  dl{display:grid;grid-template-columns:9rem 1fr;gap:.3rem 1rem}dt{color:#666}dd{margin:0;word-break:break-all}
  #drop{border:2px dashed #999;border-radius:8px;padding:2rem;text-align:center;margin-top:1.5rem;cursor:pointer}
  #drop.over{border-color:#0a7a2f;background:#f0fff4}#result{margin-top:1rem}.small{font-size:.85rem;color:#555}
</style></head>
<body data-certificate-id="${esc(id)}">
  <h1>公证书验证</h1>
  ${status}
  ${facts}
  <div id="drop">将公证书 PDF 拖到此处，或点击选择文件<br><small>Drop the certificate PDF here, or click to choose it. It is hashed in your browser and checked by the service.</small>
    <input id="file" type="file" accept="application/pdf" hidden></div>
  <div id="result"></div>
  <script src="/verify-assets/verify.js"></script>
</body></html>`;
}

export const VERIFY_SCRIPT = `
(function () {
  var drop = document.getElementById('drop'), input = document.getElementById('file'), out = document.getElementById('result');
  var expected = document.getElementById('expected');
  function hex(buf) { return Array.prototype.map.call(new Uint8Array(buf), function (b) { return ('0' + b.toString(16)).slice(-2); }).join(''); }
  function show(html) { out.innerHTML = html; }
  function esc(v) { return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  async function check(file) {
    var bytes = await file.arrayBuffer();
    var digest = hex(await crypto.subtle.digest('SHA-256', bytes));
    var local = expected && expected.textContent ? (digest === expected.textContent ? '与本页记录一致 matches this certificate' : '与本页记录不一致 does NOT match this certificate') : '';
    show('<p>SHA-256: <code>' + digest + '</code><br>' + local + '</p><p>正在核验… checking…</p>');
    var res = await fetch('/api/verify', { method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: bytes });
    var body = await res.json();
    var verdict = body.valid ? '<p class="ok">有效 VALID</p>' : '<p class="bad">无效 INVALID — ' + esc(body.reason || body.code || res.status) + (body.revokedAt ? '（撤销于 ' + esc(body.revokedAt) + '）' : '') + '</p>';
    var details = '';
    if (body.signature) details += '<li>电子签名 Signature: ' + esc(body.signature.level || '') + ' · ' + esc(body.signature.signer || '') + (body.signature.timestamp ? ' · 时间戳 timestamp ' + esc(body.signature.timestamp.time) : '') + '</li>';
    if (body.log && body.log.present) details += '<li>存证日志 Evidence log: ' + (body.log.ok ? '第 ' + esc(body.log.index) + ' 号叶已包含 leaf included at tree size ' + esc(body.log.treeSize) + (body.log.cosignedBy && body.log.cosignedBy.length ? '，见证 witnessed by ' + esc(body.log.cosignedBy.join(', ')) : '') : '包含证明未通过 proof fails: ' + esc(body.log.problem)) + '</li>';
    show('<p>SHA-256: <code>' + digest + '</code><br>' + local + '</p>' + verdict + (details ? '<ul id="details">' + details + '</ul>' : ''));
  }
  drop.addEventListener('click', function () { input.click(); });
  input.addEventListener('change', function () { if (input.files[0]) check(input.files[0]); });
  drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (e) { e.preventDefault(); drop.classList.remove('over'); if (e.dataTransfer.files[0]) check(e.dataTransfer.files[0]); });
})();
`;
