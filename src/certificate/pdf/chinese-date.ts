/**
 * Dates as a Chinese notarial certificate writes them: 二〇二六年十二月一日.
 * Certificates are issued in mainland China, so the calendar day is the one in Asia/Shanghai,
 * whatever the server's own time zone is.
 */

import { chineseNumber, formatDateZh } from '../../matters/catalogue/chinese-date.js';

export { chineseNumber };

const ZONE = 'Asia/Shanghai';

const dayFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

const timeFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function chineseDate(date: Date): string {
  const { year, month, day } = shanghaiParts(date, dayFormat);
  const two = (n: number) => String(n).padStart(2, '0');
  return formatDateZh(`${year}-${two(month)}-${two(day)}`);
}

/** A calendar date given as `YYYY-MM-DD` (a birth date has no time zone); refuses dates that do not exist. */
export function chineseCalendarDate(isoDate: string): string {
  return formatDateZh(isoDate, 'day');
}

/** `2026-12-01 09:30:05` in Beijing time, for the evidence page where seconds matter. */
export function shanghaiDateTime(date: Date): string {
  const p = shanghaiParts(date, timeFormat);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function shanghaiParts(date: Date, format: Intl.DateTimeFormat): Parts {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date');
  const out: Parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of format.formatToParts(date)) {
    if (part.type in out) out[part.type as keyof Parts] = Number(part.value);
  }
  return out;
}
