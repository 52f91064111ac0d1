import { h } from '../../dom.js';
import { L } from '../../i18n.js';

export const DAYS: [key: string, zh: string, en: string][] = [
  ['mon', '周一', 'Mon'],
  ['tue', '周二', 'Tue'],
  ['wed', '周三', 'Wed'],
  ['thu', '周四', 'Thu'],
  ['fri', '周五', 'Fri'],
  ['sat', '周六', 'Sat'],
  ['sun', '周日', 'Sun'],
];

export type Weekly = Record<string, string[][]>;

/** "08:30-12:00, 13:30-17:30" for a day's ranges; empty for a day off. */
export const rangesText = (ranges: string[][] | undefined) => (ranges ?? []).map(([a, b]) => `${a}-${b}`).join(', ');

/** Parses a day's text back; throws with the day named when a range is not HH:MM-HH:MM. */
export function parseRanges(text: string, day: string): string[][] {
  const parts = text.split(/[,，、;；\s]+/).filter(Boolean);
  return parts.map((p) => {
    const m = /^(\d{2}:\d{2})[-–~～](\d{2}:\d{2})$/.exec(p);
    if (!m) throw new Error(L(`${day}：“${p}”不是“08:30-12:00”这样的时段`, `${day}: "${p}" is not a range like 08:30-12:00`));
    return [m[1], m[2]];
  });
}

/** A week of opening or working hours, one line per day; `read()` gives the plan or throws naming the day. */
export function weekEditor(weekly: Weekly, testId: string) {
  const inputs = DAYS.map(([key, zh, en]) => {
    const input = h('input', { value: rangesText(weekly[key]), placeholder: L('休息', 'closed'), 'data-testid': `${testId}-${key}` });
    return { key, label: L(zh, en), input };
  });
  const el = h(
    'div',
    { class: 'week-editor' },
    ...inputs.map((i) => h('label', { class: 'week-day' }, h('span', null, i.label), i.input)),
    h(
      'small',
      { class: 'hint' },
      L('每天填写时段，如 08:30-12:00, 13:30-17:30；留空为休息。', 'One line per day, e.g. 08:30-12:00, 13:30-17:30; empty for closed.'),
    ),
  );
  const read = (): Weekly => Object.fromEntries(inputs.map((i) => [i.key, parseRanges(i.input.value, i.label)]));
  return { el, read };
}
