import { ApiError, errorText, getAuth, type StaffAuth } from '../api.js';
import { endpoints } from '../endpoints.js';
import { field, h, mount } from '../dom.js';
import { formatTime, L, pick, shanghaiToday } from '../i18n.js';
import { go, href, type LeaveReason, type Page } from '../router.js';
import { SignaturePad } from '../signature-pad.js';
import { buildAttestation, forgetTerminal, registerTerminal, storedTerminal, type TerminalIdentity } from '../terminal.js';
import type { Booking, InterviewRecord, SessionView } from '../types.js';
import { actionButton, banner, card, chip, definitionList, empty, errorBox, load } from '../ui.js';
import { sessionCall } from './call-panel.js';
import { downloadCertificate, printCertificate } from './citizen.js';
import { consoleHead, staffLoginForm, staffSocket } from './staff.js';

export const assistantPage: Page = (ctx) => {
  const auth = getAuth('assistant');
  if (!auth) return staffLoginForm('assistant', ctx.root, ctx.rerender);
  const [view, id] = ctx.params;
  if (view === 'check-in' && id) return checkInPage(ctx.root, auth, id);
  if (view === 'session' && id) return sessionPage(ctx.root, auth, id);
  return dashboard(ctx.root, auth, ctx.rerender);
};

// ── dashboard ────────────────────────────────────────────────────────────────

function dashboard(root: HTMLElement, auth: StaffAuth, rerender: () => void) {
  const pointId = auth.user.pointId!;
  const where = h('span', null, '…');
  const terminalBox = h('div');
  const listBox = h('div', { 'data-testid': 'assistant-bookings' });
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
        card(
          h(
            'span',
            { class: 'row' },
            L('预约与现场申请', 'Bookings and walk-ins'),
            h('span', { class: 'spacer' }),
            dateIn,
            h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => void refresh(false) }, L('刷新', 'Refresh')),
          ),
          listBox,
        ),
      ),
      h('div', { class: 'stack' }, terminalBox, walkInBox),
    ),
  );
  dateIn.addEventListener('change', () => void refresh(false));

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
  void refresh(false);
  const timer = setInterval(() => void refresh(true), 10_000);
  return () => {
    clearInterval(timer);
    live.close();
  };
}

function bookingTable(rows: Booking[]) {
  return h(
    'table',
    { class: 'table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', null, L('时间', 'Time')),
        h('th', null, L('案件号', 'Case')),
        h('th', null, L('申请人', 'Applicant')),
        h('th', null, L('事项', 'Matter')),
        h('th', null, L('公证员', 'Notary')),
        h('th', null, L('状态', 'Status')),
        h('th', null, ''),
      ),
    ),
    h(
      'tbody',
      null,
      ...rows.map((b) =>
        h(
          'tr',
          { dataset: { caseNo: b.caseNo, bookingId: b.id }, 'data-testid': 'booking-row' },
          h('td', null, b.start ? formatTime(b.start, false) : h('span', { class: 'muted' }, L('现场', 'walk-in'))),
          h('td', { class: 'mono' }, b.caseNo),
          h('td', null, b.applicant.name, h('div', { class: 'muted small' }, b.applicant.idNumberMasked)),
          h('td', null, b.matter.nameZh),
          h('td', null, b.notary?.displayName ?? (b.status === 'waiting' ? L('待受理', 'unclaimed') : '—')),
          h('td', null, chip(b.status)),
          h('td', { class: 'actions' }, rowActions(b)),
        ),
      ),
    ),
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

function startSessionButton(bookingId: string) {
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
        '本浏览器充当服务点的身份核验终端（读卡器 + 人脸比对），用登记的 Ed25519 密钥对核验结果签名。',
        'This browser plays the point’s identity terminal (card reader + face match) and signs its readings with a registered Ed25519 key.',
      ),
    ),
    t
      ? h(
          'div',
          { 'data-testid': 'terminal-registered' },
          definitionList([
            [L('名称', 'Label'), t.label],
            ['kid', h('span', { class: 'mono small' }, t.kid)],
          ]),
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

// ── check-in with the terminal simulator ─────────────────────────────────────

function checkInPage(root: HTMLElement, auth: StaffAuth, bookingId: string) {
  const pointId = auth.user.pointId!;
  const box = h('div');
  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, L('身份核验', 'Identity check-in')),
      h('a', { class: 'btn btn-ghost btn-small', href: href('/assistant') }, L('返回列表', 'Back to the list')),
    ),
    box,
  );
  let stream: MediaStream | null = null;

  void load(
    box,
    () => endpoints.booking(bookingId, 'assistant'),
    (b) => {
      const video = h('video', { class: 'camera', autoplay: true, playsInline: true, muted: true, 'data-testid': 'sim-camera' });
      const camState = h('div', { class: 'muted small' }, L('正在打开摄像头…', 'Opening the camera…'));
      const photoCanvas = h('canvas', { class: 'photo', width: 320, height: 240, 'aria-label': L('采集的照片', 'captured photo') });
      let photo: Uint8Array | null = null;
      navigator.mediaDevices
        .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false })
        .then((s) => {
          stream = s;
          video.srcObject = s;
          camState.textContent = L('摄像头已开启', 'Camera on');
        })
        .catch((err: Error) => {
          camState.textContent = L(
            `无法打开摄像头（${err.message}），将使用占位照片。`,
            `Camera unavailable (${err.message}); a placeholder photo will be used.`,
          );
        });

      const capture = async () => {
        const g = photoCanvas.getContext('2d')!;
        if (stream && video.videoWidth) g.drawImage(video, 0, 0, photoCanvas.width, photoCanvas.height);
        else {
          g.fillStyle = '#e8e2d6';
          g.fillRect(0, 0, photoCanvas.width, photoCanvas.height);
          g.fillStyle = '#555';
          g.font = '20px sans-serif';
          g.fillText(L('占位照片', 'placeholder'), 100, 125);
        }
        const blob = await new Promise<Blob>((res, rej) =>
          photoCanvas.toBlob((x) => (x ? res(x) : rej(new Error('no photo'))), 'image/jpeg', 0.9),
        );
        photo = new Uint8Array(await blob.arrayBuffer());
        photoCanvas.classList.add('taken');
      };

      const nameIn = h('input', { value: b.applicant.name, 'data-testid': 'sim-name' });
      const idIn = h('input', { placeholder: b.applicant.idNumberMasked, maxLength: 18, 'data-testid': 'sim-id' });
      const validIn = h('input', {
        type: 'date',
        value: `${Number(shanghaiToday().slice(0, 4)) + 10}${shanghaiToday().slice(4)}`,
        'data-testid': 'sim-valid-until',
      });
      const scoreIn = h('input', { type: 'range', min: 0, max: 1, step: 0.01, value: 0.93, 'data-testid': 'sim-score' });
      const scoreOut = h('output', { class: 'mono' }, '0.93');
      scoreIn.addEventListener('input', () => (scoreOut.textContent = Number(scoreIn.value).toFixed(2)));
      const liveIn = h('input', { type: 'checkbox', checked: true, 'data-testid': 'sim-liveness' });
      const result = h('div', { 'data-testid': 'checkin-result', 'aria-live': 'polite' });
      const terminalBox = h('div');
      const showTerminal = () => {
        const t = storedTerminal(pointId);
        mount(
          terminalBox,
          t
            ? h(
                'p',
                { class: 'muted small' },
                L('签名终端：', 'Signing terminal: '),
                t.label,
                ' · kid ',
                h('span', { class: 'mono' }, t.kid.slice(0, 16) + '…'),
              )
            : banner(
                'warn',
                L('本浏览器尚未登记为终端，提交时将自动登记。', 'This browser is not a registered terminal yet; it registers on submit.'),
              ),
        );
      };
      showTerminal();

      const submit = actionButton(
        L('读取并提交核验', 'Sign the reading and check in'),
        async () => {
          mount(result);
          let terminal: TerminalIdentity | null = storedTerminal(pointId);
          if (!terminal) terminal = await registerTerminal(pointId, L('演示终端（浏览器模拟器）', 'Demo terminal (browser simulator)'));
          showTerminal();
          if (!photo) await capture();
          const attestation = await buildAttestation(terminal, {
            bookingId,
            idCard: { name: nameIn.value.trim(), idNumber: idIn.value.trim().toUpperCase(), validUntil: validIn.value },
            faceMatch: { score: Number(scoreIn.value), liveness: liveIn.checked },
            photo: photo!,
          });
          try {
            await endpoints.checkIn(bookingId, { attestation });
          } catch (err) {
            mount(result, banner('error', `${L('核验未通过：', 'Check-in refused: ')}${errorText(err)}`));
            if (err instanceof ApiError && err.code === 'ATTESTATION_INVALID') {
              mount(
                result,
                banner('error', `${L('核验未通过：', 'Check-in refused: ')}${errorText(err)}`),
                h(
                  'button',
                  { type: 'button', class: 'link small', onclick: () => (forgetTerminal(pointId), showTerminal()) },
                  L('终端密钥可能已停用：忘记并重新登记', 'The terminal key may be disabled: forget it and register again'),
                ),
              );
            }
            photo = null;
            photoCanvas.classList.remove('taken');
            return;
          }
          mount(result, banner('ok', L('身份核验通过。', 'Identity checked.')), startSessionButton(bookingId));
        },
        { kind: 'primary', testId: 'sim-submit' },
      );

      return h(
        'div',
        { class: 'stack' },
        card(
          L('预约', 'Booking'),
          definitionList([
            [L('案件号', 'Case'), h('span', { class: 'mono' }, b.caseNo)],
            [L('申请人', 'Applicant'), `${b.applicant.name} · ${b.applicant.idNumberMasked}`],
            [L('事项', 'Matter'), b.matter.nameZh],
            [L('时间', 'Time'), b.start ? formatTime(b.start) : '—'],
            [L('公证员', 'Notary'), b.notary?.displayName ?? '—'],
            [L('状态', 'Status'), chip(b.status)],
          ]),
        ),
        h(
          'section',
          { class: 'card simulator', 'data-testid': 'simulator' },
          h(
            'div',
            { class: 'sim-banner' },
            h('strong', null, L('模拟器', 'SIMULATOR')),
            h(
              'span',
              null,
              L(
                '本区域模拟服务点终端的身份证读卡器与人脸比对设备。数值由辅助人员手工填写，仅供演示，不能证明任何真实身份。',
                'This panel simulates the point terminal’s ID-card reader and face-matching camera. The values are typed in by hand, for demonstration only; they prove nothing about anyone’s identity.',
              ),
            ),
          ),
          h(
            'div',
            { class: 'grid-2' },
            h(
              'div',
              { class: 'stack' },
              h('div', { class: 'camera-wrap' }, video),
              camState,
              h(
                'div',
                { class: 'row' },
                h('button', { type: 'button', class: 'btn btn-small', onclick: () => void capture() }, L('拍照', 'Take photo')),
                photoCanvas,
              ),
            ),
            h(
              'div',
              { class: 'stack' },
              h('h3', null, L('身份证（模拟读取）', 'ID card (simulated reading)')),
              field(L('姓名', 'Name'), nameIn),
              field(
                L('公民身份号码', 'ID number'),
                idIn,
                L('读卡器读出的完整号码；须与预约一致', 'The full number the reader returns; must match the booking'),
              ),
              field(L('有效期至', 'Valid until'), validIn),
              h('h3', null, L('人脸比对（模拟）', 'Face match (simulated)')),
              field(L('相似度', 'Similarity score'), h('span', { class: 'row' }, scoreIn, scoreOut)),
              h('label', { class: 'check' }, liveIn, L('活体检测通过', 'Liveness check passed')),
              terminalBox,
              submit,
              result,
            ),
          ),
        ),
      );
    },
  );
  return () => {
    for (const t of stream?.getTracks() ?? []) t.stop();
  };
}

// ── the session at the point ─────────────────────────────────────────────────

const OPEN = ['waiting_notary', 'live', 'signing'];

function sessionPage(root: HTMLElement, _auth: StaffAuth, sessionId: string) {
  const head = h(
    'div',
    { class: 'page-head' },
    h('h1', null, L('视频办理', 'Video session')),
    h('a', { class: 'btn btn-ghost btn-small', href: href('/assistant') }, L('返回列表', 'Back to the list')),
  );
  const infoBox = h('div');
  const noticeBox = h('div');
  const recordBox = h('div');
  const outcomeBox = h('div');
  let session: SessionView | null = null;
  let record: InterviewRecord | null = null;
  let signedSha: string | null = null;
  let noticeAcked = false;
  let repaintAck = () => undefined as void;

  const call = sessionCall(sessionId, 'assistant', () => void refresh());
  mount(
    root,
    head,
    h(
      'div',
      { class: 'grid-session' },
      h('div', { class: 'stack' }, call.element, infoBox),
      h('div', { class: 'stack' }, outcomeBox, noticeBox, recordBox),
    ),
  );

  async function refresh() {
    try {
      session = await endpoints.session(sessionId, 'assistant');
    } catch (err) {
      if (!session)
        mount(
          infoBox,
          errorBox(err, () => void refresh()),
        );
      return;
    }
    call.update(session.status);
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
      card(
        h(
          'span',
          null,
          L('会话', 'Session'),
          ' ',
          h('span', { 'data-testid': 'session-status', dataset: { status: s.status } }, chip(s.status)),
        ),
        definitionList([
          [L('案件号', 'Case'), h('span', { class: 'mono' }, s.caseNo)],
          [L('申请人', 'Applicant'), `${s.applicant.name}${s.applicant.idNumberMasked ? ` · ${s.applicant.idNumberMasked}` : ''}`],
          [L('事项', 'Matter'), s.matter.nameZh],
          [L('公证员', 'Notary'), s.notary?.displayName ?? '—'],
          [L('服务点', 'Point'), s.point?.name],
        ]),
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
          h('p', { class: 'muted small mono' }, `SHA-256 ${n.noticeSha256.slice(0, 16)}…`),
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
    pad = done || closed ? null : new SignaturePad({ onChange: (ink) => (submit.querySelector('button')!.disabled = !ink) });
    const submit = actionButton(
      L('确认笔录无误并签名', 'Confirm the record and sign'),
      async () => {
        if (!pad?.hasInk) throw new Error(L('请先签名。', 'Please sign first.'));
        await endpoints.sign(sessionId, { imagePng: await pad.pngBase64(), recordSha256: sha });
        signedSha = sha;
        await refresh();
        paintRecord();
      },
      { kind: 'primary', testId: 'signature-submit', disabled: true },
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
        h('p', { class: 'muted small mono' }, `SHA-256 ${sha.slice(0, 16)}…`),
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
        pad ? h('div', { class: 'stack' }, h('h3', null, L('申请人签名', 'Applicant’s signature')), pad.element, submit) : null,
      ),
    );
  }

  void refresh();
  const timer = setInterval(() => void refresh(), 4000);
  return (reason: LeaveReason) => {
    clearInterval(timer);
    call.leave(reason);
  };
}
