import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DemoSeedService } from '../../src/registry/demo-seed.service.js';
import type { TestApp } from '../support/app.js';
import { ALL_WEEK, ID_NUMBERS, uploadRecording } from '../support/fixtures.js';
import { ensureClientBuilt, ROOT } from './build-client.js';

/**
 * The client demo end to end, in Debian's chromium with fake camera and microphone: a citizen
 * books, the assistant checks the applicant in with the terminal simulator, notary and point
 * see each other over a real RTCPeerConnection, the record is written and signed on the pad,
 * the notary approves, and the citizen downloads the PDF and verifies it. Three browser
 * contexts, so three separate sets of storage and cookies, as on three machines.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-artifacts/screenshots');
const README_SHOTS = path.join(ROOT, 'client-demo/screenshots');
const APPLICANT = { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' };

// Without the browser (another kind of machine) the journey cannot run; say so rather than fail.
// No silent skip: without the browser this suite fails and says how to get it.
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);

interface CallStats {
  connectionState: string;
  generation: number;
  framesDecoded: number;
  framesSent: number;
}

describe('client demo journey (browser)', () => {
  let t: TestApp;
  /** Generated when the demo data is seeded (issue 16, item 5). */
  let DEMO_PASSWORD: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let pointId: string;

  beforeAll(async () => {
    ensureClientBuilt();
    // Imported only now: the app picks client-demo/dist (just built) when its module loads.
    const { startTestApp } = await import('../support/app.js');
    t = await startTestApp({
      // Bookable a few minutes from now, at whatever hour the test runs.
      BOOKING_MIN_NOTICE_MINUTES: '0',
      SLOT_STEP_MINUTES: '5',
      // No network here: a loopback STUN address fails at once instead of waiting on DNS.
      STUN_URLS: 'stun:127.0.0.1:3478',
    });
    DEMO_PASSWORD = (await t.app.get(DemoSeedService).seed())[0].password!;
    const admin = await t.login();
    const bearer = { Authorization: `Bearer ${admin}` };
    const [point] = (await t.http().get('/api/points?region=321181101').expect(200)).body as { id: string }[];
    pointId = point.id;
    await t.http().patch(`/api/points/${pointId}`).set(bearer).send({ openingHours: ALL_WEEK }).expect(200);
    const notaryToken = await t.login('demo.notary1', DEMO_PASSWORD);
    const me = (
      await t
        .http()
        .get('/api/auth/me')
        .set({ Authorization: `Bearer ${notaryToken}` })
        .expect(200)
    ).body as { id: string };
    // Only demo.notary1 works (all day, every day), so the booking is theirs.
    await t.http().put(`/api/notaries/${me.id}/schedule`).set(bearer).send({ weekly: ALL_WEEK, exceptions: [] }).expect(200);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    await mkdir(SHOTS, { recursive: true });
    await mkdir(README_SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function newPage(name: string): Promise<Page> {
    const context = await browser.newContext({
      baseURL: t.url,
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      permissions: ['camera', 'microphone'],
      acceptDownloads: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    return page;
  }

  async function shot(page: Page, name: string) {
    // From the top, so the sticky header sits where it belongs in a full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** Handwriting-like loops (a prolate cycloid) and a flourish, drawn with the mouse. */
  async function sign(page: Page, pad: ReturnType<Page['getByTestId']>) {
    await pad.scrollIntoViewIfNeeded();
    const b = (await pad.boundingBox())!;
    const at = (fx: number, fy: number) => [b.x + b.width * fx, b.y + b.height * fy] as const;
    const loops = 5;
    const n = 90;
    await page.mouse.move(...at(0.12, 0.62));
    await page.mouse.down();
    for (let i = 1; i <= n; i++) {
      const t = (i / n) * loops * 2 * Math.PI;
      const a = 0.62 / (loops * 2 * Math.PI);
      await page.mouse.move(...at(0.12 + a * t - 1.7 * a * Math.sin(t), 0.5 + 0.16 * Math.cos(t) - 0.1 * (i / n)));
    }
    await page.mouse.up();
    await page.mouse.move(...at(0.16, 0.8));
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(...at(0.16 + 0.62 * (i / 20), 0.8 - 0.08 * (i / 20) ** 2));
    await page.mouse.up();
  }

  async function staffLogin(page: Page, realm: 'assistant' | 'notary', username: string) {
    await page.goto(`/#/${realm}`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
  }

  /** Polls the page's live call until video frames have been decoded on it (on a connection newer than `after`). */
  async function framesArrive(page: Page, who: string, after = 0): Promise<CallStats> {
    const deadline = Date.now() + 45_000;
    let last: CallStats | undefined;
    while (Date.now() < deadline) {
      last = await page.evaluate(() => (window as unknown as { __demo?: { stats(): Promise<CallStats> } }).__demo?.stats());
      if (last && last.generation > after && last.connectionState === 'connected' && last.framesDecoded > 0) return last;
      await page.waitForTimeout(500);
    }
    throw new Error(`${who}: no video frames decoded; last stats ${JSON.stringify(last)}`);
  }

  it('books, checks in, meets on video, signs, approves, downloads and verifies', async () => {
    const citizen = await newPage('citizen');
    const assistant = await newPage('assistant');
    const notary = await newPage('notary');
    const started = Date.now();
    const steps: string[] = [];
    const step = (name: string) => steps.push(`${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    try {
      await journey();
    } catch (err) {
      // Leave pictures of where each browser stood, and name the step.
      for (const [name, page] of [
        ['citizen', citizen],
        ['assistant', assistant],
        ['notary', notary],
      ] as const) {
        await page.screenshot({ path: path.join(SHOTS, `failure-${name}.png`), fullPage: true }).catch(() => undefined);
      }
      throw new Error(`failed after: ${steps.join(' → ')}\n${(err as Error).stack ?? String(err)}`, { cause: err });
    }
    if (process.env.JOURNEY_TIMING) console.log(steps.join('\n'));
    expect(pageErrors).toEqual([]);

    async function journey() {
      step('the point’s terminal: this browser registers its simulator key');
      await staffLogin(assistant, 'assistant', 'demo.assistant1');
      await assistant.getByTestId('register-terminal').click();
      await assistant.getByTestId('terminal-registered').waitFor();

      step('the notary goes on duty and watches the live queue');
      await staffLogin(notary, 'notary', 'demo.notary1');
      await notary.locator('.live-on').waitFor();
      await notary.locator('label.switch').click();
      await notary.getByTestId('duty-label').filter({ hasText: '值班中' }).waitFor();

      // A walk-in registered at the point reaches the on-duty notary over /staff, no reload.
      await assistant.getByTestId('walkin-name').fill('李昇');
      await assistant.getByTestId('walkin-id').fill(ID_NUMBERS[1]);
      await assistant.getByTestId('walkin-phone').fill('13812345678');
      await assistant.getByTestId('walkin-submit').click();
      await assistant.getByTestId('walkin-result').locator('.code').first().waitFor();
      await notary.getByTestId('queue-item').filter({ hasText: '李昇' }).waitFor();

      step('the citizen books');
      await citizen.goto(`/#/book?point=${pointId}&matter=declaration`);
      await citizen.getByTestId('book-matter').selectOption('declaration');
      const firstSlot = citizen.getByTestId('slot').first();
      // Late in the evening today may be full: the page offers the next day.
      const nextDay = citizen.getByText('看下一天');
      await Promise.race([firstSlot.waitFor().catch(() => undefined), nextDay.waitFor().catch(() => undefined)]);
      if (!(await firstSlot.isVisible())) {
        await nextDay.click();
        await firstSlot.waitFor();
      }
      await firstSlot.click();
      await citizen.getByTestId('book-name').fill(APPLICANT.name);
      await citizen.getByTestId('book-id').fill(APPLICANT.idNumber);
      await citizen.getByTestId('book-phone').fill(APPLICANT.phone);
      await shot(citizen, 'citizen-booking-form');
      await citizen.getByTestId('book-submit').click();
      await citizen.getByTestId('booked').waitFor();
      const caseNo = (await citizen.getByTestId('case-no').textContent())!.trim();
      const accessCode = (await citizen.getByTestId('access-code').textContent())!.trim();
      expect(caseNo).toMatch(/^RN\d{8}-[0-9A-Z]{6}$/);
      expect(accessCode).toMatch(/^\d{8}$/);
      const ics = citizen.waitForEvent('download');
      await citizen.getByTestId('download-ics').click();
      expect((await ics).suggestedFilename()).toBe(`${caseNo}.ics`);
      await shot(citizen, 'citizen-booked');

      step('the assistant checks the applicant in with the simulator');
      await assistant.goto('/#/assistant');
      const row = assistant.locator(`[data-testid=booking-row][data-case-no="${caseNo}"]`);
      await row.getByTestId('check-in').click();
      await assistant.getByTestId('simulator').waitFor();
      await assistant.getByTestId('sim-id').fill(APPLICANT.idNumber);
      await assistant.waitForFunction(() => (document.querySelector('[data-testid=sim-camera]') as HTMLVideoElement | null)?.videoWidth);
      await shot(assistant, 'assistant-check-in');
      await assistant.getByTestId('sim-submit').click();
      await assistant.getByTestId('checkin-result').getByText('身份核验通过').waitFor();
      await assistant.getByTestId('start-session').click();
      await assistant.waitForURL(/#\/assistant\/session\//);

      step('the notary joins; both sides see each other');
      const join = notary.locator(`[data-testid=booking-row][data-case-no="${caseNo}"]`).getByTestId('join-session');
      await join.click({ timeout: 30_000 });
      await notary.waitForURL(/#\/notary\/session\//);
      const [atNotary, atPoint] = await Promise.all([framesArrive(notary, 'notary'), framesArrive(assistant, 'assistant')]);
      expect(atNotary.framesSent).toBeGreaterThan(0);
      expect(atPoint.framesSent).toBeGreaterThan(0);
      await notary.locator('[data-testid=call-status][data-media=connected]').waitFor();
      await assistant.locator('[data-testid=call-status][data-media=connected]').waitFor();

      step('the notary’s page reloads mid-call; the video comes back');
      await notary.reload();
      await framesArrive(notary, 'notary after reload');
      await framesArrive(assistant, 'assistant after the notary came back', atPoint.generation);

      step('notice, record, signature');
      await assistant.getByTestId('notice-ack').click();
      await assistant.getByText('申请人已确认知悉告知内容').waitFor();

      const answers = [
        '王堃，身份证号码如上，住丹阳市司徒镇。',
        '声明公证，用于放弃继承权。',
        '清楚。',
        '是我的真实意思，没有受到胁迫。',
        '真实完整。',
        '没有。',
      ];
      const answerBoxes = notary.getByTestId('record-answer');
      await answerBoxes.first().waitFor();
      for (let i = 0; i < answers.length; i++) await answerBoxes.nth(i).fill(answers[i]);
      await notary.getByTestId('record-save').click();
      await notary.getByTestId('record-status').getByText('已保存第 1 版').waitFor();

      await assistant.getByTestId('record-view').getByText('声明公证，用于放弃继承权。').waitFor({ timeout: 15_000 });
      await sign(assistant, assistant.getByTestId('signature-pad'));
      await shot(assistant, 'assistant-session');
      await assistant.getByTestId('signature-submit').click();
      await assistant.getByText('申请人已签名，等待公证员审批').waitFor();

      step('the session recording is on the server (approval requires it)');
      const sessionId = /#\/notary\/session\/([0-9a-f-]{36})/.exec(notary.url())![1];
      const assistantToken = await t.login('demo.assistant1', DEMO_PASSWORD);
      const held = (
        await t
          .http()
          .get(`/api/sessions/${sessionId}/recordings`)
          .set({ Authorization: `Bearer ${assistantToken}` })
          .expect(200)
      ).body as { nextSeq: number; finished: unknown };
      // Uploaded from the test process unless the point's console has recorded the session itself.
      if (!held.finished && held.nextSeq === 0) await uploadRecording(t, assistantToken, sessionId);

      step('the notary approves');
      await notary.getByTestId('signature-image').waitFor({ timeout: 15_000 });
      await notary.locator('[data-testid=session-status][data-status=signing]').waitFor({ timeout: 15_000 });
      await notary.getByTestId('fill-examples').click();
      await shot(notary, 'notary-session');
      await notary.getByTestId('approve').click();
      const certificateNo = (await notary.getByTestId('certificate-no').textContent())!.trim();
      expect(certificateNo).toMatch(/证字第\d+号/);
      await assistant.getByTestId('certificate-no').filter({ hasText: certificateNo }).waitFor({ timeout: 15_000 });
      await shot(assistant, 'assistant-approved');
      await shot(notary, 'notary-approved');

      step('the citizen signs in with case number and code, downloads and verifies');
      await citizen.goto('/#/case');
      await citizen.getByTestId('case-logout').click();
      await citizen.getByTestId('case-login-no').fill(caseNo);
      await citizen.getByTestId('case-login-code').fill(accessCode);
      await citizen.getByTestId('case-login-submit').click();
      await citizen.getByTestId('certificate-ready').waitFor();
      await shot(citizen, 'citizen-case');
      const download = citizen.waitForEvent('download');
      await citizen.getByTestId('download-certificate').click();
      const pdfPath = path.join(ROOT, 'test-artifacts', `${caseNo}.pdf`);
      await (await download).saveAs(pdfPath);

      await citizen.goto('/#/verify');
      await citizen.getByTestId('verify-file').setInputFiles(pdfPath);
      await citizen.getByTestId('verify-valid').waitFor();
      await expect(citizen.getByTestId('verify-result').textContent()).resolves.toContain(certificateNo);
      // The embedded inclusion proof checks out against the log's published key.
      await expect(citizen.getByTestId('verify-log').textContent()).resolves.toMatch(/#\d+ · \S+\/log · /);
      // And the browser checks it again itself (receipt against the JWKS, proof against the log key).
      await citizen.waitForFunction(() => /#\d+/.test(document.querySelector('[data-testid=verify-browser]')?.textContent ?? ''), null, {
        timeout: 30_000,
      });
      await expect(citizen.getByTestId('verify-browser').textContent()).resolves.toMatch(
        /(回执签名有效|receipt signature valid) · (叶|leaf) #\d+ · /,
      );
      await shot(citizen, 'citizen-verify');

      // The staff consoles' dashboards, for the record.
      await notary.goto('/#/notary');
      await notary.getByTestId('queue-item').first().waitFor();
      await shot(notary, 'notary-dashboard');
      await assistant.goto('/#/assistant');
      await assistant.locator(`[data-testid=booking-row][data-case-no="${caseNo}"]`).waitFor();
      await shot(assistant, 'assistant-dashboard');

      await copyFile(path.join(SHOTS, 'assistant-session.png'), path.join(README_SHOTS, 'assistant.png'));
      await copyFile(path.join(SHOTS, 'notary-session.png'), path.join(README_SHOTS, 'notary.png'));
      await copyFile(path.join(SHOTS, 'citizen-verify.png'), path.join(README_SHOTS, 'citizen.png'));
      step('done');
    }
  }, 180_000);

  it('switches to English and remembers the choice', async () => {
    const page = await newPage('language');
    await page.goto('/#/verify');
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Verify a certificate' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Verify a certificate' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
  }, 60_000);
});
