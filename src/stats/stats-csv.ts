import type { CaseFigures, CaseStatsView } from './dto/stats.response.js';

export const CSV_HEADER = [
  'key',
  'label',
  'booked',
  'completed',
  'rejected',
  'cancelled',
  'noShow',
  'certificates',
  'handlingMinutesP50',
  'handlingMinutesP90',
  'waitingMinutesP50',
  'waitingMinutesP90',
] as const;

/** Excel reads UTF-8 (and so the Chinese labels) only when the file starts with a byte order mark. */
const BOM = '\uFEFF';

/**
 * RFC 4180 quoting; a text cell starting with = + - @ (or a tab or CR) gets a leading apostrophe,
 * so that a spreadsheet shows a label such as "=1+1" as text instead of running it as a formula.
 */
function cell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const figures = (f: CaseFigures) => [
  f.booked,
  f.completed,
  f.rejected,
  f.cancelled,
  f.noShow,
  f.certificates,
  f.handlingMinutes.p50,
  f.handlingMinutes.p90,
  f.waitingMinutes.p50,
  f.waitingMinutes.p90,
];

/** The rows, then a total line (key `total`, label 合计), CRLF-separated as RFC 4180 writes. */
export function statsCsv(view: CaseStatsView): string {
  const lines = [
    CSV_HEADER.join(','),
    ...view.rows.map((r) => [r.key, r.label, ...figures(r)].map(cell).join(',')),
    ['total', '合计', ...figures(view.total)].map(cell).join(','),
  ];
  return BOM + lines.join('\r\n') + '\r\n';
}
