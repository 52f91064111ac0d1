/**
 * Chinese first, English on request. Each string is written as a pair where it is used
 * (`L('预约', 'Book')`), so no key table drifts away from the pages. The choice is kept in
 * localStorage and the page re-renders when it changes.
 */
export type Lang = 'zh' | 'en';
const KEY = 'demo.lang';

let lang: Lang = localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
const listeners = new Set<() => void>();

export const currentLang = (): Lang => lang;

export function setLang(next: Lang): void {
  if (next === lang) return;
  lang = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const l of listeners) l();
}

export function onLangChange(fn: () => void): void {
  listeners.add(fn);
}

export const L = (zh: string, en: string): string => (lang === 'zh' ? zh : en);

/** A bilingual pair from the API ({zh, en}) or a matter's nameZh/nameEn. */
export const pick = (zh: string | undefined, en: string | undefined): string => (lang === 'zh' ? (zh ?? en ?? '') : (en ?? zh ?? ''));

const STATUS: Record<string, [string, string]> = {
  confirmed: ['已确认', 'Confirmed'],
  waiting: ['排队中', 'Waiting'],
  checked_in: ['已核验身份', 'Checked in'],
  in_session: ['视频办理中', 'In session'],
  completed: ['已办结', 'Completed'],
  cancelled: ['已取消', 'Cancelled'],
  no_show: ['未到场', 'No-show'],
  expired: ['已过期', 'Expired'],
  rejected: ['不予办理', 'Rejected'],
  waiting_notary: ['等待公证员', 'Waiting for the notary'],
  live: ['视频进行中', 'Live'],
  signing: ['已签名，待审批', 'Signed, awaiting approval'],
  approved: ['已出证', 'Approved'],
  aborted: ['已中止', 'Aborted'],
  issued: ['有效', 'Valid'],
  valid: ['有效', 'Valid'],
  revoked: ['已撤销', 'Revoked'],
};

export const statusLabel = (s: string): string => {
  const pair = STATUS[s];
  return pair ? L(pair[0], pair[1]) : s;
};

export function formatTime(iso: string | null | undefined, withDate = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    // Written out (12月7日 周一 / Mon 7 Dec): 07/12/2026 reads as July in some countries.
    ...(withDate ? { year: 'numeric', month: lang === 'zh' ? 'long' : 'short', day: 'numeric', weekday: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);
}

/** Today's date in the business time zone, YYYY-MM-DD. */
export function shanghaiToday(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** A calendar date (YYYY-MM-DD) with its weekday, in the current language: 12月7日 周一 / Mon 7 Dec. */
export function formatDay(date: string, withYear = false): string {
  const d = new Date(`${date}T12:00:00+08:00`);
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    ...(withYear ? { year: 'numeric' } : {}),
    month: lang === 'zh' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
  }).format(d);
}

/** One part of a calendar date in the current language: `weekday` 周一 / Mon, `monthDay` 12月7日 / 7 Dec. */
export function formatDatePart(date: string, part: 'weekday' | 'monthDay'): string {
  const opts: Intl.DateTimeFormatOptions =
    part === 'weekday' ? { weekday: 'short' } : { month: lang === 'zh' ? 'numeric' : 'short', day: 'numeric' };
  const text = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', ...opts }).format(
    new Date(`${date}T12:00:00+08:00`),
  );
  return part === 'monthDay' && lang === 'zh' ? text.replace('/', '月') + '日' : text;
}
