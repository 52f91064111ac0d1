import { h, mount } from './dom.js';
import { endpoints } from './endpoints.js';
import { formatDatePart, L, shanghaiToday } from './i18n.js';
import { errorBox, loading } from './ui.js';

export interface DayFree {
  date: string;
  free: number;
}

const WEEK = 7;
/** The booking horizon the service keeps (BOOKING_HORIZON_DAYS); one request covers it. */
const HORIZON_DAYS = 30;

/**
 * A week of days with how many times are free on each, full days disabled, one week at a time,
 * and a jump to the first free day. Backed by GET /api/points/:id/availability, one request
 * for the whole horizon. The chosen day is announced with aria-pressed.
 */
export function datePicker(onPick: (date: string) => void) {
  const box = h('div', { class: 'date-picker', 'data-testid': 'book-date', role: 'group', 'aria-label': L('选择日期', 'Choose a day') });
  let days: DayFree[] = [];
  let week = 0;
  let chosen: string | null = null;
  let req = 0;

  function paint() {
    const shown = days.slice(week * WEEK, week * WEEK + WEEK);
    const first = days.find((d) => d.free > 0);
    const weeks = Math.ceil(days.length / WEEK);
    const nav = (label: string, to: number, testId: string) =>
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small btn-ghost',
          disabled: to < 0 || to >= weeks,
          'data-testid': testId,
          onclick: () => ((week = to), paint()),
        },
        label,
      );
    mount(
      box,
      h(
        'div',
        { class: 'row date-picker-head' },
        nav(L('‹ 上一周', '‹ Previous week'), week - 1, 'week-prev'),
        h('span', { class: 'spacer' }),
        first && first.date !== chosen
          ? h(
              'button',
              { type: 'button', class: 'btn btn-small', 'data-testid': 'first-free', onclick: () => choose(first.date) },
              L('最早可约日', 'First free day'),
            )
          : null,
        nav(L('下一周 ›', 'Next week ›'), week + 1, 'week-next'),
      ),
      h(
        'div',
        { class: 'day-grid' },
        ...shown.map((d) =>
          h(
            'button',
            {
              type: 'button',
              class: `day${d.free ? ' day-free' : ' day-full'}${d.date === chosen ? ' selected' : ''}`,
              disabled: !d.free,
              'aria-pressed': String(d.date === chosen),
              'data-testid': 'day',
              dataset: { date: d.date, free: String(d.free) },
              onclick: () => choose(d.date),
            },
            h('span', { class: 'day-week' }, formatDatePart(d.date, 'weekday')),
            h('span', { class: 'day-name' }, formatDatePart(d.date, 'monthDay')),
            h('span', { class: 'day-free-count' }, d.free ? L(`${d.free} 个时间`, `${d.free} free`) : L('已满/休息', 'Full or closed')),
          ),
        ),
      ),
      first
        ? null
        : h('p', { class: 'muted small' }, L(`今后 ${HORIZON_DAYS} 天都没有可约时间。`, `No free time in the next ${HORIZON_DAYS} days.`)),
    );
  }

  function choose(date: string) {
    chosen = date;
    const at = days.findIndex((d) => d.date === date);
    if (at >= 0) week = Math.floor(at / WEEK);
    paint();
    onPick(date);
  }

  return {
    el: box,
    chosen: () => chosen,
    /** Loads the horizon for a point and matter; keeps the chosen day when it is still free, else jumps to the first free one. */
    async load(pointId: string, matter: string): Promise<void> {
      const mine = ++req;
      mount(box, loading(L('查询可预约日期…', 'Finding free days…')));
      try {
        const got = await endpoints.availability(pointId, shanghaiToday(), shanghaiToday(HORIZON_DAYS), matter);
        if (mine !== req) return;
        days = got;
      } catch (err) {
        if (mine === req)
          mount(
            box,
            errorBox(err, () => void this.load(pointId, matter)),
          );
        return;
      }
      const keep = chosen && days.find((d) => d.date === chosen && d.free > 0);
      const first = days.find((d) => d.free > 0);
      if (keep) choose(keep.date);
      else if (first) choose(first.date);
      else {
        chosen = null;
        paint();
        onPick('');
      }
    },
  };
}
