/**
 * Dates as a Chinese notarial certificate writes them: 二〇二六年十二月一日.
 * Certificates are issued in mainland China, so the calendar day is the one in Asia/Shanghai,
 * whatever the server's own time zone is.
 */

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
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
  return chineseNumeralDate(year, month, day);
}

/** A calendar date given as `YYYY-MM-DD` (a birth date has no time zone). */
export function chineseCalendarDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(isoDate)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date.UTC rolls 02-30 over to 03-02; a certificate must not print a date that does not exist.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`no such calendar date: ${isoDate}`);
  }
  return chineseNumeralDate(year, month, day);
}

/** `2026-12-01 09:30:05` in Beijing time, for the evidence page where seconds matter. */
export function shanghaiDateTime(date: Date): string {
  const p = shanghaiParts(date, timeFormat);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** 1..99 the way dates and ordinals are spoken: 十, 十一, 二十, 二十一, 三十一. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumber supports 1..99, got ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
  return tensPart + (ones === 0 ? '' : DIGITS[ones]);
}

function chineseNumeralDate(year: number, month: number, day: number): string {
  // Years are read digit by digit (二〇二六), unlike months and days.
  const y = [...String(year)].map((d) => DIGITS[Number(d)]).join('');
  return `${y}年${chineseNumber(month)}月${chineseNumber(day)}日`;
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
