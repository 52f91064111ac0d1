import type { Human } from '@vladmandic/human';
import { ApiError, errorText, type StaffAuth } from '../../api.js';
import { endpoints } from '../../endpoints.js';
import { field, h, mount } from '../../dom.js';
import { L, shanghaiToday } from '../../i18n.js';
import { href } from '../../router.js';
import { actionButton, banner, card, chip, definitionList, load, techDetails } from '../../ui.js';
import { errorDetails } from '../../messages.js';
import { bookingCard } from './booking-card.js';
import { startSessionButton } from './dashboard.js';
import { checkInLockedNotice } from '../../check-in-override.js';
import { base64Of, CardReaderError, deviceCardReader, simulatedCardReader, type CardReader, type CardReading } from '../../card-reader.js';
import { detect, loadHuman, PROMPTS, stepShown, type Detection, type FaceMeasures, type Step } from '../../face-guide.js';

// ── check-in through the service's own person–ID check (docs/identity.md) ────────────────────

type Frame = { step: 'neutral' | Step; image: string };

/** Plain words for the refusals an assistant meets at the camera; anything else falls back to the service's message. */
function failureText(err: unknown): string {
  if (!(err instanceof ApiError)) return errorText(err);
  const d = (err.details ?? {}) as { image?: string; failedSteps?: string[] };
  const which = (image?: string) =>
    image === 'idCard.photo' ? L('身份证照片', 'the ID card photo') : image ? L('现场画面', 'a camera picture') : L('图像', 'an image');
  switch (err.code) {
    case 'FACE_MISMATCH':
      return L(
        '人证比对未通过：现场人脸与身份证照片不像同一人。请确认是持证人本人，正对摄像头、光线充足后重试。',
        'Person–ID comparison failed: the face at the camera does not look like the ID photo. Make sure it is the holder, facing the camera in good light, and try again.',
      );
    case 'LIVENESS_FAILED':
      return L(
        `活体检测未通过（${(d.failedSteps ?? []).map((s) => PROMPTS[s as Step]?.[0] ?? s).join('、')}）。请按提示做动作后重试。`,
        `Liveness check failed (${(d.failedSteps ?? []).map((s) => PROMPTS[s as Step]?.[1] ?? s).join(', ')}). Follow the prompts and try again.`,
      );
    case 'NO_FACE':
      return L(`${which(d.image)}中没有找到人脸，请重新拍摄。`, `No face found in ${which(d.image)}; please capture again.`);
    case 'MULTIPLE_FACES':
      return L(
        `${which(d.image)}中有不止一张人脸，请只让申请人一人入镜。`,
        `More than one face in ${which(d.image)}; only the applicant should be in view.`,
      );
    case 'ID_MISMATCH':
      return L('身份证上的姓名或号码与预约的申请人不一致。', 'The name or number on the ID card does not match the booking’s applicant.');
    case 'ID_EXPIRED':
      return L('身份证已过有效期，不能用于核验。', 'The ID card has expired and cannot be used.');
    case 'CHALLENGE_EXPIRED':
    case 'CHALLENGE_USED':
    case 'CHALLENGE_NOT_FOUND':
      return L('本次核验已超时，请重新开始。', 'This check timed out; please start again.');
    default:
      return errorText(err);
  }
}

const readerErrorText = (err: unknown) =>
  err instanceof CardReaderError
    ? err.code === 'NO_CARD'
      ? L('读卡器上没有身份证，请把卡放好后重试。', 'No card on the reader; place the card and try again.')
      : err.code === 'READER_OFFLINE'
        ? L('读卡器未连接或其本地服务未启动。', 'The card reader is not connected or its local service is not running.')
        : L('读卡器返回的内容无法识别。', 'The card reader’s answer could not be read.')
    : errorText(err);

async function jpegOf(canvas: HTMLCanvasElement, quality = 0.85): Promise<string> {
  const blob = await new Promise<Blob>((res, rej) =>
    canvas.toBlob((b) => (b ? res(b) : rej(new Error('no picture'))), 'image/jpeg', quality),
  );
  return base64Of(blob);
}

export function checkInPage(root: HTMLElement, auth: StaffAuth, bookingId: string) {
  void auth;
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
  let stopped = false;

  void load(
    box,
    () => Promise.all([endpoints.booking(bookingId, 'assistant'), endpoints.consentNotice(), endpoints.identitySettings()]),
    ([b, notice, settings]) => {
      const summary = bookingCard(b);
      const statusCell = summary.status;

      // ── 1. consent ──
      const consentBox = h('input', { type: 'checkbox', 'data-testid': 'consent-check' });
      const consentState = h('div', { 'aria-live': 'polite' });
      let consented = false;
      const acceptButton = h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          'data-testid': 'consent-accept',
          onclick: () => {
            if (!consentBox.checked) {
              mount(consentState, banner('warn', L('请先勾选同意。', 'Tick the box first.')));
              return;
            }
            consented = true;
            consentBox.disabled = true;
            acceptButton.disabled = true;
            mount(consentState, banner('ok', L('申请人已同意，可以读卡和拍摄。', 'Consent given; read the card and capture.')));
            for (const el of [readerCard, faceCard]) el.hidden = false;
            void openCamera();
          },
        },
        L('同意并继续', 'Agree and continue'),
      );
      const consentCard = card(
        L('1 · 人脸信息使用告知', '1 · Notice on the use of face images'),
        h(
          'div',
          { class: 'consent-text', 'data-testid': 'consent-notice', lang: 'zh-CN' },
          ...notice.text.split('\n').map((p) => h('p', null, p)),
        ),
        h(
          'label',
          { class: 'check' },
          consentBox,
          L('申请人已阅读上述告知，同意采集和比对人脸信息', 'The applicant has read the notice and agrees'),
        ),
        h('div', { class: 'row' }, acceptButton),
        h(
          'p',
          { class: 'muted small' },
          L(
            '申请人不同意的，不采集人脸；请联系承办公证员以其他方式核实身份。',
            'If the applicant does not agree, no face is captured; ask the notary to verify identity another way.',
          ),
        ),
        techDetails(`SHA-256 ${notice.sha256}`),
        consentState,
      );

      // ── camera ──
      const video = h('video', { class: 'camera', autoplay: true, playsInline: true, muted: true, 'data-testid': 'face-camera' });
      const overlay = h('canvas', { class: 'face-overlay', 'aria-hidden': 'true' });
      const camState = h('div', { class: 'muted small', 'aria-live': 'polite' }, L('摄像头未打开', 'Camera off'));
      const picture = document.createElement('canvas');
      const openCamera = async () => {
        if (stream) return;
        camState.textContent = L('正在打开摄像头…', 'Opening the camera…');
        try {
          stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
          if (stopped) return stopTracks();
          video.srcObject = stream;
          camState.textContent = L('摄像头已开启', 'Camera on');
        } catch (err) {
          camState.textContent = L(`无法打开摄像头（${(err as Error).message}）。`, `Camera unavailable (${(err as Error).message}).`);
        }
      };
      /** The camera's current picture, unmirrored, at its own size. */
      const grab = () => {
        if (!video.videoWidth) throw new Error(L('摄像头还没有画面。', 'The camera shows nothing yet.'));
        picture.width = video.videoWidth;
        picture.height = video.videoHeight;
        picture.getContext('2d')!.drawImage(video, 0, 0);
        return picture;
      };
      const drawBox = (d: Detection | null, ok: boolean) => {
        overlay.width = video.videoWidth || 640;
        overlay.height = video.videoHeight || 480;
        const g = overlay.getContext('2d')!;
        g.clearRect(0, 0, overlay.width, overlay.height);
        if (!d?.box) return;
        g.lineWidth = Math.max(3, overlay.width / 160);
        g.strokeStyle = ok ? '#2e9d5b' : '#e0a100';
        g.strokeRect(...d.box);
      };

      // ── 2. the ID card ──
      let reading: CardReading | null = null;
      let cardSource: 'reader' | 'scan' = 'reader';
      const readerUrl = settings.cardReaderUrl;
      const nameIn = h('input', { value: b.applicant.name, 'data-testid': 'card-name' });
      const idIn = h('input', { placeholder: b.applicant.idNumberMasked, maxLength: 18, 'data-testid': 'card-id', autocomplete: 'off' });
      const validIn = h('input', {
        type: 'date',
        value: `${Number(shanghaiToday().slice(0, 4)) + 10}${shanghaiToday().slice(4)}`,
        'data-testid': 'card-valid-until',
      });
      const typed = () => ({ name: nameIn.value.trim(), idNumber: idIn.value.trim().toUpperCase(), validUntil: validIn.value });
      const reader: CardReader = readerUrl ? deviceCardReader(readerUrl) : simulatedCardReader(typed);
      const cardPhoto = h('img', { class: 'card-photo', alt: L('身份证照片', 'ID card photo'), 'data-testid': 'card-photo', hidden: true });
      const cardInfo = h('div', { 'data-testid': 'card-result', 'aria-live': 'polite' });
      const showCard = (r: CardReading, source: 'reader' | 'scan') => {
        reading = r;
        cardSource = source;
        cardPhoto.src = `data:${r.photoType};base64,${r.photo}`;
        cardPhoto.hidden = false;
        mount(
          cardInfo,
          definitionList([
            [L('姓名', 'Name'), r.name],
            [L('公民身份号码', 'ID number'), `${r.idNumber.slice(0, 4)}**********${r.idNumber.slice(-4)}`],
            [L('有效期至', 'Valid until'), r.validUntil],
            [L('照片来源', 'Photo from'), source === 'reader' ? L('读卡器', 'card reader') : L('拍摄证件', 'photo of the card')],
          ]),
        );
      };
      const readCard = actionButton(
        reader.kind === 'simulator' ? L('读取身份证（模拟）', 'Read the card (simulated)') : L('读取身份证', 'Read the card'),
        async () => {
          try {
            showCard(await reader.read(), 'reader');
          } catch (err) {
            throw new Error(readerErrorText(err), { cause: err });
          }
        },
        { kind: 'primary', small: true, testId: 'card-read' },
      );
      // No reader at hand: a camera photo of the card, cut generously around its face.
      const scanCard = actionButton(
        L('没有读卡器：拍摄证件照片', 'No reader: photograph the card'),
        async () => {
          const t = typed();
          if (!t.name || !/^\d{17}[\dX]$/.test(t.idNumber))
            throw new Error(L('请先填写证件上的姓名和号码。', 'Type the name and number from the card first.'));
          const human = await loadHuman();
          const pic = grab();
          const d = await detect(human, pic);
          if (d.faces !== 1 || !d.box)
            throw new Error(
              L('证件照片上没有找到（唯一的）人脸，请把证件对准摄像头。', 'No single face found on the card; hold it up to the camera.'),
            );
          const [x, y, w, hgt] = d.box;
          const side = Math.max(w, hgt) * 2;
          const cx = x + w / 2;
          const cy = y + hgt / 2;
          const out = document.createElement('canvas');
          const size = Math.min(400, Math.round(side));
          out.width = size;
          out.height = Math.round(size * 1.25);
          out.getContext('2d')!.drawImage(pic, cx - side / 2, cy - side * 0.625, side, side * 1.25, 0, 0, out.width, out.height);
          showCard({ ...t, photo: await jpegOf(out, 0.9), photoType: 'image/jpeg' }, 'scan');
        },
        { small: true, testId: 'card-scan' },
      );
      const readerCard = card(
        L('2 · 身份证', '2 · ID card'),
        reader.kind === 'simulator'
          ? h(
              'div',
              { class: 'sim-banner', 'data-testid': 'card-reader-simulator' },
              h('strong', null, L('模拟', 'SIMULATED')),
              h(
                'span',
                null,
                L(
                  '未连接真实读卡器：本区域模拟读卡器，返回下面填写的姓名、号码和一张示例人脸照片（公有领域肖像），仅供演示。',
                  'No real card reader: this panel simulates one. It answers with the name and number typed below and a sample face photo (a public-domain portrait), for demonstration only.',
                ),
              ),
            )
          : h('p', { class: 'muted small' }, L(`读卡器：${readerUrl}`, `Card reader: ${readerUrl}`)),
        h(
          'div',
          { class: 'grid-2' },
          h(
            'div',
            { class: 'stack' },
            field(L('姓名', 'Name'), nameIn),
            field(
              L('公民身份号码', 'ID number'),
              idIn,
              L('证件上的完整号码；须与预约一致', 'The full number on the card; must match the booking'),
            ),
            field(L('有效期至', 'Valid until'), validIn),
            h('div', { class: 'row' }, readCard, scanCard),
          ),
          h('div', { class: 'stack' }, cardPhoto, cardInfo),
        ),
      );

      // ── 3. the face ──
      const prompt = h(
        'div',
        { class: 'face-prompt', 'data-testid': 'face-prompt', 'aria-live': 'assertive' },
        L('请正对摄像头', 'Face the camera'),
      );
      const progress = h('progress', { max: 1, value: 0, 'aria-label': L('核验进度', 'Progress') });
      const stepList = h('ol', { class: 'face-steps', 'data-testid': 'face-steps' });
      const livenessNote = h('div', { 'data-testid': 'liveness-note' });
      const result = h('div', { 'data-testid': 'checkin-result', 'aria-live': 'polite' });
      let running = false;

      const paintSteps = (steps: ('neutral' | Step)[], done: number) => {
        progress.max = steps.length;
        progress.value = done;
        mount(
          stepList,
          ...steps.map((s, i) =>
            h(
              'li',
              { class: i < done ? 'done' : i === done ? 'now' : '' },
              s === 'neutral' ? L('正对摄像头', 'Face the camera') : L(PROMPTS[s][0], PROMPTS[s][1]),
              i < done ? ' ✓' : '',
            ),
          ),
        );
      };

      /** Detects on the live picture until `want` accepts one; returns that picture as JPEG. */
      const until = async (
        human: Human,
        deadline: number,
        want: (d: Detection) => number | null,
        settle = 1,
      ): Promise<{ image: string; measures: FaceMeasures }> => {
        let best: { score: number; image: string; measures: FaceMeasures } | null = null;
        let seen = 0;
        for (;;) {
          if (stopped) throw new Error(L('已离开本页。', 'Left the page.'));
          if (Date.now() > deadline) throw new Error(L('时间到了，请重新开始。', 'Time is up; please start again.'));
          const pic = grab();
          const d = await detect(human, pic);
          const score = d.measures ? want(d) : null;
          // What the guidance last saw, for the browser tests' failure messages.
          const w = window as unknown as { __faceCheck?: { range?: number[] } };
          const r = w.__faceCheck?.range ?? [Infinity, -Infinity, Infinity, -Infinity];
          if (d.measures)
            [r[0], r[1], r[2], r[3]] = [
              Math.min(r[0], d.measures.yaw),
              Math.max(r[1], d.measures.yaw),
              Math.min(r[2], d.measures.eye),
              Math.max(r[3], d.measures.mouth),
            ];
          w.__faceCheck = { faces: d.faces, score: d.score, measures: d.measures, range: r } as never;
          drawBox(d, score !== null);
          if (d.faces > 1) camState.textContent = L('画面中只能有申请人一人。', 'Only the applicant should be in view.');
          else if (d.faces === 0) camState.textContent = L('没有看到人脸，请正对摄像头。', 'No face seen; please face the camera.');
          else camState.textContent = '';
          if (score !== null && d.measures) {
            if (!best || score > best.score) best = { score, image: await jpegOf(pic), measures: d.measures };
            if (++seen >= settle) return best;
          }
          await new Promise((r) => setTimeout(r, 60));
        }
      };

      const start = actionButton(
        L('开始人脸核验', 'Start the face check'),
        async () => {
          if (running) return;
          mount(result);
          if (!consented) throw new Error(L('请先取得申请人同意。', 'Get the applicant’s consent first.'));
          if (!reading) throw new Error(L('请先读取身份证。', 'Read the ID card first.'));
          if (!stream) await openCamera();
          running = true;
          try {
            prompt.textContent = L('正在加载人脸模型…', 'Loading the face model…');
            const humanP = loadHuman();
            let challenge: { challengeId: string; steps: Step[]; expiresAt: string } | null = null;
            try {
              const c = await endpoints.identityChallenge(bookingId);
              challenge = { ...c, steps: c.steps as Step[] };
              mount(livenessNote);
            } catch (err) {
              if (!(err instanceof ApiError && err.code === 'LIVENESS_OFF')) throw err;
              mount(
                livenessNote,
                banner(
                  'warn',
                  L(
                    '活体检测已关闭（演示）：本次只比对人脸，不检测是否为真人现场操作。',
                    'Liveness detection is off (demo): this check compares the face only, not whether a live person is present.',
                  ),
                ),
              );
            }
            const human = await humanP;
            const steps: ('neutral' | Step)[] = ['neutral', ...(challenge?.steps ?? [])];
            // The challenge lasts 2 minutes; leave time to send.
            const deadline = challenge ? Date.parse(challenge.expiresAt) - 10_000 : Date.now() + 110_000;
            paintSteps(steps, 0);
            const frames: Frame[] = [];
            prompt.textContent = L('请正对摄像头，保持不动', 'Face the camera and hold still');
            // Neutral: the surest of three roughly frontal detections (a slight turn is a person’s rest pose).
            const neutral = await until(human, deadline, (d) => (Math.abs(d.measures!.yaw) < 0.45 ? d.score : null), 3);
            frames.push({ step: 'neutral', image: neutral.image });
            paintSteps(steps, 1);
            for (const [i, step] of (challenge?.steps ?? []).entries()) {
              prompt.textContent = L(PROMPTS[step][0], PROMPTS[step][1]);
              const shot = await until(human, deadline, (d) => (stepShown(step, neutral.measures, d.measures!) ? d.score : null));
              frames.push({ step, image: shot.image });
              paintSteps(steps, i + 2);
            }
            prompt.textContent = L('采集完成，正在核验…', 'Captured; checking…');
            drawBox(null, false);
            const r = await endpoints.identityCheck(bookingId, {
              consent: true,
              ...(challenge && { challengeId: challenge.challengeId }),
              idCard: {
                name: reading.name,
                idNumber: reading.idNumber,
                validUntil: reading.validUntil,
                photo: reading.photo,
                source: cardSource,
              },
              frames,
            });
            prompt.textContent = L('身份核验通过', 'Identity checked');
            mount(
              result,
              banner('ok', L('身份核验通过。', 'Identity checked.')),
              techDetails(
                `${L('比对距离', 'distance')} ${r.identity.distance.toFixed(3)} ≤ ${L('阈值', 'threshold')} ${r.identity.threshold}`,
                `${L('活体检测', 'liveness')}: ${r.identity.liveness}${r.identity.steps.length ? ` (${r.identity.steps.join(', ')})` : ''}`,
                `${L('模型', 'model')}: ${r.identity.model}`,
                `${L('核验记录', 'check-in')} ${r.identity.id}`,
              ),
              startSessionButton(bookingId),
            );
            mount(statusCell, chip('checked_in'));
            // Checked in: nothing more to capture here.
            start.hidden = true;
          } catch (err) {
            drawBox(null, false);
            prompt.textContent = L('未通过', 'Not passed');
            const details = err instanceof ApiError ? (err.details as { distance?: number; threshold?: number } | undefined) : undefined;
            if (err instanceof ApiError && err.code === 'CHECK_IN_LOCKED') {
              mount(
                result,
                checkInLockedNotice(b.notary?.displayName ?? undefined, () => mount(result)),
              );
              return;
            }
            mount(
              result,
              banner('error', failureText(err)),
              techDetails(
                errorDetails(err),
                details?.distance !== undefined
                  ? `${L('比对距离', 'distance')} ${details.distance.toFixed(3)} > ${L('阈值', 'threshold')} ${details.threshold}`
                  : null,
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  'data-testid': 'face-retry',
                  onclick: () => start.querySelector('button')!.click(),
                },
                L('重新核验', 'Try again'),
              ),
            );
          } finally {
            running = false;
          }
        },
        { kind: 'primary', testId: 'face-start' },
      );

      const faceCard = card(
        L('3 · 人脸核验', '3 · Face check'),
        h(
          'p',
          { class: 'muted small' },
          L(
            '由本服务在服务器上比对现场人脸与身份证照片，并复核活体动作。画面为镜像显示。',
            'The service compares the live face with the ID photo on its server and re-checks the liveness steps. The preview is mirrored.',
          ),
        ),
        livenessNote,
        h(
          'div',
          { class: 'grid-2' },
          h('div', { class: 'stack' }, h('div', { class: 'camera-wrap face-view' }, video, overlay), camState),
          h('div', { class: 'stack' }, prompt, progress, stepList, start, result),
        ),
      );
      readerCard.hidden = true;
      faceCard.hidden = true;

      return h(
        'div',
        { class: 'stack' },
        summary.el,
        consentCard,
        readerCard,
        faceCard,
        h(
          'p',
          { class: 'muted small' },
          h(
            'a',
            { href: href(`/assistant/check-in-terminal/${bookingId}`) },
            L('改用认证终端核验（终端自行比对并签名，模拟）', 'Use a certified terminal instead (it compares and signs itself; simulated)'),
          ),
        ),
      );
    },
  );
  const stopTracks = () => {
    for (const t of stream?.getTracks() ?? []) t.stop();
    stream = null;
  };
  return () => {
    stopped = true;
    stopTracks();
  };
}
