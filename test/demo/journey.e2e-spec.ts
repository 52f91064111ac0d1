import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { pdftotext } from '../../src/certificate/pdf/poppler.js';
import { Random } from '../../src/common/random.js';
import { DemoSeedService } from '../../src/registry/demo-seed.service.js';
import { iceServers, TURN_CREDENTIAL_TTL_SECONDS } from '../../src/signalling/ice.js';
import type { TestApp } from '../support/app.js';
import { ALL_WEEK, ID_NUMBERS } from '../support/fixtures.js';
import { stopAll } from '../support/process.js';
import { startTurn, type Turn } from '../support/turn.js';
import { adminConsole } from './admin-console.js';
import { ensureClientBuilt, ROOT } from './build-client.js';
import { ConsoleTour, DESKTOP, PHONE } from './consoles.js';
import { fakeCameraClip, removeFakeCameraClips } from './fake-camera.js';

/**
 * The client demo end to end, in Debian's chromium with fake camera and microphone: a citizen
 * books, the assistant checks the applicant in through the service's own person–ID check (a face
 * on the fake camera that turns and opens its mouth: synthetic pose frames of a real photo; the
 * card-reader simulator), notary and point
 * see each other over a real RTCPeerConnection, the record is written and signed on the pad,
 * the notary approves, and the citizen downloads the PDF and verifies it. Three browser
 * contexts, so three separate sets of storage and cookies, as on three machines.
 *
 * All media goes through Debian's coturn (every page forces `iceTransportPolicy:
 * 'relay'`, and the selected candidate pairs are checked to be relayed), and the assistant's
 * console records the session while its page is reloaded once, and one chunk upload is left
 * unanswered (a dead connection) and must be retried; the stored WebM is read back with ffprobe.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-artifacts/screenshots');
const README_SHOTS = path.join(ROOT, 'client-demo/screenshots');
const N = 'frames/neutral.jpg';
const APPLICANT = { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' };

// Without the browser (another kind of machine) the journey cannot run; say so rather than fail.
// No silent skip: without the browser this suite fails and says how to get it.
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);

interface CallStats {
  connectionState: string;
  generation: number;
  framesDecoded: number;
  framesSent: number;
  localCandidateType: string | null;
  remoteCandidateType: string | null;
}

/** What the assistant's page reports about its recording (client-demo/src/recording/recorder.ts). */
interface RecordingState {
  phase: string;
  segments: number;
  durationMs: number;
  chunkCount: number;
  upload: {
    ackedChunks: number;
    ackedBytes: number;
    pendingChunks: number;
    sentBytes: number;
    requests: number;
    error: string | null;
    stopped: boolean;
  };
  finish: { chunkCount: number; durationMs: number; bytes: number; manifestSha256: string } | null;
  error: string | null;
}
const recordingOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { __recording?: { state(): RecordingState } }).__recording?.state() ?? null);

/**
 * Waits until the page's recording reaches `what`, for as long as it moves: a wait on its
 * progress, not on the clock, since a loaded machine may encode and upload slowly. It fails at
 * once, with the recorder's state, when the recorder reports an error or its upload stopped on a
 * refusal; and when it stalls: recording, but no new chunk for STALL_MS, or chunks waiting in the
 * browser but none acknowledged for STALL_MS. The ceiling only turns a hang into a failure.
 */
async function recordingReaches(page: Page, what: string, done: (s: RecordingState) => boolean): Promise<RecordingState> {
  const STALL_MS = 60_000;
  const deadline = Date.now() + 300_000;
  let last: RecordingState | null = null;
  let recorded = Date.now();
  let acknowledged = Date.now();
  for (;;) {
    const s = await recordingOf(page);
    if (s && done(s)) return s;
    if (s && (s.phase === 'error' || s.phase === 'unsupported' || s.upload.stopped))
      throw new Error(`the recording failed before ${what}: ${JSON.stringify(s)}`);
    const now = Date.now();
    if (s && (s.phase !== 'recording' || s.phase !== last?.phase || s.chunkCount !== last.chunkCount)) recorded = now;
    if (s && (s.upload.pendingChunks === 0 || s.upload.ackedChunks !== last?.upload.ackedChunks)) acknowledged = now;
    last = s ?? last;
    const stall = now - recorded > STALL_MS ? 'no new chunk recorded' : now - acknowledged > STALL_MS ? 'no chunk acknowledged' : null;
    if (stall) throw new Error(`${stall} for ${STALL_MS / 1000} s while waiting for ${what}: ${JSON.stringify(last)}`);
    if (now > deadline) throw new Error(`the recording did not reach ${what} in 5 min: ${JSON.stringify(last)}`);
    await page.waitForTimeout(500);
  }
}

/** Streams and duration of a media file as ffprobe (Debian's ffmpeg) reads them. */
function probe(file: string): { streams: string[]; durationS: number } {
  const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // A MediaRecorder WebM declares no duration (it is written live): take the end of the last packet.
  const packets = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let durationS = 0;
  for (const line of packets.split('\n')) {
    const [pts, dur] = line.split(',').map(Number);
    if (Number.isFinite(pts)) durationS = Math.max(durationS, pts + (Number.isFinite(dur) ? dur : 0));
  }
  return { streams, durationS };
}

describe('client demo journey (browser)', () => {
  let t: TestApp;
  /** Generated when the demo data is seeded. */
  let DEMO_PASSWORD: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const consoleLines: string[] = [];
  let pointId: string;
  let turn: Turn;
  /** Values the service's Random returns next (the liveness steps are drawn through it); empty: real randomness. */
  const draws: number[] = [];

  beforeAll(async () => {
    ensureClientBuilt();
    turn = await startTurn();
    // Imported only now: the app picks client-demo/dist (just built) when its module loads.
    const { startTestApp } = await import('../support/app.js');
    t = await startTestApp({
      // Bookable a few minutes from now, at whatever hour the test runs.
      BOOKING_MIN_NOTICE_MINUTES: '0',
      SLOT_STEP_MINUTES: '5',
      // No network here: STUN and TURN are the loopback coturn.
      STUN_URLS: `stun:127.0.0.1:${turn.port}`,
      TURN_URLS: turn.url,
      TURN_SECRET: turn.secret,
      // The certificate embeds its log proof only if it comes within this wait: on a loaded machine
      // the evidence log's batch can take longer than the default second (the citizen's check below needs it).
      LOG_PROOF_WAIT_MS: '60000',
    });
    DEMO_PASSWORD = (await t.app.get(DemoSeedService).seed())[0].password!;
    const random = t.app.get(Random);
    const real = random.int.bind(random);
    random.int = (n: number) => (draws.length ? draws.shift()! : real(n));
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
        // A face for the check-in instead of the test pattern: a public-domain photo and synthetic
        // pose changes of it (test/fixtures/faces/README.md), mostly the neutral picture.
        `--use-file-for-fake-video-capture=${fakeCameraClip([N, N, N, 'frames/turn_left.jpg', N, N, 'frames/turn_right.jpg', N, N, 'frames/open_mouth.jpg'], 1, 5)}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    await mkdir(SHOTS, { recursive: true });
    await mkdir(README_SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    removeFakeCameraClips();
    await t?.close();
    await turn?.stop();
    await stopAll();
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
    // Media only through TURN: a call that connects proves coturn relayed it.
    // Init scripts run in every frame; the draft certificate's PDF viewer frame has no storage.
    await context.addInitScript(() => window.localStorage?.setItem('demo.iceTransportPolicy', 'relay'));
    const page = await context.newPage();
    // A ceiling, not a speed claim: with three calls, a recorder and coturn on a shared 2-core machine a page can stall for long.
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
    // Kept for a failure's message: what the browsers complained about on the way.
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`${name} ${m.type()}: ${m.text()}`.slice(0, 500));
    });
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

  /**
   * Waits until the browser's PDF viewer has painted a page in the draft's frame (white paper on its
   * dark backdrop), so the pictures show the draft; the viewer's insides are not in the DOM.
   */
  async function pdfPainted(page: Page) {
    const frame = page.getByTestId('draft-frame');
    for (let i = 0; i < 120; i++) {
      const { data } = await sharp(await frame.screenshot())
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      let white = 0;
      for (const v of data) if (v > 240) white++;
      if (white / data.length > 0.1) return;
      await page.waitForTimeout(250);
    }
    throw new Error('the PDF viewer painted no page of the draft');
  }

  async function staffLogin(page: Page, realm: 'assistant' | 'notary', username: string) {
    await page.goto(`/#/${realm}`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
  }

  /** Polls the page's live call until video frames have been decoded on it (on a connection newer than `after`). */
  async function callStats(page: Page): Promise<CallStats | undefined> {
    return page.evaluate(() => (window as unknown as { __demo?: { stats(): Promise<CallStats> } }).__demo?.stats());
  }

  /**
   * Polls the page's live call until video frames have been decoded on it; with `after`, until
   * more frames than then have arrived on a connection (the same one, renegotiated, or a rebuilt one).
   */
  async function framesArrive(page: Page, who: string, after?: CallStats): Promise<CallStats> {
    const deadline = Date.now() + 45_000;
    let last: CallStats | undefined;
    while (Date.now() < deadline) {
      last = await page.evaluate(() => (window as unknown as { __demo?: { stats(): Promise<CallStats> } }).__demo?.stats());
      const newer = !after || last?.generation !== after.generation || (last?.framesDecoded ?? 0) > after.framesDecoded;
      if (last && newer && last.connectionState === 'connected' && last.framesDecoded > 0 && last.framesSent > 0) return last;
      await page.waitForTimeout(500);
    }
    throw new Error(`${who}: no video frames decoded; last stats ${JSON.stringify(last)}`);
  }

  it('coturn refuses a TURN credential whose time has passed, and relays with a current one', async () => {
    const page = await newPage('turn-credentials');
    await page.goto('/#/verify');
    const config = { stunUrls: [], turnUrls: [turn.url], turnSecret: turn.secret };
    // The service's own credential scheme (src/signalling/ice.ts), issued two lifetimes ago: expired for an hour.
    const expired = iceServers(config, 'turn-test', new Date(Date.now() - 2 * TURN_CREDENTIAL_TTL_SECONDS * 1000));
    const current = iceServers(config, 'turn-test', new Date());
    const gather = (servers: RTCIceServer[]) =>
      page.evaluate(async (ice) => {
        const pc = new RTCPeerConnection({ iceServers: ice, iceTransportPolicy: 'relay' });
        const types: string[] = [];
        const errors: number[] = [];
        pc.onicecandidate = (e) => e.candidate && types.push(e.candidate.type ?? '');
        pc.onicecandidateerror = (e) => errors.push(e.errorCode);
        pc.createDataChannel('probe');
        await pc.setLocalDescription();
        await new Promise<void>((resolve) => {
          if (pc.iceGatheringState === 'complete') resolve();
          pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve();
        });
        pc.close();
        return { types, errors };
      }, servers as RTCIceServer[]);
    const refused = await gather(expired);
    expect(refused.types).toEqual([]);
    expect(refused.errors).toContain(401);
    const accepted = await gather(current);
    expect(accepted.types).toContain('relay');
  }, 60_000);

  it('books, checks in, meets on video, signs, approves, downloads and verifies', async () => {
    const citizen = await newPage('citizen');
    const assistant = await newPage('assistant');
    const notary = await newPage('notary');
    const tour = new ConsoleTour();
    await citizen.setViewportSize(PHONE);
    const started = Date.now();
    const steps: string[] = [];
    const step = (name: string) => {
      steps.push(`${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (process.env.JOURNEY_TIMING) console.log(steps.at(-1));
    };
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
      const complaints = consoleLines.slice(-30).join('\n');
      const checks = JSON.stringify(tour.failures(), null, 1);
      // The server's own account of any request it failed (pino's error level).
      const serverErrors = t
        .logs()
        .split('\n')
        .filter((l) => l.includes('"level":50'))
        .slice(-10)
        .map((l) => l.slice(0, 2000))
        .join('\n');
      throw new Error(
        `failed after: ${steps.join(' → ')}\n${(err as Error).stack ?? String(err)}\nbrowser console:\n${complaints}\npage checks so far:\n${checks}\nserver errors:\n${serverErrors}`,
        {
          cause: err,
        },
      );
    } finally {
      // Three live calls and a recorder cost the shared machine CPU: end them before the next test.
      for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
    }
    expect(pageErrors).toEqual([]);
    // Layout, accessibility and language on every page visited (test/demo/consoles.ts).
    expect(tour.failures()).toEqual([]);

    async function journey() {
      step('the point’s terminal: this browser registers its simulator key');
      await assistant.goto('/#/assistant');
      await tour.visit(assistant, 'staff-login', 'desktop');
      await staffLogin(assistant, 'assistant', 'demo.assistant1');
      // A connection that dies without a word: the first upload of chunk 1 is never answered. The
      // page gives a request 5 s here (30 s in use) before it counts as a network failure and is retried.
      await assistant.evaluate(() => localStorage.setItem('demo.uploadTimeoutMs', '5000'));
      const held = { attempts: 0, bytes: 0 };
      await assistant.route(/\/recordings\?seq=1$/, async (route) => {
        if (++held.attempts === 1) {
          held.bytes = route.request().postDataBuffer()?.length ?? 0;
          return; // left unanswered: the page's timeout aborts it
        }
        await route.continue();
      });
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
      // The page opens on the first day with a free time (late in the evening, that is tomorrow).
      const firstSlot = citizen.getByTestId('slot').first();
      await firstSlot.click();
      const bookedDay = (await firstSlot.getAttribute('data-start'))!.slice(0, 10); // Shanghai date (+08:00)
      await expect(firstSlot.getAttribute('aria-pressed')).resolves.toBe('true');
      // A wrong check digit is caught at its field before anything is sent; the chosen time stays.
      await citizen.getByTestId('book-id').fill('321181199003070014');
      await citizen.getByTestId('book-submit').click();
      await citizen.getByTestId('book-id-error').getByText('校验').waitFor();
      await tour.visit(citizen, 'citizen-book', 'phone');
      await expect(firstSlot.getAttribute('aria-pressed')).resolves.toBe('true');
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
      await tour.visit(citizen, 'citizen-booked', 'phone');

      step('the assistant checks the applicant in through the service’s own check');
      await assistant.goto('/#/assistant');
      // The list opens on today, the walk-in's day; late in the evening the citizen's time is tomorrow.
      await assistant.getByTestId('booking-row').filter({ hasText: '李昇' }).waitFor();
      const day = assistant.getByTestId('assistant-date');
      if ((await day.inputValue()) !== bookedDay) await day.fill(bookedDay);
      const row = assistant.locator(`[data-testid=booking-row][data-case-no="${caseNo}"]`);
      await row.getByTestId('check-in').click();
      await assistant.getByTestId('consent-notice').getByText('人脸信息使用告知').waitFor();
      await assistant.getByTestId('consent-check').check();
      await assistant.getByTestId('consent-accept').click();
      await assistant.getByTestId('card-reader-simulator').getByText('模拟', { exact: true }).waitFor();
      await assistant.getByTestId('card-id').fill(APPLICANT.idNumber);
      await assistant.getByTestId('card-read').click();
      await assistant.waitForFunction(() => (document.querySelector('[data-testid=card-photo]') as HTMLImageElement | null)?.naturalWidth);
      await assistant.waitForFunction(() => (document.querySelector('[data-testid=face-camera]') as HTMLVideoElement | null)?.videoWidth);
      await shot(assistant, 'assistant-check-in');
      await tour.visit(assistant, 'assistant-check-in', 'desktop');
      // The challenge's steps are drawn now from the steps the clip shows (it has no blink).
      draws.push(1, 0, 0, 1);
      await assistant.getByTestId('face-start').click();
      await assistant.getByTestId('face-prompt').getByText('请向左转头').waitFor();
      await assistant.getByTestId('checkin-result').getByText('身份核验通过').waitFor({ timeout: 120_000 });
      const [checkIn] = (await t.db.query(
        `SELECT c.method, c.liveness, c.liveness_mode FROM check_ins c JOIN bookings b ON b.id = c.booking_id WHERE b.case_no = $1 AND c.outcome = 'checked_in'`,
        [caseNo],
      )) as object[];
      expect(checkIn).toEqual({ method: 'service_verified', liveness: true, liveness_mode: 'challenge' });
      await shot(assistant, 'assistant-check-in-passed');
      await tour.visit(assistant, 'assistant-check-in-passed', 'desktop');
      await assistant.getByTestId('start-session').click();
      await assistant.waitForURL(/#\/assistant\/session\//);

      step('the notary joins; both sides see each other');
      const notaryDay = notary.getByTestId('notary-date');
      if ((await notaryDay.inputValue()) !== bookedDay) await notaryDay.fill(bookedDay);
      const join = notary.locator(`[data-testid=booking-row][data-case-no="${caseNo}"]`).getByTestId('join-session');
      await join.click({ timeout: 30_000 });
      await notary.waitForURL(/#\/notary\/session\//);
      // Before the session goes on: the ID photo beside the live frame, with the service's result.
      for (const which of ['id-photo', 'live-frame'])
        await notary.waitForFunction(
          (id) => ((document.querySelector(`[data-testid=identity-${id}]`) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
          which,
        );
      const [atNotary, atPoint] = await Promise.all([framesArrive(notary, 'notary'), framesArrive(assistant, 'assistant')]);
      expect(atNotary.framesSent).toBeGreaterThan(0);
      expect(atPoint.framesSent).toBeGreaterThan(0);
      // Both ends of the pair in use are relayed candidates: the video crosses coturn both ways.
      for (const s of [atNotary, atPoint]) expect([s.localCandidateType, s.remoteCandidateType]).toEqual(['relay', 'relay']);
      const sessionId = /#\/assistant\/session\/([0-9a-f-]+)/.exec(assistant.url())![1];
      const notaryBearer = { Authorization: `Bearer ${await t.login('demo.notary1', DEMO_PASSWORD)}` };
      const joinInfo = (await t.http().get(`/api/sessions/${sessionId}/join`).set(notaryBearer).expect(200)).body as {
        iceServers: { urls: string[]; username?: string; credential?: string }[];
      };
      expect(joinInfo.iceServers).toContainEqual({
        urls: [turn.url],
        username: expect.stringMatching(/^\d+:/),
        credential: expect.any(String),
      });
      await notary.locator('[data-testid=call-status][data-media=connected]').waitFor();
      await assistant.locator('[data-testid=call-status][data-media=connected]').waitFor();

      step('the notary’s page reloads mid-call; the video comes back');
      await notary.reload();
      await framesArrive(notary, 'notary after reload');
      // Taken once the notary's new connection has video: frames after this come from it.
      await framesArrive(assistant, 'assistant after the notary came back', await callStats(assistant));

      step('the point records; the assistant’s page reloads mid-session; the recording resumes');
      // Every request of the recording upload, as the browser sent it: the overhead figures.
      const uploads = { requests: 0 };
      assistant.context().on('request', (r) => {
        if (/\/api\/sessions\/[^/]+\/recordings/.test(r.url())) uploads.requests++;
      });
      await assistant.locator('[data-testid=recording-panel][data-phase=recording]').waitFor({ timeout: 30_000 });
      await recordingReaches(assistant, '2 acknowledged chunks', (s) => s.upload.ackedChunks >= 2);
      // The unanswered chunk was sent again and acknowledged; the upload says nothing is wrong now.
      expect(held.attempts).toBeGreaterThanOrEqual(2);
      expect(held.bytes).toBeGreaterThan(0);
      expect((await recordingOf(assistant))!.upload.error).toBeNull();
      await assistant.evaluate(() => localStorage.removeItem('demo.uploadTimeoutMs'));
      await notary.getByTestId('recording-status').locator('xpath=self::*[@data-chunks!="0"]').waitFor({ timeout: 30_000 });
      // The page's own upload counters (chunk bytes sent, retries included; HTTP requests) start again after the reload.
      const beforeReload = (await recordingOf(assistant))!;
      await assistant.reload();
      const afterReload = await framesArrive(assistant, 'assistant after its reload');
      expect([afterReload.localCandidateType, afterReload.remoteCandidateType]).toEqual(['relay', 'relay']);
      await assistant.locator('[data-testid=recording-panel][data-phase=recording]').waitFor({ timeout: 30_000 });
      expect((await recordingOf(assistant))!.segments).toBe(2);
      // A session of at least 20 s on record (a wait for a state, not a speed claim).
      await recordingReaches(assistant, '21 s recorded', (s) => s.durationMs >= 21_000);

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
      // The applicant sees the signature in its place, with name and date, before confirming it.
      await assistant.getByTestId('signature-review').click();
      const preview = assistant.getByTestId('signature-preview');
      await preview.waitFor();
      expect(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      await expect(assistant.getByTestId('signature-review-step').textContent()).resolves.toContain(APPLICANT.name);
      await assistant.getByTestId('signature-redo').click();
      await assistant.getByTestId('signature-pad').waitFor();
      expect(await assistant.getByTestId('signature-review').isDisabled()).toBe(true);
      await sign(assistant, assistant.getByTestId('signature-pad'));
      await assistant.getByTestId('signature-review').click();
      await preview.waitFor();
      await tour.visit(assistant, 'assistant-signing', 'desktop');
      await assistant.getByTestId('signature-submit').click();
      await assistant.getByText('申请人已签名，等待公证员审批').waitFor();

      step('the recording closes once the applicant has signed; the stored WebM is one playable recording');
      const rec = await recordingReaches(assistant, 'the finish', (s) => s.phase === 'finished');
      await assistant.locator('[data-testid=recording-panel][data-phase=finished]').waitFor();
      expect(rec.upload.pendingChunks).toBe(0);
      expect(rec.upload.error).toBeNull();
      expect(rec.finish).toMatchObject({ chunkCount: rec.chunkCount, durationMs: rec.durationMs });
      const adminBearer = { Authorization: `Bearer ${await t.login()}` };
      const manifest = (await t.http().get(`/api/sessions/${sessionId}/recordings`).set(adminBearer).expect(200)).body as {
        chunks: unknown[];
        totalBytes: number;
      };
      expect(manifest.chunks).toHaveLength(rec.chunkCount);
      const webm = (
        await t
          .http()
          .get(`/api/sessions/${sessionId}/recording`)
          .set(adminBearer)
          .buffer(true)
          .parse((res, cb) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => parts.push(d));
            res.on('end', () => cb(null, Buffer.concat(parts)));
          })
          .expect(200)
      ).body as Buffer;
      expect(webm.length).toBe(manifest.totalBytes);
      const webmPath = path.join(ROOT, 'test-artifacts', `${caseNo}.webm`);
      await writeFile(webmPath, webm);
      const probed = probe(webmPath);
      expect(probed.streams.sort()).toEqual(['audio', 'video']);
      expect(rec.durationMs).toBeGreaterThanOrEqual(20_000);
      expect(Math.abs(probed.durationS * 1000 - rec.durationMs)).toBeLessThanOrEqual(2000);
      const minutes = rec.durationMs / 60_000;
      const figures = {
        durationS: rec.durationMs / 1000,
        probedS: probed.durationS,
        chunks: rec.chunkCount,
        storedBytes: manifest.totalBytes,
        bytesPerMinute: Math.round(manifest.totalBytes / minutes),
        uploadBodyBytes: beforeReload.upload.sentBytes + rec.upload.sentBytes,
        // Less the chunk held unanswered on purpose above, whose bytes were sent twice.
        bytesSentPerStored: Number(((beforeReload.upload.sentBytes + rec.upload.sentBytes - held.bytes) / manifest.totalBytes).toFixed(3)),
        heldChunkBytes: held.bytes,
        uploadRequests: beforeReload.upload.requests + rec.upload.requests,
        requestsSeenByBrowser: uploads.requests,
        requestsPerMinute: Number(((beforeReload.upload.requests + rec.upload.requests) / minutes).toFixed(1)),
      };
      await writeFile(path.join(ROOT, 'test-artifacts', 'recording-figures.json'), JSON.stringify(figures, null, 2));
      if (process.env.JOURNEY_TIMING) console.log(JSON.stringify(figures));

      step('the notary plays the recording back');
      await notary.getByTestId('recording-play').click();
      await notary.waitForFunction(
        () => ((document.querySelector('[data-testid=recording-player]') as HTMLVideoElement | null)?.readyState ?? 0) >= 1,
        null,
        { timeout: 30_000 },
      );

      step('the notary approves');
      await notary.getByTestId('signature-image').waitFor({ timeout: 15_000 });
      await notary.locator('[data-testid=session-status][data-status=signing]').waitFor({ timeout: 15_000 });
      await notary.getByTestId('fill-examples').click();
      await shot(notary, 'notary-session');
      await tour.visit(notary, 'notary-session', 'desktop');
      // The draft before approval: the certificate's own rendering, marked 草稿, unnumbered.
      const [draft] = await Promise.all([
        notary.waitForResponse((r) => r.url().endsWith(`/api/sessions/${sessionId}/certificate/draft`)),
        notary.getByTestId('draft-open').click(),
      ]);
      expect({ status: draft.status(), type: draft.headers()['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
      await notary.locator('[data-testid=draft-frame][data-loaded]').waitFor();
      expect(Number(await notary.getByTestId('draft-preview').getAttribute('data-bytes'))).toBeGreaterThan(10_000);
      // The browser's copy is a blob the page owns; the same draft, asked for again, is read here.
      const again = await t
        .http()
        .get(`/api/sessions/${sessionId}/certificate/draft`)
        .set({ Authorization: `Bearer ${await t.login('demo.notary1', DEMO_PASSWORD)}` })
        .buffer(true)
        .parse((res, cb) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => cb(null, Buffer.concat(parts)));
        })
        .expect(200);
      const draftText = (await pdftotext(again.body as Buffer)).replace(/\s/g, '');
      expect(draftText).toContain('草稿');
      expect(draftText).toContain(APPLICANT.name);
      expect(draftText).not.toMatch(/证字第\d+号/);
      await tour.visit(notary, 'notary-draft', 'desktop');
      // Full-page captures leave the PDF viewer's frame dark: the pictures are of the screen, scrolled to the draft.
      for (const size of [DESKTOP, PHONE]) {
        await notary.setViewportSize(size);
        await notary.getByTestId('draft-open').scrollIntoViewIfNeeded();
        await notary.evaluate(() => document.querySelector('[data-testid=draft-open]')!.scrollIntoView({ block: 'start' }));
        await pdfPainted(notary);
        await notary.screenshot({ path: path.join(tour.dir, `notary-draft-${size.width}.png`) });
      }
      await notary.setViewportSize(DESKTOP);
      await notary.getByTestId('approve').click();
      const certificateNo = (await notary.getByTestId('certificate-no').textContent())!.trim();
      expect(certificateNo).toMatch(/证字第\d+号/);
      await assistant.getByTestId('certificate-no').filter({ hasText: certificateNo }).waitFor({ timeout: 15_000 });
      await shot(assistant, 'assistant-approved');
      await tour.visit(assistant, 'assistant-session', 'desktop');
      await shot(notary, 'notary-approved');

      step('the citizen signs in with case number and code, downloads and verifies');
      await citizen.goto('/#/case');
      await citizen.getByTestId('case-logout').click();
      await citizen.getByTestId('case-login-no').fill(caseNo);
      await citizen.getByTestId('case-login-code').fill(accessCode);
      await citizen.getByTestId('case-login-submit').click();
      await citizen.getByTestId('certificate-ready').waitFor();
      await shot(citizen, 'citizen-case');
      await tour.visit(citizen, 'citizen-case', 'phone');
      const download = citizen.waitForEvent('download');
      await citizen.getByTestId('download-certificate').click();
      const pdfPath = path.join(ROOT, 'test-artifacts', `${caseNo}.pdf`);
      await (await download).saveAs(pdfPath);
      // The certificate's evidence page names the recording the point's console made.
      const evidence = (await pdftotext(await readFile(pdfPath))).replace(/\s+/g, '');
      expect(evidence).toContain(rec.finish!.manifestSha256);
      expect(evidence).toContain(`（${rec.durationMs}毫秒）`);
      expect(evidence).toContain(`大小：${rec.finish!.bytes}字节，${rec.chunkCount}段`);

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
      await tour.visit(citizen, 'citizen-verify', 'phone');
      // The page the certificate's QR code opens, with the PDF dropped on it (long hashes and all).
      const { certificateId } = (await t.http().get(`/api/sessions/${sessionId}`).set(adminBearer).expect(200)).body as {
        certificateId: string;
      };
      await citizen.goto(`/verify/${certificateId}`);
      await citizen.locator('#file').setInputFiles(pdfPath);
      await citizen.locator('#plain').waitFor();
      await tour.visit(citizen, 'qr-verify', 'phone');
      await citizen.getByTestId('verify-lang').click();
      await citizen.getByRole('heading', { name: 'Certificate verification' }).waitFor();
      await tour.visit(citizen, 'qr-verify-en', 'phone');

      // The staff consoles' dashboards, for the record.
      await notary.goto('/#/notary');
      await notary.getByTestId('queue-item').first().waitFor();
      await shot(notary, 'notary-dashboard');
      await tour.visit(notary, 'notary-dashboard', 'desktop');
      await assistant.goto('/#/assistant');
      await assistant.locator(`[data-testid=booking-row][data-case-no="${caseNo}"]`).waitFor();
      await shot(assistant, 'assistant-dashboard');
      await tour.visit(assistant, 'assistant-dashboard', 'desktop');

      await copyFile(path.join(SHOTS, 'assistant-session.png'), path.join(README_SHOTS, 'assistant.png'));
      await copyFile(path.join(SHOTS, 'notary-session.png'), path.join(README_SHOTS, 'notary.png'));
      await copyFile(path.join(SHOTS, 'citizen-verify.png'), path.join(README_SHOTS, 'citizen.png'));
      step('done');
    }
  }, 600_000);

  // After the completed case: its figures and charts, a terminal approved, the demo accounts disabled.
  it(
    'administers from the browser: approves a terminal, draws the figures, disables the demo accounts',
    () => adminConsole({ t, browser, pointId, pageErrors }),
    300_000,
  );

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
