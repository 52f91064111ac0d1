import { ApiError, errorText, type StaffAuth } from '../../api.js';
import { endpoints } from '../../endpoints.js';
import { field, h, mount } from '../../dom.js';
import { L, shanghaiToday } from '../../i18n.js';
import { href } from '../../router.js';
import { buildAttestation, forgetTerminal, registerTerminal, storedTerminal, type TerminalIdentity } from '../../terminal.js';
import { actionButton, banner, chip, load, techDetails } from '../../ui.js';
import { bookingCard } from './booking-card.js';
import { startSessionButton } from './dashboard.js';
import { checkInLockedNotice } from '../../check-in-override.js';

// ── check-in with the terminal simulator (a certified terminal that compares faces itself) ──

export function terminalCheckInPage(root: HTMLElement, auth: StaffAuth, bookingId: string) {
  const pointId = auth.user.pointId!;
  const box = h('div');
  mount(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, L('身份核验（认证终端）', 'Identity check-in (certified terminal)')),
      h('a', { class: 'btn btn-ghost btn-small', href: href(`/assistant/check-in/${bookingId}`) }, L('返回', 'Back')),
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
            ? h('div', { class: 'muted small' }, L('核验终端：', 'Check-in terminal: '), t.label, techDetails(`Ed25519 · kid ${t.kid}`))
            : banner(
                'warn',
                L('本浏览器尚未登记为终端，提交时将自动登记。', 'This browser is not a registered terminal yet; it registers on submit.'),
              ),
        );
      };
      showTerminal();

      const summary = bookingCard(b);
      const statusCell = summary.status;
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
            if (err instanceof ApiError && err.code === 'CHECK_IN_LOCKED')
              mount(
                result,
                checkInLockedNotice(b.notary?.displayName ?? undefined, () => mount(result)),
              );
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
          // The booking card says so at once, not after a reload.
          mount(statusCell, chip('checked_in'));
        },
        { kind: 'primary', testId: 'sim-submit' },
      );

      return h(
        'div',
        { class: 'stack' },
        summary.el,
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
