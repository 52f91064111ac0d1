import { matterName } from '../../matter-names.js';
import { ApiError, type StaffAuth } from '../../api.js';
import { endpoints } from '../../endpoints.js';
import { h, mount } from '../../dom.js';
import { formatDay, L, shanghaiToday } from '../../i18n.js';
import type { LeaveReason } from '../../router.js';
import { SignaturePad } from '../../signature-pad.js';
import type { InterviewRecord, SessionView } from '../../types.js';
import { actionButton, banner, card, definitionList, empty, errorBox, load, techDetails } from '../../ui.js';
import { sessionCard, sessionShell } from '../session-shell.js';
import { assistantRecordingPanel } from '../../recording/recording-panel.js';
import { downloadCertificate, printCertificate } from '../citizen/index.js';

// ── the session at the point ─────────────────────────────────────────────────

const OPEN = ['waiting_notary', 'live', 'signing'];

export function sessionPage(root: HTMLElement, _auth: StaffAuth, sessionId: string) {
  const infoBox = h('div');
  const noticeBox = h('div');
  const recordBox = h('div');
  const outcomeBox = h('div');
  let session: SessionView | null = null;
  let record: InterviewRecord | null = null;
  let signedSha: string | null = null;
  let noticeAcked = false;
  let repaintAck = () => undefined as void;

  const recording = assistantRecordingPanel(sessionId);
  const shell = sessionShell(root, {
    sessionId,
    realm: 'assistant',
    title: L('视频办理', 'Video session'),
    back: { to: '/assistant', label: L('返回列表', 'Back to the list') },
    recording,
    info: infoBox,
    left: [],
    right: [outcomeBox, noticeBox, recordBox],
    show,
  });
  const refresh = shell.refresh;

  async function show(s: SessionView) {
    session = s;
    recording.sessionStatus(session.status);
    signedSha = session.signature?.recordSha256 ?? signedSha;
    noticeAcked ||= Boolean(session.notice?.acknowledgedAt);
    paintInfo();
    paintOutcome();
    if (!noticeBox.hasChildNodes()) void paintNotice();
    else repaintAck();
    await refreshRecord();
  }

  function paintInfo() {
    if (!session) return;
    const s = session;
    const open = OPEN.includes(s.status);
    const reason = h('input', {
      placeholder: L('中止原因，例如：申请人身体不适', 'Why, e.g. the applicant felt unwell'),
      'data-testid': 'abort-reason',
    });
    const abort = open
      ? h(
          'details',
          null,
          h('summary', null, L('中止会话', 'Abort the session')),
          h(
            'div',
            { class: 'row' },
            reason,
            actionButton(
              L('中止', 'Abort'),
              async () => {
                if (!reason.value.trim()) throw new Error(L('请填写原因。', 'Give a reason.'));
                await endpoints.abort(sessionId, 'assistant', { reason: reason.value.trim() });
                await refresh();
              },
              { kind: 'danger', small: true },
            ),
          ),
          h(
            'p',
            { class: 'muted small' },
            L(
              '中止后申请人仍为“已核验”状态，可重新发起会话。',
              'After an abort the applicant stays checked in and a new session can be started.',
            ),
          ),
        )
      : null;
    // Do not close the abort form under the user's hands, unless the session moved on.
    if (infoBox.querySelector('details[open]') && infoBox.dataset.status === s.status) return;
    infoBox.dataset.status = s.status;
    mount(
      infoBox,
      sessionCard(
        s,
        [
          [L('案件号', 'Case'), h('span', { class: 'mono' }, s.caseNo)],
          [L('申请人', 'Applicant'), `${s.applicant.name}${s.applicant.idNumberMasked ? ` · ${s.applicant.idNumberMasked}` : ''}`],
          [L('事项', 'Matter'), matterName(s.matter)],
          [L('公证员', 'Notary'), s.notary?.displayName ?? '—'],
          [L('服务点', 'Point'), s.point?.name],
        ],
        abort,
      ),
    );
  }

  function paintOutcome() {
    if (!session) return;
    const s = session;
    if (s.status === 'approved') {
      mount(
        outcomeBox,
        card(
          L('办理结果', 'Outcome'),
          banner('ok', L('公证员已批准，公证书已出具。', 'Approved: the certificate has been issued.')),
          definitionList([[L('公证书编号', 'Certificate no.'), h('strong', { 'data-testid': 'certificate-no' }, s.certificateNo ?? '—')]]),
          s.certificateId
            ? h(
                'div',
                { class: 'row' },
                actionButton(L('下载 PDF', 'Download PDF'), () => downloadCertificate(s.certificateId!, s.caseNo, 'assistant'), {
                  kind: 'primary',
                }),
                actionButton(L('打印', 'Print'), () => printCertificate(s.certificateId!, 'assistant')),
              )
            : null,
        ),
      );
    } else if (s.status === 'rejected' || s.status === 'aborted') {
      mount(
        outcomeBox,
        card(
          L('办理结果', 'Outcome'),
          banner(
            'error',
            `${s.status === 'rejected' ? L('公证员不予办理。', 'The notary rejected the application.') : L('会话已中止。', 'The session was aborted.')} ${s.endReason ?? ''}`,
          ),
        ),
      );
    } else mount(outcomeBox);
  }

  async function paintNotice() {
    await load(
      noticeBox,
      () => endpoints.notice(sessionId),
      (n) => {
        const ackBox = h('div');
        let ackKey = '';
        const paintAck = () => {
          const key = `${noticeAcked}|${session ? OPEN.includes(session.status) : true}`;
          if (key === ackKey) return;
          ackKey = key;
          mount(
            ackBox,
            noticeAcked
              ? banner('ok', L('申请人已确认知悉告知内容。', 'The applicant has acknowledged the notice.'))
              : session && !OPEN.includes(session.status)
                ? banner('info', L('会话已结束，未确认告知。', 'The session ended without the notice being acknowledged.'))
                : actionButton(
                    L('申请人已阅读并确认', 'The applicant has read and acknowledges it'),
                    async () => {
                      await endpoints.acknowledgeNotice(sessionId);
                      noticeAcked = true;
                      paintAck();
                    },
                    { kind: 'primary', testId: 'notice-ack' },
                  ),
          );
        };
        paintAck();
        repaintAck = paintAck;
        return card(
          L('① 权利义务告知', '① Notice of rights and duties'),
          h('div', { class: 'notice-text', tabIndex: 0, 'data-testid': 'notice-text' }, n.text),
          techDetails(`SHA-256 ${n.noticeSha256}`),
          ackBox,
        );
      },
    );
  }

  let pad: SignaturePad | null = null;
  async function refreshRecord() {
    let next: InterviewRecord | null = null;
    try {
      next = await endpoints.record(sessionId, 'assistant');
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) {
        if (!record)
          mount(
            recordBox,
            card(
              L('② 询问笔录', '② Interview record'),
              errorBox(err, () => void refreshRecord()),
            ),
          );
        return;
      }
    }
    const key = `${next?.recordSha256}|${signedSha}|${session?.status}`;
    record = next;
    if (key !== paintedKey || !recordBox.hasChildNodes()) paintRecord();
  }

  let paintedKey = '';
  function paintRecord() {
    const r = record;
    paintedKey = `${r?.recordSha256}|${signedSha}|${session?.status}`;
    if (!r || !r.version || !r.recordSha256 || !r.entries?.length) {
      mount(
        recordBox,
        card(
          L('② 询问笔录', '② Interview record'),
          empty(L('公证员尚未提交笔录，提交后会显示在这里。', 'The notary has not written the record yet; it appears here when saved.')),
        ),
      );
      return;
    }
    const sha = r.recordSha256;
    const done = signedSha === sha;
    const closed = session && !OPEN.includes(session.status);
    pad = done || closed ? null : new SignaturePad({ onChange: (ink) => (review.querySelector('button')!.disabled = !ink) });
    const signing = pad && signingStep(pad, r.version, sha);
    const review = actionButton(
      L('下一步：查看签名', 'Next: check the signature'),
      async () => {
        if (!pad?.hasInk) throw new Error(L('请先签名。', 'Please sign first.'));
        await signing!.review();
      },
      { kind: 'primary', testId: 'signature-review', disabled: true },
    );
    mount(
      recordBox,
      card(
        h('span', null, L('② 询问笔录', '② Interview record'), ' ', h('span', { class: 'muted small' }, `v${r.version}`)),
        h(
          'ol',
          { class: 'record', 'data-testid': 'record-view' },
          ...r.entries.map((e) =>
            h('li', null, h('div', { class: 'q' }, L('问：', 'Q: '), e.question), h('div', { class: 'a' }, L('答：', 'A: '), e.answer)),
          ),
        ),
        techDetails(`SHA-256 ${sha}`),
        done
          ? banner(
              'ok',
              session?.status === 'approved'
                ? L('申请人已签名，公证员已批准。', 'Signed and approved.')
                : L('申请人已签名，等待公证员审批。', 'Signed; waiting for the notary’s decision.'),
            )
          : signedSha
            ? banner(
                'warn',
                L('公证员修改了笔录，请申请人重新阅读并签名。', 'The notary changed the record; the applicant must read and sign again.'),
              )
            : null,
        pad && signing
          ? h(
              'div',
              { class: 'stack' },
              h('h3', null, L('申请人签名', 'Applicant’s signature')),
              h('div', { class: 'stack', 'data-testid': 'signature-draw' }, pad.element, review),
              signing.element,
            )
          : null,
      ),
    );
  }

  /**
   * The applicant sees the signature as it will stand — in its box on the record, beside the
   * name and the date — before confirming it; 重签 goes back to an empty pad. What is confirmed
   * is the very image shown.
   */
  function signingStep(pad: SignaturePad, version: number, sha: string) {
    const element = h('div', { class: 'signature-review', hidden: true, 'data-testid': 'signature-review-step' });
    const draw = () => element.previousElementSibling as HTMLElement | null;
    return {
      element,
      async review() {
        const png = await pad.pngBase64();
        const img = h('img', {
          class: 'signature-proof-image',
          src: `data:image/png;base64,${png}`,
          alt: L('申请人的签名', 'The applicant’s signature'),
          'data-testid': 'signature-preview',
        });
        mount(
          element,
          h(
            'p',
            { class: 'muted small' },
            L(
              '这是签名在笔录上的样子。确认后签名即附在这一版笔录上，不能再改。',
              'This is how the signature will stand on the record. Once confirmed it is attached to this version and cannot be changed.',
            ),
          ),
          h(
            'div',
            { class: 'signature-proof' },
            h('div', { class: 'signature-proof-line' }, h('span', { class: 'muted' }, L('申请人（签名）', 'Applicant (signature)')), img),
            definitionList([
              [L('姓名', 'Name'), session?.applicant.name ?? null],
              [L('日期', 'Date'), formatDay(shanghaiToday(), true)],
              [L('所签笔录', 'Record signed'), L(`询问笔录第 ${version} 版`, `Interview record, version ${version}`)],
            ]),
          ),
          h(
            'div',
            { class: 'row' },
            actionButton(
              L('重签', 'Sign again'),
              async () => {
                pad.clear();
                element.hidden = true;
                draw()!.hidden = false;
              },
              { testId: 'signature-redo' },
            ),
            actionButton(
              L('确认签名', 'Confirm the signature'),
              async () => {
                await endpoints.sign(sessionId, { imagePng: png, recordSha256: sha });
                signedSha = sha;
                await refresh();
                paintRecord();
              },
              { kind: 'primary', testId: 'signature-submit' },
            ),
          ),
        );
        draw()!.hidden = true;
        element.hidden = false;
        element.scrollIntoView({ block: 'nearest' });
      },
    };
  }

  return (reason: LeaveReason) => shell.leave(reason);
}
