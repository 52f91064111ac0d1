/**
 * Calendar dates entered for a matter (`YYYY-MM-DD`, or `YYYY-MM` for study and work periods)
 * written the way a notarial certificate writes them: 二〇一四年七月一日, 二〇一四年七月.
 * Calendar values have no time zone; an instant (the issue date, evidence times) is read on the
 * Shanghai calendar, whatever the server's own zone (certificates are issued in mainland China).
 */

import { shanghaiDate, toShanghaiIso } from './shanghai-time.js';

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

export type DatePrecision = 'day' | 'month';

/** Returns the parts when `value` is a date that exists, else null (so 2023-02-29 is refused). */
export function parseCalendarDate(value: string, precision: DatePrecision = 'day'): { year: number; month: number; day?: number } | null {
  const m = precision === 'day' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : /^(\d{4})-(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (year < 1800 || month < 1 || month > 12) return null;
  if (precision === 'month') return { year, month };
  const day = Number(m[3]);
  // Date.UTC rolls 02-30 over to 03-02; a certificate must never print a day that does not exist.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

export function formatDateZh(value: string, precision: DatePrecision = 'day'): string {
  const parts = parseCalendarDate(value, precision);
  if (!parts) {
    throw new RangeError(`not a ${precision === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'} calendar date: ${JSON.stringify(value)}`);
  }
  // Years are read digit by digit (二〇一四); months and days as numbers (十一, 二十一).
  const year = [...String(parts.year)].map((d) => DIGITS[Number(d)]).join('');
  const head = `${year}年${chineseNumber(parts.month)}月`;
  return parts.day === undefined ? head : `${head}${chineseNumber(parts.day)}日`;
}

/** 1..99 the way dates and ordinals are spoken: 十, 十一, 二十, 二十一, 三十一. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumber supports 1..99, got ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
  return tensPart + (ones === 0 ? '' : DIGITS[ones]);
}

/** The Shanghai calendar day of an instant, as a certificate writes it: 二〇二六年十二月一日. */
export function chineseDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid Date');
  return formatDateZh(shanghaiDate(instant));
}

/** A calendar date given as `YYYY-MM-DD` (a birth date has no time zone); refuses dates that do not exist. */
export function chineseCalendarDate(isoDate: string): string {
  return formatDateZh(isoDate, 'day');
}

/** `2026-12-01 09:30:05` in Beijing time, for the evidence page where seconds matter. */
export function shanghaiDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid Date');
  return toShanghaiIso(instant).slice(0, 19).replace('T', ' ');
}
