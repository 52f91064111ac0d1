/**
 * The administration console in the browser, run by the journey after its case is completed: an
 * admin signs in, approves a terminal an assistant registered, sees the completed case in the
 * figures (the API's point row with a handling time, the CSV with the same numbers) and in the
 * dashboard's four charts (each ECharts instance holds series data and drew SVG), and disables
 * the demo accounts; on the way it resets a user's password and disables the account, edits a
 * notary's weekly hours and a matter's wording (its preview, a refused placeholder). Every admin
 * page is checked at 390×844 and 1280×800 (no horizontal overflow, axe) and pictured for docs/screenshots.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.js';
import { ADMIN } from '../support/app.js';
import { ROOT } from './build-client.js';
import { clean, pageReport } from './consoles.js';

const DOCS_SHOTS = path.join(ROOT, 'docs/screenshots');
const VIEWPORTS = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
] as const;
const TABS = ['dashboard', 'offices', 'notaries', 'points', 'terminals', 'users', 'matters', 'demo'] as const;

interface Facts {
  t: TestApp;
  browser: Browser;
  /** The journey's completed case: its point. */
  pointId: string;
  /** Collects a page's uncaught errors, as the journey's own pages do. */
  pageErrors: string[];
}

/** A terminal waiting for approval: a point without self-enrolment, its assistant registers a key. */
async function pendingTerminal(t: TestApp, admin: string, officeId: string, regionCode: string): Promise<string> {
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const point = (
    await t
      .http()
      .post('/api/points')
      .set(bearer(admin))
      .send({
        name: '访仙镇远程公证服务点',
        regionCode,
        officeId,
        address: '访仙镇政府一楼',
        phone: '0511-86222222',
        openingHours: { mon: [['08:30', '17:30']] },
      })
      .expect(201)
  ).body as { id: string };
  await t
    .http()
    .post(`/api/points/${point.id}/assistants`)
    .set(bearer(admin))
    .send({ username: 'fangxian.assistant', password: 'fangxian-password-1', displayName: '访仙镇辅助员' })
    .expect(201);
  const assistant = await t.login('fangxian.assistant', 'fangxian-password-1');
  const { publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const reg = (
    await t
      .http()
      .post(`/api/points/${point.id}/terminals`)
      .set(bearer(assistant))
      .send({ label: '访仙镇1号终端', publicKeyJwk: await exportJWK(publicKey) })
      .expect(201)
  ).body as { id: string; status: string };
  expect(reg.status).toBe('pending');
  return reg.id;
}

export async function adminConsole({ t, browser, pointId, pageErrors }: Facts): Promise<void> {
  const admin = await t.login();
  const bearer = { Authorization: `Bearer ${admin}` };

  // The API: the journey's case in its point's row, with a handling time; the CSV says the same.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const range = { from: today, to: today, groupBy: 'point' };
  const stats = (await t.http().get('/api/stats/cases').query(range).set(bearer).expect(200)).body as {
    rows: { key: string; completed: number; certificates: number; handlingMinutes: { p50: number | null } }[];
  };
  const row = stats.rows.find((r) => r.key === pointId)!;
  expect(row.completed).toBeGreaterThanOrEqual(1);
  expect(row.handlingMinutes.p50).not.toBeNull();
  const csv = (await t.http().get('/api/stats/cases.csv').query(range).set(bearer).expect(200)).text;
  const line = csv
    .split('\r\n')
    .find((l) => l.startsWith(pointId))!
    .split(',');
  expect([Number(line[3]), Number(line[7]), Number(line[8])]).toEqual([row.completed, row.certificates, row.handlingMinutes.p50]);

  const point = (await t.http().get(`/api/points/${pointId}`).expect(200)).body as { office: { id: string }; township: { code: string } };
  const county = point.township.code.slice(0, 6);
  const townships = (await t.http().get('/api/regions').query({ parent: county }).expect(200)).body as { code: string }[];
  const served = ((await t.http().get('/api/points').query({ region: county }).expect(200)).body as { township: { code: string } }[]).map(
    (p) => p.township.code,
  );
  const free = townships.map((r) => r.code).find((c) => !served.includes(c))!;
  const terminalId = await pendingTerminal(t, admin, point.office.id, free);

  await mkdir(DOCS_SHOTS, { recursive: true });
  const context = await browser.newContext({ baseURL: t.url, viewport: VIEWPORTS[1][1], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(`admin: ${e.message}`));

    await page.goto('/#/admin');
    await page.getByTestId('admin-username').fill(ADMIN.username);
    await page.getByTestId('admin-password').fill(ADMIN.password);
    await page.getByTestId('admin-login').click();
    await dashboardDrawn(page);

    // Approve the pending terminal from the browser.
    await page.getByTestId('admin-nav-terminals').click();
    await page.locator('[data-testid=terminal-row][data-status=pending]').first().waitFor();
    await page.locator('[data-testid=terminal-row][data-status=pending]').getByTestId('terminal-approve').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=terminal-row][data-status=pending]'));
    const terminal = (
      await t
        .http()
        .get(`/api/points/${await terminalPoint(t, admin, terminalId)}/terminals`)
        .set(bearer)
        .expect(200)
    ).body as {
      id: string;
      status: string;
    }[];
    expect(terminal.find((x) => x.id === terminalId)?.status).toBe('active');

    // Every admin page at phone and desktop size: no horizontal overflow (a wide table scrolls in
    // its box), no axe violation, labels on one line; findings asserted together below.
    const findings: Awaited<ReturnType<typeof pageReport>>[] = [];
    for (const [name, size] of VIEWPORTS) {
      await page.setViewportSize(size);
      for (const tab of TABS) {
        await page.goto(`/#/admin/${tab}`);
        await page.getByTestId(`admin-tab-${tab}`).waitFor();
        if (tab === 'dashboard') await dashboardDrawn(page);
        else await page.waitForFunction(() => !document.querySelector('.state-loading'));
        if (tab === 'matters') await page.getByTestId('matter-preview').waitFor();
        await page.evaluate(() => window.scrollTo(0, 0));
        const report = await pageReport(page, `admin-${tab}-${name}`, { phone: name === 'phone' });
        if (JSON.stringify(report) !== JSON.stringify(clean(report.name))) findings.push(report);
        await page.screenshot({ path: path.join(DOCS_SHOTS, `admin-${tab}-${name}.png`), fullPage: true });
      }
    }
    expect(findings).toEqual([]);
    await page.setViewportSize(VIEWPORTS[1][1]);

    // A user's password reset, then the account disabled, from the browser.
    const login = (password: string) => t.http().post('/api/auth/login').send({ username: 'fangxian.assistant', password });
    await page.goto('/#/admin/users');
    const user = page.locator('[data-testid=user-row][data-username="fangxian.assistant"]');
    await user.locator('details.fold > summary').click();
    await user.getByTestId('user-new-password').fill('fangxian-password-2');
    await user.getByTestId('user-reset').click();
    await user.getByText('已设置').waitFor();
    expect([(await login('fangxian-password-1')).status, (await login('fangxian-password-2')).status]).toEqual([401, 200]);
    await user.getByTestId('user-disable').click();
    await user.getByTestId('user-enable').waitFor();
    expect((await login('fangxian-password-2')).body.code).toBe('ACCOUNT_DISABLED');

    // A notary's weekly hours edited from the browser (then put back, for the journey's later steps).
    await page.goto('/#/admin/notaries');
    // The office list loads after the page: wait until the select holds one before reading it.
    await page.waitForFunction(() => !!document.querySelector<HTMLSelectElement>('[data-testid=notary-office]')?.value);
    const officeId = await page.getByTestId('notary-office').inputValue();
    const [notary] = (await t.http().get(`/api/offices/${officeId}/notaries`).set(bearer).expect(200)).body as { id: string }[];
    const schedule = (await t.http().get(`/api/notaries/${notary.id}/schedule`).set(bearer).expect(200)).body as {
      weekly: Record<string, string[][]>;
      exceptions: unknown[];
    };
    const item = page.getByTestId('notary-item').first();
    await item.locator('summary').click();
    await item.getByTestId('notary-hours-sun').fill('09:00-11:30, 13:00-16:00');
    await item.getByTestId('notary-save').click();
    await item.getByText('已保存').waitFor();
    const edited = (await t.http().get(`/api/notaries/${notary.id}/schedule`).set(bearer).expect(200)).body as typeof schedule;
    expect(edited.weekly.sun).toEqual([
      ['09:00', '11:30'],
      ['13:00', '16:00'],
    ]);
    await t
      .http()
      .put(`/api/notaries/${notary.id}/schedule`)
      .set(bearer)
      .send({ weekly: schedule.weekly, exceptions: schedule.exceptions })
      .expect(200);

    // A matter's wording edited with its preview: a sentence appears filled in; a placeholder no
    // field supplies is named and keeps Save disabled; the saved wording is the service's.
    await page.goto('/#/admin/matters');
    await page.getByTestId('matter-select').selectOption('declaration');
    const wording = page.getByTestId('matter-wording');
    const original = await wording.inputValue();
    await wording.fill(`${original}\n本声明书一式两份，由{{applicantName}}本人收执。`);
    await page.getByTestId('matter-preview').getByText('本声明书一式两份，由王小明本人收执。').waitFor();
    await wording.fill(`${original}{{noSuchField}}`);
    await page.getByTestId('matter-problems').getByText('{{noSuchField}}').waitFor();
    expect(await page.getByTestId('matter-save').isDisabled()).toBe(true);
    await wording.fill(`${original}\n本声明书一式两份，由{{applicantName}}本人收执。`);
    await page.getByTestId('matter-save').click();
    await page.getByText('已保存').waitFor();
    const matter = (await t.http().get('/api/matters/declaration').expect(200)).body as { wordingTemplate: string };
    expect(matter.wordingTemplate).toBe(`${original}\n本声明书一式两份，由{{applicantName}}本人收执。`);
    await t.http().patch('/api/matters/declaration').set(bearer).send({ wordingTemplate: original }).expect(200);

    // Disable every demo account in one action.
    await page.goto('/#/admin/demo');
    await page.locator('[data-testid=demo-row][data-disabled=false]').first().waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('demo-disable-all').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid=demo-row][data-disabled=false]'));
    const demo = (await t.http().get('/api/demo-accounts').set(bearer).expect(200)).body as { disabled: boolean }[];
    expect(demo.length).toBeGreaterThan(0);
    expect(demo.every((u) => u.disabled)).toBe(true);
    await page.screenshot({ path: path.join(DOCS_SHOTS, 'admin-demo-disabled-desktop.png'), fullPage: true });

    // The language switch reaches the console.
    await page.goto('/#/admin/dashboard');
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await dashboardDrawn(page);
    await page.getByTestId('lang-toggle').click();
    expect(pageErrors.filter((e) => e.startsWith('admin:'))).toEqual([]);
  } finally {
    await context.close();
  }
}

async function terminalPoint(t: TestApp, admin: string, terminalId: string): Promise<string> {
  const points = (await t.http().get('/api/points').expect(200)).body as { id: string }[];
  for (const p of points) {
    const list = (
      await t
        .http()
        .get(`/api/points/${p.id}/terminals`)
        .set({ Authorization: `Bearer ${admin}` })
        .expect(200)
    ).body as { id: string }[];
    if (list.some((x) => x.id === terminalId)) return p.id;
  }
  throw new Error(`terminal ${terminalId} not found`);
}

/** The part of an ECharts instance the check reads. */
interface Chart {
  getOption(): unknown;
  getDom(): HTMLElement;
}

/** Each of the four charts holds series data (a non-zero value) and drew it as SVG. */
async function dashboardDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () => Number(document.querySelector<HTMLElement>('[data-testid=admin-tab-dashboard]')?.dataset.drawn ?? 0) > 0,
  );
  const charts = await page.evaluate(() =>
    Object.fromEntries(
      Object.entries((window as unknown as { __adminCharts?: Record<string, Chart> }).__adminCharts ?? {}).map(([name, chart]) => {
        const option = chart.getOption() as { series: { data: (number | { value: number })[] }[] };
        const values = option.series.flatMap((s) => s.data.map((d) => (typeof d === 'number' ? d : d.value)));
        const svg = chart.getDom().querySelector('svg');
        return [name, { total: values.reduce((a, b) => a + (Number(b) || 0), 0), svgPaths: svg?.querySelectorAll('path').length ?? 0 }];
      }),
    ),
  );
  expect(Object.keys(charts).sort()).toEqual(['coverage', 'days', 'handling', 'notaries']);
  for (const [name, c] of Object.entries(charts)) {
    expect([name, c.total > 0, c.svgPaths > 0]).toEqual([name, true, true]);
  }
}
