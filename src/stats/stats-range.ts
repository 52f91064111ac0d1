import { addDays } from '../common/shanghai-time.js';
import { badRequest } from '../common/errors.js';

/** A year, leap day included: the longest range one request may ask for. */
export const MAX_RANGE_DAYS = 366;

/** Days from `from` to `to`, both inclusive (dates already checked to be real calendar dates). */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Refuses a range of Asia/Shanghai days that runs backwards or is longer than MAX_RANGE_DAYS, naming `to`. */
export function checkRange(from: string, to: string): void {
  const days = daysInclusive(from, to);
  const refuse = (problem: string) => badRequest('INVALID_RANGE', `Invalid range. to: ${problem}`, [{ field: 'to', problems: [problem] }]);
  if (days < 1) throw refuse(`must not be before from (${from}) 结束日期不能早于开始日期`);
  if (days > MAX_RANGE_DAYS) throw refuse(`the range may cover at most ${MAX_RANGE_DAYS} days, this one covers ${days} 统计范围最多366天`);
}

/** Every day of the range, in order. */
export function eachDay(from: string, to: string): string[] {
  return Array.from({ length: daysInclusive(from, to) }, (_, i) => addDays(from, i));
}
