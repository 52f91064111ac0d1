/**
 * Weekly plans (a point's opening hours, a notary's working hours) and dated exceptions,
 * in Asia/Shanghai wall-clock time: `{ mon: [["08:30","12:00"],["13:30","17:30"]], … }`.
 * A day that is missing or empty is closed; an exception with no ranges closes that date.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type TimeRange = [string, string];
export type WeeklyPlan = Partial<Record<Weekday, TimeRange[]>>;
export interface DatedException {
  date: string;
  ranges: TimeRange[];
}

export interface PlanProblem {
  field: string;
  problem: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Minutes after midnight for "HH:MM" (24:00 allowed as the end of a day). */
export function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function checkRanges(ranges: unknown, field: string, out: PlanProblem[]): void {
  if (!Array.isArray(ranges)) {
    out.push({ field, problem: 'must be a list of ["HH:MM","HH:MM"] ranges' });
    return;
  }
  const parsed: [number, number, number][] = [];
  ranges.forEach((r: unknown, i) => {
    const f = `${field}[${i}]`;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === 'string')) {
      out.push({ field: f, problem: 'must be ["HH:MM","HH:MM"]' });
      return;
    }
    const [a, b] = r as [string, string];
    const bad = [a, b].filter((x) => !HHMM.test(x));
    if (bad.length) {
      out.push({ field: f, problem: `${bad.map((x) => `"${x}"`).join(' and ')} is not a time of day (00:00–24:00)` });
      return;
    }
    if (a === '24:00') {
      out.push({ field: f, problem: 'a range cannot start at 24:00' });
      return;
    }
    if (minutesOf(b) <= minutesOf(a)) {
      out.push({ field: f, problem: `ends (${b}) before or when it starts (${a})` });
      return;
    }
    parsed.push([minutesOf(a), minutesOf(b), i]);
  });
  parsed.sort((x, y) => x[0] - y[0]);
  for (let k = 1; k < parsed.length; k++) {
    if (parsed[k][0] < parsed[k - 1][1]) {
      out.push({ field, problem: `ranges ${parsed[k - 1][2]} and ${parsed[k][2]} overlap` });
    }
  }
}

export function validateWeeklyPlan(plan: unknown, field = 'openingHours'): PlanProblem[] {
  const out: PlanProblem[] = [];
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) {
    return [{ field, problem: 'must be an object keyed mon…sun' }];
  }
  for (const [day, ranges] of Object.entries(plan)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      out.push({ field: `${field}.${day}`, problem: `unknown day; use ${WEEKDAYS.join(', ')}` });
      continue;
    }
    checkRanges(ranges, `${field}.${day}`, out);
  }
  return out;
}

export function validateExceptions(exceptions: unknown, field = 'exceptions'): PlanProblem[] {
  const out: PlanProblem[] = [];
  if (!Array.isArray(exceptions)) return [{ field, problem: 'must be a list of { date, ranges }' }];
  const seen = new Set<string>();
  exceptions.forEach((e: unknown, i) => {
    const f = `${field}[${i}]`;
    if (typeof e !== 'object' || e === null) {
      out.push({ field: f, problem: 'must be { date: "YYYY-MM-DD", ranges: [...] }' });
      return;
    }
    const { date, ranges, ...rest } = e as { date?: unknown; ranges?: unknown };
    if (Object.keys(rest).length) out.push({ field: f, problem: `unknown field(s) ${Object.keys(rest).join(', ')}` });
    if (typeof date !== 'string' || !isCalendarDate(date)) {
      out.push({ field: `${f}.date`, problem: 'must be a real date written YYYY-MM-DD' });
    } else if (seen.has(date)) {
      out.push({ field: `${f}.date`, problem: `${date} appears twice` });
    } else {
      seen.add(date);
    }
    checkRanges(ranges, `${f}.ranges`, out);
  });
  return out;
}

export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Ranges in force on a date: the exception when there is one, else the weekday's plan. */
export function rangesOn(date: string, plan: WeeklyPlan, exceptions: DatedException[]): TimeRange[] {
  const ex = exceptions.find((e) => e.date === date);
  if (ex) return ex.ranges;
  const weekday = WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7];
  return plan[weekday] ?? [];
}
