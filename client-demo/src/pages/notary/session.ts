import { matterName } from '../../matter-names.js';
import { type StaffAuth } from '../../api.js';
import { endpoints } from '../../endpoints.js';
import { field, h, mount } from '../../dom.js';
import { formatTime, L, pick } from '../../i18n.js';
import type { LeaveReason } from '../../router.js';
import type { InterviewRecord, Matter, MatterField, RecordEntry, SessionView } from '../../types.js';
import { actionButton, banner, card, definitionList, empty, errorBox, techDetails } from '../../ui.js';
import { notaryRecordingPanel } from '../../recording/recording-panel.js';
import { sessionCard, sessionShell } from '../session-shell.js';
import { downloadCertificate } from '../citizen/index.js';

// ── the session, notary side ─────────────────────────────────────────────────

const TEMPLATE: RecordEntry[] = [
  { question: '请陈述您的姓名、公民身份号码和住址。', answer: '' },
  { question: '您今天申请办理什么公证事项？用途是什么？', answer: '' },
  { question: '公证员已向您告知了权利义务和法律后果，您是否清楚？', answer: '' },
  { question: '您申请公证的内容是否是您的真实意思表示？是否受到他人胁迫或欺骗？', answer: '' },
  { question: '您提供的证明材料是否真实、完整？', answer: '' },
  { question: '您还有什么需要补充的吗？', answer: '' },
];

export function sessionPage(root: HTMLElement, _auth: StaffAuth, sessionId: string) {
  const infoBox = h('div');
  const identityBox = h('div');
  const recordBox = h('div');
  const signatureBox = h('div');
  const decisionBox = h('div');
  let session: SessionView | null = null;
  let record: InterviewRecord | null = null;
  let editorFor: string | null = null;
  let matter: Matter | null = null;
  const fieldValues: Record<string, string> = {};
  const painted = { signature: '-', decision: '-' };
  let sigUrl: string | null = null;
  let draftUrl: string | null = null;
  const identityUrls: string[] = [];
  let identityPainted = false;

  const shell = sessionShell(root, {
    sessionId,
    realm: 'notary',
    title: L('视频询问', 'Video interview'),
    back: { to: '/notary', label: L('返回工作台', 'Back to the console') },
    recording: notaryRecordingPanel(sessionId),
    info: infoBox,
    left: [signatureBox],
    right: [identityBox, recordBox, decisionBox],
    show,
  });
  const refresh = shell.refresh;

  async function show(next: SessionView) {
    session = next;
    matter ??= await endpoints.matter(session.matter.code).catch(() => null);
    paintInfo();
    if (!identityPainted) paintIdentity();
    const s = session;
    const sigKey = `${s.signature?.sha256 ?? ''}|${s.record?.recordSha256 ?? ''}`;
    if (sigKey !== painted.signature) paintSignature();
    const decisionKey = `${s.status}|${s.certificateId ?? ''}|${matter ? 1 : 0}`;
    if (decisionKey !== painted.decision) paintDecision();
    // The editor is drawn once, and again only when the record is locked or unlocked under it.
    const lockKey = `${s.record?.locked ?? false}|${s.status}`;
    if (editorFor === null || (editorFor !== lockKey && !recordBox.contains(document.activeElement))) await loadRecord(lockKey);
  }

  function paintInfo() {
    const s = session!;
    mount(
      infoBox,
      sessionCard(s, [
        [L('案件号', 'Case'), h('span', { class: 'mono' }, s.caseNo)],
        [L('申请人', 'Applicant'), s.applicant.name],
        [L('公民身份号码', 'ID number'), s.applicant.idNumber ?? s.applicant.idNumberMasked],
        [L('事项', 'Matter'), matter ? pick(matter.nameZh, matter.nameEn) : matterName(s.matter)],
        [L('服务点', 'Point'), s.point.name],
        [
          L('权利义务告知', 'Notice'),
          s.notice
            ? `✓ ${L('申请人已确认', 'acknowledged')} ${formatTime(s.notice.acknowledgedAt, false)}`
            : L('申请人尚未确认', 'not yet acknowledged'),
        ],
      ]),
    );
  }

  /** The check-in's result, and for a service-verified one the ID photo beside the best live frame. */
  function paintIdentity() {
    const c = session?.checkIn;
    identityPainted = true;
    if (!c) return mount(identityBox);
    const liveness =
      c.liveness === 'passed'
        ? L(`通过（${c.steps.length} 个动作）`, `passed (${c.steps.length} steps)`)
        : c.liveness === 'not_checked'
          ? L('未检测（已关闭）', 'not checked (off)')
          : L('未通过', 'failed');
    const figure = (which: 'id-photo' | 'live-frame', caption: string) => {
      const img = h('img', { class: 'identity-image', alt: caption, 'data-testid': `identity-${which}` });
      endpoints.identityImage(sessionId, which, 'notary').then(
        (b) => {
          const url = URL.createObjectURL(b);
          identityUrls.push(url);
          img.src = url;
        },
        () => img.replaceWith(h('div', { class: 'muted small' }, L('图像无法读取', 'The image could not be read'))),
      );
      return h('figure', { class: 'identity-figure' }, img, h('figcaption', { class: 'small' }, caption));
    };
    mount(
      identityBox,
      card(
        L('身份核验', 'Identity check'),
        c.method === 'service_verified' && c.images
          ? h(
              'div',
              { class: 'identity-pair', 'data-testid': 'identity-images' },
              figure('id-photo', L('身份证照片', 'ID card photo')),
              figure('live-frame', L('现场人脸', 'Live face')),
            )
          : null,
        definitionList([
          [
            L('方式', 'Method'),
            c.method === 'service_verified'
              ? L('本服务人证比对', 'Checked by this service')
              : L('认证终端比对并签名', 'Compared and signed by a certified terminal'),
          ],
          [
            L('结果', 'Result'),
            c.distance !== null && c.threshold !== null
              ? L(
                  `距离 ${c.distance.toFixed(3)}（阈值 ≤ ${c.threshold}，越小越像）`,
                  `distance ${c.distance.toFixed(3)} (threshold ≤ ${c.threshold}; lower is closer)`,
                )
              : c.faceScore !== null
                ? L(`终端相似度 ${c.faceScore}`, `terminal similarity ${c.faceScore}`)
                : null,
          ],
          [L('活体检测', 'Liveness'), liveness],
          [
            L('证件照片', 'ID photo'),
            c.cardSource === 'reader' ? L('读卡器', 'card reader') : c.cardSource === 'scan' ? L('拍摄证件', 'photo of the card') : null,
          ],
          [L('核验时间', 'Checked'), formatTime(c.checkedAt)],
        ]),
        techDetails(
          c.model ? `${L('模型', 'model')}: ${c.model}` : null,
          c.steps.length ? `${L('动作', 'steps')}: ${c.steps.join(', ')}` : null,
        ),
      ),
    );
  }

  async function loadRecord(lockKey: string) {
    editorFor = lockKey;
    try {
      record = await endpoints.record(sessionId, 'notary');
    } catch (err) {
      return mount(
        recordBox,
        card(
          L('询问笔录', 'Interview record'),
          errorBox(err, () => void loadRecord(lockKey)),
        ),
      );
    }
    paintEditor(record.version && record.entries.length ? record.entries : TEMPLATE);
  }

  function paintEditor(entries: RecordEntry[]) {
    const s = session!;
    const open = ['waiting_notary', 'live'].includes(s.status) && !record?.locked;
    if (!open && record?.version) {
      // Signed or closed: the record as the applicant signed it, read-only.
      mount(
        recordBox,
        card(
          h('span', null, L('询问笔录', 'Interview record'), ' ', h('span', { class: 'muted small' }, `v${record.version}`)),
          record.locked ? banner('info', L('申请人已签名，笔录已锁定。', 'The applicant has signed; the record is locked.')) : null,
          h(
            'ol',
            { class: 'record', 'data-testid': 'record-view' },
            ...record.entries.map((e) =>
              h('li', null, h('div', { class: 'q' }, L('问：', 'Q: '), e.question), h('div', { class: 'a' }, L('答：', 'A: '), e.answer)),
            ),
          ),
          techDetails(`SHA-256 ${record.recordSha256 ?? ''}`),
        ),
      );
      return;
    }
    const rows = h('ol', { class: 'record-editor' });
    const addRow = (e: RecordEntry) => {
      const q = h('textarea', { rows: 2, value: e.question, 'data-testid': 'record-question', disabled: !open });
      const a = h('textarea', {
        rows: 2,
        value: e.answer,
        'data-testid': 'record-answer',
        disabled: !open,
        placeholder: L('申请人的回答', 'The applicant’s answer'),
      });
      const li = h(
        'li',
        null,
        field(L('问', 'Question'), q),
        field(L('答', 'Answer'), a),
        open ? h('button', { type: 'button', class: 'link small', onclick: () => li.remove() }, L('删除此条', 'Remove')) : null,
      );
      rows.append(li);
    };
    entries.forEach(addRow);
    const saved = (r: InterviewRecord) => h('span', { class: 'muted small' }, L(`第 ${r.version} 版`, `version ${r.version}`));
    const status = h(
      'div',
      { 'data-testid': 'record-status' },
      record?.version
        ? saved(record)
        : h(
            'span',
            { class: 'muted small' },
            L('尚未保存；保存后申请人端即可查看并签名。', 'Not saved yet; once saved, the applicant can read and sign it.'),
          ),
    );
    const save = actionButton(
      L('保存笔录并发送给申请人', 'Save and show to the applicant'),
      async () => {
        const list = [...rows.querySelectorAll('li')].map((li) => {
          const [q, a] = li.querySelectorAll('textarea');
          return { question: q.value.trim(), answer: a.value.trim() };
        });
        const entries = list.filter((e) => e.question || e.answer);
        if (!entries.length) throw new Error(L('笔录不能为空。', 'The record is empty.'));
        if (entries.some((e) => !e.question || !e.answer))
          throw new Error(
            L('每一问都需要有回答（不需要的问题请删除）。', 'Every question needs an answer (remove those you do not need).'),
          );
        const r = await endpoints.writeRecord(sessionId, { entries });
        record = { version: r.version, recordSha256: r.recordSha256, entries, locked: false };
        mount(
          status,
          banner('ok', L(`已保存第 ${r.version} 版，申请人端已可查看。`, `Version ${r.version} saved; the applicant can see it.`)),
          saved(record),
        );
      },
      { kind: 'primary', testId: 'record-save' },
    );
    mount(
      recordBox,
      card(
        L('询问笔录', 'Interview record'),
        record?.locked ? banner('info', L('申请人已签名，笔录已锁定。', 'The applicant has signed; the record is locked.')) : null,
        rows,
        open
          ? h(
              'div',
              { class: 'row' },
              h(
                'button',
                { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => addRow({ question: '', answer: '' }) },
                L('＋ 添加问答', '+ Add a question'),
              ),
              save,
            )
          : null,
        status,
      ),
    );
  }

  function paintSignature() {
    const sig = session?.signature;
    painted.signature = `${sig?.sha256 ?? ''}|${session?.record?.recordSha256 ?? ''}`;
    if (!sig) return mount(signatureBox, card(L('申请人签名', 'Applicant’s signature'), empty(L('申请人尚未签名。', 'Not signed yet.'))));
    const img = h('img', { class: 'signature-image', alt: L('申请人签名', 'Applicant’s signature'), 'data-testid': 'signature-image' });
    endpoints.signatureImage(sig.imageUrl).then(
      (b) => {
        if (sigUrl) URL.revokeObjectURL(sigUrl);
        sigUrl = URL.createObjectURL(b);
        img.src = sigUrl;
      },
      () => undefined,
    );
    const current = sig.recordSha256 === session?.record?.recordSha256;
    mount(
      signatureBox,
      card(
        L('申请人签名', 'Applicant’s signature'),
        img,
        definitionList([
          [L('签名时间', 'Signed'), session?.signingAt ? formatTime(session.signingAt) : null],
          [
            L('所签笔录', 'Record signed'),
            sig.recordSha256 ? h('span', { class: 'mono small' }, `${sig.recordSha256.slice(0, 16)}…`) : null,
          ],
        ]),
        current
          ? banner('ok', L('签名对应当前版本的笔录。', 'The signature covers the current record.'))
          : banner('warn', L('笔录在签名后已修改，需申请人重新签名。', 'The record changed after signing; the applicant must sign again.')),
      ),
    );
  }

  /** The matter's own fields (document title, agent, property …) that the certificate wording needs. */
  function matterFieldsForm(): { element: HTMLElement; values: () => Record<string, string> } {
    const fields = matter?.fields ?? [];
    const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
    const wraps = new Map<string, HTMLElement>();
    const applicable = (f: MatterField) => !f.onlyWhen || f.onlyWhen.in.includes(inputs.get(f.onlyWhen.field)?.value ?? '');
    const sync = () => {
      for (const f of fields) wraps.get(f.key)!.hidden = !applicable(f);
    };
    const grid = h('div', { class: 'grid-2 matter-fields' });
    for (const f of fields) {
      let input: HTMLInputElement | HTMLSelectElement;
      if (f.type === 'select') {
        input = h(
          'select',
          { name: f.key },
          h('option', { value: '' }, L('请选择', 'choose')),
          ...(f.options ?? []).map((o) => h('option', { value: o.value }, pick(o.labelZh, o.labelEn))),
        );
      } else {
        const type = f.type === 'date' ? (f.precision === 'month' ? 'month' : 'date') : f.type === 'number' ? 'number' : 'text';
        input = h('input', { name: f.key, type, placeholder: f.type === 'text' ? `${L('例：', 'e.g. ')}${f.example}` : '' });
      }
      input.value = fieldValues[f.key] ?? '';
      input.dataset.testid = `matter-field-${f.key}`;
      input.addEventListener('input', () => ((fieldValues[f.key] = input.value), sync()));
      input.addEventListener('change', () => ((fieldValues[f.key] = input.value), sync()));
      inputs.set(f.key, input);
      const w = field(`${pick(f.labelZh, f.labelEn)}${f.required ? ' *' : ''}`, input, f.hintZh && currentHint(f.hintZh));
      wraps.set(f.key, w);
      grid.append(w);
    }
    sync();
    const fillExamples = h(
      'button',
      {
        type: 'button',
        class: 'link small align-start',
        'data-testid': 'fill-examples',
        onclick: () => {
          for (const f of fields) {
            const input = inputs.get(f.key)!;
            if (!input.value) input.value = fieldValues[f.key] = f.example;
          }
          sync();
        },
      },
      L('填入示例值（演示用）', 'Fill in example values (demo)'),
    );
    return {
      element: fields.length
        ? h('div', { class: 'stack' }, h('h3', null, L('公证书内容', 'Certificate details')), grid, fillExamples)
        : h('div'),
      values: () =>
        Object.fromEntries(
          fields.filter((f) => applicable(f) && inputs.get(f.key)!.value.trim()).map((f) => [f.key, inputs.get(f.key)!.value.trim()]),
        ),
    };
  }

  function paintDecision() {
    const s = session!;
    painted.decision = `${s.status}|${s.certificateId ?? ''}|${matter ? 1 : 0}`;
    if (s.status === 'approved') {
      const reason = h('input', { placeholder: L('撤销原因', 'Reason for revocation'), 'data-testid': 'revoke-reason' });
      mount(
        decisionBox,
        card(
          L('已出证', 'Certificate issued'),
          banner('ok', L('已批准，公证书已出具。', 'Approved; the certificate has been issued.')),
          definitionList([[L('公证书编号', 'Certificate no.'), h('strong', { 'data-testid': 'certificate-no' }, s.certificateNo ?? '—')]]),
          s.certificateId
            ? h(
                'div',
                { class: 'stack' },
                h(
                  'div',
                  { class: 'row' },
                  actionButton(L('下载 PDF', 'Download PDF'), () => downloadCertificate(s.certificateId!, s.caseNo, 'notary')),
                  h(
                    'a',
                    { class: 'btn', href: `/verify/${s.certificateId}`, target: '_blank', rel: 'noopener' },
                    L('验证页', 'Verification page'),
                  ),
                ),
                h(
                  'details',
                  null,
                  h('summary', null, L('撤销公证书', 'Revoke the certificate')),
                  h(
                    'div',
                    { class: 'row' },
                    reason,
                    actionButton(
                      L('撤销', 'Revoke'),
                      async () => {
                        if (!reason.value.trim()) throw new Error(L('请填写撤销原因。', 'Give a reason.'));
                        await endpoints.revoke(s.certificateId!, { reason: reason.value.trim() });
                        mount(
                          decisionBox,
                          card(
                            L('已出证', 'Certificate issued'),
                            banner(
                              'warn',
                              L(`公证书 ${s.certificateNo ?? ''} 已撤销。`, `Certificate ${s.certificateNo ?? ''} has been revoked.`),
                            ),
                          ),
                        );
                      },
                      { kind: 'danger', small: true, testId: 'revoke' },
                    ),
                  ),
                ),
              )
            : null,
        ),
      );
      return;
    }
    if (s.status === 'rejected' || s.status === 'aborted') {
      mount(
        decisionBox,
        card(
          L('结果', 'Outcome'),
          banner('error', `${s.status === 'rejected' ? L('不予办理。', 'Rejected.') : L('会话已中止。', 'Aborted.')} ${s.endReason ?? ''}`),
        ),
      );
      return;
    }
    const reason = h('input', { placeholder: L('不予办理的原因', 'Reason for rejecting'), 'data-testid': 'reject-reason' });
    const signed = s.status === 'signing';
    const form = matterFieldsForm();
    const preview = h('div', { class: 'draft-preview' });
    mount(
      decisionBox,
      card(
        L('审批出证', 'Decision'),
        signed
          ? banner(
              'ok',
              L(
                '申请人已在笔录上签名。核对公证书内容后批准出证。',
                'The applicant has signed the record. Check the certificate details, then approve.',
              ),
            )
          : h(
              'p',
              { class: 'muted' },
              L(
                '申请人确认告知并在笔录上签名后方可批准。可先填写公证书内容。',
                'You can approve once the applicant has acknowledged the notice and signed the record. The certificate details can be filled in now.',
              ),
            ),
        form.element,
        h(
          'div',
          { class: 'row' },
          actionButton(
            L('预览草稿', 'Preview the draft'),
            async () => {
              // The draft is rendered from the stored fields: what is in the form now is saved first.
              const fields = form.values();
              if (Object.keys(fields).length) await endpoints.matterFields(sessionId, { fields });
              showDraft(preview, await endpoints.certificateDraft(sessionId));
            },
            { testId: 'draft-open', disabled: !signed },
          ),
          actionButton(
            L('批准并出证', 'Approve and issue'),
            async () => {
              const r = await endpoints.approve(sessionId, { fields: form.values() });
              session = { ...s, status: 'approved', certificateId: r.certificateId, certificateNo: r.certificateNo };
              paintDecision();
              void refresh();
            },
            { kind: 'primary', testId: 'approve', disabled: !signed },
          ),
        ),
        preview,
        h(
          'details',
          null,
          h('summary', null, L('不予办理', 'Reject')),
          h(
            'div',
            { class: 'row' },
            reason,
            actionButton(
              L('确认不予办理', 'Reject'),
              async () => {
                if (!reason.value.trim()) throw new Error(L('请填写原因。', 'Give a reason.'));
                await endpoints.reject(sessionId, { reason: reason.value.trim() });
                await refresh();
              },
              { kind: 'danger', small: true, testId: 'reject' },
            ),
          ),
        ),
      ),
    );
  }

  /** The draft inline (the browser's PDF viewer), with a link to open it in a tab of its own. */
  function showDraft(into: HTMLElement, pdf: Blob) {
    if (draftUrl) URL.revokeObjectURL(draftUrl);
    draftUrl = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
    mount(
      into,
      h(
        'div',
        { class: 'stack', 'data-testid': 'draft-preview', 'data-bytes': String(pdf.size) },
        h(
          'div',
          { class: 'row' },
          h(
            'p',
            { class: 'muted small' },
            L(
              '公证书草稿：未编号、未签章，仅供核对。批准后才取号、签章并出证。',
              'Draft certificate: no number, no signature, for checking only. Approval numbers, signs and issues it.',
            ),
          ),
          h(
            'a',
            { class: 'btn btn-small', href: draftUrl, target: '_blank', rel: 'noopener', 'data-testid': 'draft-link' },
            L('在新标签页打开', 'Open in a new tab'),
          ),
        ),
        h('iframe', {
          class: 'draft-frame',
          src: draftUrl,
          title: L('公证书草稿', 'Draft certificate'),
          'data-testid': 'draft-frame',
          onload: (e: Event) => ((e.target as HTMLIFrameElement).dataset.loaded = 'true'),
        }),
      ),
    );
  }

  return (reason: LeaveReason) => {
    shell.leave(reason);
    if (sigUrl) URL.revokeObjectURL(sigUrl);
    if (draftUrl) URL.revokeObjectURL(draftUrl);
    for (const u of identityUrls) URL.revokeObjectURL(u);
  };
}

/** The catalogue's hints are in Chinese only; English readers get none rather than a mixed page. */
const currentHint = (zh: string) => L(zh, '');
