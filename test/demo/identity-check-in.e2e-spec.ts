import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestApp } from '../support/app.js';
import { ALL_WEEK, buildWorld, ID_NUMBERS, type World } from '../support/fixtures.js';
import { Random } from '../../src/common/random.js';
import { ensureClientBuilt } from './build-client.js';
import { axeViolations } from './consoles.js';
import { fakeCameraClip, removeFakeCameraClips } from './fake-camera.js';

/**
 * The point's browser check-in through the service's own person–ID check, in Debian's chromium
 * with a face on its fake camera (a clip made from the face fixtures): consent, the card-reader
 * simulator, the camera guidance, POST /api/bookings/:id/identity, and the notary's side-by-side
 * view of the ID photo and the live frame. Liveness is off here: the fixtures are still photos,
 * and the on-screen notice says so.
 */
const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);

describe('check-in at the point through the service’s own check (browser)', () => {
  let t: TestApp;
  let w: World;
  let browser: Browser;
  const pageErrors: string[] = [];
  /** What the pages said, for a failure's message. */
  const consoleLines: string[] = [];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    ensureClientBuilt();
    const { startTestApp } = await import('../support/app.js');
    t = await startTestApp({ IDENTITY_LIVENESS: 'off', BOOKING_MIN_NOTICE_MINUTES: '0', ACCESS_TOKEN_TTL_SECONDS: '86400' });
    w = await buildWorld(t, { notaries: 1, hours: ALL_WEEK });
    await t
      .http()
      .put(`/api/notaries/${w.notaries[0].id}/schedule`)
      .set(bearer(w.adminToken))
      .send({ weekly: ALL_WEEK, exceptions: [] })
      .expect(200);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${fakeCameraClip(['frames/neutral.jpg'])}`,
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    removeFakeCameraClips();
  });

  async function staffPage(realm: 'assistant' | 'notary', user: { username: string; password: string }, on = browser): Promise<Page> {
    const context = await on.newContext({ baseURL: t.url, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', permissions: ['camera'] });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(`${realm}: ${e.message}`));
    page.on('console', (m) => consoleLines.push(`${realm} ${m.type()}: ${m.text()}`.slice(0, 300)));
    // No request leaves our origin: the models and WebAssembly are ours.
    await context.route(/^(?!http:\/\/(127\.0\.0\.1|localhost)[:/])/, (r) => {
      pageErrors.push(`outside request: ${r.request().url()}`);
      return r.abort();
    });
    await page.goto(`/#/${realm}`);
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    return page;
  }

  let slot = 0;
  async function book(): Promise<{ id: string }> {
    const start = new Date(Date.now() + (10 + 60 * slot++) * 60_000);
    start.setUTCMinutes(Math.ceil(start.getUTCMinutes() / 30) * 30, 0, 0);
    return (
      await t
        .http()
        .post('/api/bookings')
        .set(bearer(w.assistant.token))
        .send({
          pointId: w.pointId,
          matterCode: 'declaration',
          start: start.toISOString(),
          applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
        })
        .expect(201)
    ).body as { id: string };
  }

  it('consent, card reader (simulated), camera, the service’s verdict; the notary sees both images', async () => {
    const booking = await book();

    const assistant = await staffPage('assistant', w.assistant);
    await assistant.goto(`/#/assistant/check-in/${booking.id}`);
    await assistant.getByTestId('consent-notice').getByText('人脸信息使用告知').waitFor();
    // Nothing is captured before consent: the card and camera steps are not shown yet.
    await expect(assistant.getByTestId('face-start').isVisible()).resolves.toBe(false);
    await assistant.getByTestId('consent-check').check();
    await assistant.getByTestId('consent-accept').click();
    await assistant.getByTestId('card-reader-simulator').getByText('模拟', { exact: true }).waitFor();
    await assistant.getByTestId('card-id').fill(ID_NUMBERS[0]);
    await assistant.getByTestId('card-read').click();
    await assistant.waitForFunction(() => (document.querySelector('[data-testid=card-photo]') as HTMLImageElement | null)?.naturalWidth);
    await assistant.waitForFunction(() => (document.querySelector('[data-testid=face-camera]') as HTMLVideoElement | null)?.videoWidth);
    expect(await axeViolations(assistant)).toEqual([]);
    const posted = assistant.waitForRequest((r) => r.method() === 'POST' && /\/api\/bookings\/[^/]+\/identity$/.test(r.url()));
    await assistant.getByTestId('face-start').click();
    await assistant.getByTestId('liveness-note').getByText('活体检测已关闭').waitFor();
    await assistant
      .getByTestId('checkin-result')
      .getByText('身份核验通过')
      .waitFor({ timeout: 40_000 })
      .catch(async (err: Error) => {
        const prompt = await assistant.getByTestId('face-prompt').textContent();
        const result = await assistant.getByTestId('checkin-result').textContent();
        const seen = await assistant.evaluate(() => JSON.stringify((window as unknown as { __faceCheck?: unknown }).__faceCheck));
        throw new Error(
          `${err.message}\nprompt: ${prompt}\nresult: ${result}\nlast seen: ${seen}\nconsole:\n${consoleLines.slice(-20).join('\n')}`,
        );
      });
    const body = (await posted).postDataJSON() as { consent: boolean; idCard: { source: string }; frames: { step: string }[] };
    expect(body).toMatchObject({ consent: true, idCard: { source: 'reader' }, frames: [{ step: 'neutral' }] });
    const [row] = (await t.db.query(`SELECT method, outcome, liveness_mode FROM check_ins WHERE booking_id = $1`, [
      booking.id,
    ])) as object[];
    expect(row).toEqual({ method: 'service_verified', outcome: 'checked_in', liveness_mode: 'off' });
    expect(await axeViolations(assistant)).toEqual([]);

    await assistant.getByTestId('start-session').click();
    await assistant.waitForURL(/#\/assistant\/session\//);
    const sessionId = /#\/assistant\/session\/([0-9a-f-]+)/.exec(assistant.url())![1];
    await assistant.context().close();

    const notary = await staffPage('notary', w.notaries[0]);
    await notary.setViewportSize({ width: 390, height: 844 });
    await notary.goto(`/#/notary/session/${sessionId}`);
    for (const which of ['id-photo', 'live-frame'])
      await notary.waitForFunction(
        (id) => ((document.querySelector(`[data-testid=identity-${id}]`) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
        which,
      );
    await notary
      .getByTestId('identity-images')
      .screenshot({ path: 'test-artifacts/screenshots/notary-identity-phone.png' })
      .catch(() => undefined);
    const text = await notary.locator('section', { has: notary.getByTestId('identity-images') }).textContent();
    expect(text).toContain('本服务人证比对');
    expect(text).toContain('未检测');
    await notary.context().close();
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('challenge mode: the guidance finds the steps on synthetic pose frames and the service re-judges them', async () => {
    // The fixture poses (turn left, turn right, open mouth) are synthetic warps of a real photo
    // (test/fixtures/faces/README.md); there is no blink frame, so the steps are drawn without it.
    const random = t.app.get(Random);
    const real = random.int.bind(random);
    const draws: number[] = [];
    random.int = (n: number) => (draws.length ? draws.shift()! : real(n));
    t.config.identityLiveness = 'challenge';
    const n = 'frames/neutral.jpg';
    const clip = fakeCameraClip([n, n, n, 'frames/turn_left.jpg', n, n, 'frames/turn_right.jpg', n, n, 'frames/open_mouth.jpg'], 1, 5);
    const posing = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${clip}`,
      ],
    });
    try {
      const booking = await book();
      const assistant = await staffPage('assistant', w.assistant, posing);
      await assistant.goto(`/#/assistant/check-in/${booking.id}`);
      await assistant.getByTestId('consent-check').check();
      await assistant.getByTestId('consent-accept').click();
      await assistant.getByTestId('card-id').fill(ID_NUMBERS[0]);
      await assistant.getByTestId('card-read').click();
      await assistant.waitForFunction(() => (document.querySelector('[data-testid=face-camera]') as HTMLVideoElement | null)?.videoWidth);
      // Drawn now, not earlier: the booking's codes come from the same source.
      draws.push(1, 0, 0, 1);
      await assistant.getByTestId('face-start').click();
      await assistant.getByTestId('face-prompt').getByText('请向左转头').waitFor();
      await assistant
        .getByTestId('checkin-result')
        .getByText('身份核验通过')
        .waitFor({ timeout: 100_000 })
        .catch(async (err: Error) => {
          const prompt = await assistant.getByTestId('face-prompt').textContent();
          const result = await assistant.getByTestId('checkin-result').textContent();
          const seen = await assistant.evaluate(() => JSON.stringify((window as unknown as { __faceCheck?: unknown }).__faceCheck));
          throw new Error(`${err.message}\nprompt: ${prompt}\nresult: ${result}\nlast seen: ${seen}`);
        });
      const [row] = (await t.db.query(
        `SELECT method, liveness, liveness_mode FROM check_ins WHERE booking_id = $1 AND outcome = 'checked_in'`,
        [booking.id],
      )) as object[];
      expect(row).toEqual({ method: 'service_verified', liveness: true, liveness_mode: 'challenge' });
    } finally {
      t.config.identityLiveness = 'off';
      random.int = real;
      await posing.close();
    }
  }, 300_000);

  it('a card reader’s local service (CARD_READER_URL): the page may reach it, reads the card from it and names a bad answer', async () => {
    // A stand-in for the vendor service a certified reader ships on the point's PC: loopback HTTP,
    // CORS for our origin, the answers of the documented interface (docs/identity.md).
    const photo = readFileSync('test/fixtures/faces/id-photos/obama-id.jpg').toString('base64');
    let answer: 'card' | 'no-card' | 'garbage' = 'card';
    const asked: string[] = [];
    const reader: Server = createServer((req, res) => {
      asked.push(`${req.method} ${req.url} from ${req.headers.origin}`);
      res.setHeader('Access-Control-Allow-Origin', t.url);
      res.setHeader('Content-Type', 'application/json');
      if (answer === 'no-card') return res.writeHead(404).end(JSON.stringify({ code: 'NO_CARD' }));
      if (answer === 'garbage') return res.end(JSON.stringify({ name: '王堃', idNumber: 'not a number' }));
      res.end(
        JSON.stringify({
          name: '王堃',
          idNumber: ID_NUMBERS[0],
          validFrom: '2016-03-07',
          validUntil: '长期',
          photo,
          photoType: 'image/jpeg',
          sex: '男',
          address: '江苏省丹阳市',
        }),
      );
    });
    await new Promise<void>((ok) => reader.listen(0, '127.0.0.1', ok));
    const readerUrl = `http://127.0.0.1:${(reader.address() as AddressInfo).port}`;
    t.config.cardReaderUrl = readerUrl;
    try {
      const booking = await book();
      const assistant = await staffPage('assistant', w.assistant);
      await assistant.goto(`/#/assistant/check-in/${booking.id}`);
      const page = await assistant.reload();
      expect(page!.headers()['content-security-policy']).toContain(`connect-src 'self' ${readerUrl}`);
      await assistant.getByTestId('consent-check').check();
      await assistant.getByTestId('consent-accept').click();
      await assistant.getByText(`读卡器：${readerUrl}`).waitFor();
      expect(await assistant.getByTestId('card-reader-simulator').count()).toBe(0);

      answer = 'no-card';
      await assistant.getByTestId('card-read').click();
      await assistant.getByText('读卡器上没有身份证，请把卡放好后重试。').waitFor();
      answer = 'garbage';
      await assistant.getByTestId('card-read').click();
      await assistant.getByText('读卡器返回的内容无法识别。').waitFor();
      expect(await assistant.getByTestId('card-photo').isVisible()).toBe(false);

      answer = 'card';
      await assistant.getByTestId('card-read').click();
      await assistant.waitForFunction(() => (document.querySelector('[data-testid=card-photo]') as HTMLImageElement | null)?.naturalWidth);
      const shown = await assistant.getByTestId('card-result').textContent();
      expect(shown).toContain('王堃');
      expect(shown).toContain(`${ID_NUMBERS[0].slice(0, 4)}**********${ID_NUMBERS[0].slice(-4)}`);
      expect(shown).toContain('长期');
      expect(asked).toEqual(Array(3).fill(`GET /card from ${t.url}`));
      for (const size of [
        { width: 390, height: 844 },
        { width: 1280, height: 800 },
      ]) {
        await assistant.setViewportSize(size);
        await assistant
          .getByTestId('card-result')
          .scrollIntoViewIfNeeded()
          .then(() => assistant.screenshot({ path: `test-artifacts/screenshots/card-reader-device-${size.width}.png` }))
          .catch(() => undefined);
      }
      await assistant.context().close();
      expect(pageErrors).toEqual([]);
    } finally {
      t.config.cardReaderUrl = null;
      await new Promise((ok) => reader.close(ok));
    }
  }, 120_000);
});
