import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './build-client.js';

/**
 * The consoles as their users meet them: layout and accessibility checks run on pages the
 * journey already has open (no app boot of their own). Each returns what it found, so that a
 * failure names the page and the element rather than a bare false.
 */

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

let axeSource: string | undefined;

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's violations on the page as it stands (WCAG 2.x A and AA rules, best practices). */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  axeSource ??= await readFile(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
}

export interface LayoutFindings {
  /** Height of the sticky header in CSS pixels. */
  headerHeight: number;
  /** Nav labels laid out on more than one line. */
  wrappedLabels: string[];
  /** How far the page is wider than the viewport (0 when it fits). */
  overflowPx: number;
  /** The widest elements sticking out past the right edge. */
  overflowing: string[];
}

export async function layout(page: Page): Promise<LayoutFindings> {
  return page.evaluate(() => {
    const header = document.querySelector('header');
    const lineHeight = (el: Element) => parseFloat(getComputedStyle(el).lineHeight) || 20;
    const wrappedLabels = // The brand is a seal beside a word, of different heights by design: not a label that can wrap.
      [...document.querySelectorAll<HTMLElement>('header a:not(.brand), header button, .nav a')]
        .filter((el) => el.offsetParent !== null && el.getClientRects().length > 0)
        .filter((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return lines.size > 1 || el.getBoundingClientRect().height > 2.2 * lineHeight(el);
        })
        .map((el) => el.textContent ?? '');
    const width = document.documentElement.clientWidth;
    const overflowing = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed')
      .filter((el) => !el.closest('.table-wrap, [data-scroll-x]'))
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (${Math.round(el.getBoundingClientRect().right)} px)`,
      );
    return {
      headerHeight: Math.round(header?.getBoundingClientRect().height ?? 0),
      wrappedLabels,
      overflowPx: Math.max(0, document.documentElement.scrollWidth - width),
      overflowing,
    };
  });
}

/**
 * Latin words in the visible messages of a Chinese page (alerts, errors, banners, hints),
 * beyond what a Chinese page legitimately shows: codes, case numbers, times, "API", "EN".
 */
export async function englishInMessages(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[role=alert], .banner, .inline-error, .field-error, .hint')]
      .filter((el) => el.offsetParent !== null && !el.closest('details:not([open])'))
      .map((el) => el.innerText.trim())
      .filter((text) => /\b[A-Za-z]{3,}\b(\s+[A-Za-z]{2,}\b){2,}/.test(text)),
  );
}

/** Every check at once, keyed by page name, for one expect() with a readable diff. */
export async function pageReport(page: Page, name: string, opts: { phone: boolean }) {
  const l = await layout(page);
  const axe = await axeViolations(page);
  return {
    name,
    axe,
    wrappedLabels: l.wrappedLabels,
    overflowPx: l.overflowPx > 0 ? { px: l.overflowPx, elements: l.overflowing } : 0,
    headerTooTall: opts.phone && l.headerHeight > 64 ? l.headerHeight : false,
    english: await englishInMessages(page),
  };
}

/** What pageReport gives for a page that passes. */
export const clean = (name: string) => ({ name, axe: [], wrappedLabels: [], overflowPx: 0, headerTooTall: false, english: [] });

/**
 * The journey's walk through the consoles: on each page it visits, the checks above at the
 * size its user has (citizens a phone, staff a desktop), and pictures at both sizes for
 * docs/screenshots/. Findings are collected and asserted once at the end, so one bad page does
 * not hide the others.
 */
export class ConsoleTour {
  private readonly findings: Awaited<ReturnType<typeof pageReport>>[] = [];
  readonly dir = path.join(ROOT, 'docs/screenshots');

  async visit(page: Page, name: string, size: 'phone' | 'desktop'): Promise<void> {
    const own = size === 'phone' ? PHONE : DESKTOP;
    const other = size === 'phone' ? DESKTOP : PHONE;
    const before = page.viewportSize();
    await page.setViewportSize(own);
    await page.evaluate(() => window.scrollTo(0, 0));
    const report = await pageReport(page, name, { phone: size === 'phone' });
    if (JSON.stringify(report) !== JSON.stringify(clean(name))) this.findings.push(report);
    await page.screenshot({ path: path.join(this.dir, `${name}-${own.width}.png`), fullPage: true });
    await page.setViewportSize(other);
    await page.screenshot({ path: path.join(this.dir, `${name}-${other.width}.png`), fullPage: true });
    // Back to the size the journey had, so its own steps see the page as before.
    await page.setViewportSize(before ?? own);
  }

  /** Every page that failed a check, with what failed: [] when all passed. */
  failures() {
    return this.findings;
  }
}
