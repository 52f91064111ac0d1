/**
 * The figures as charts (Apache ECharts, tree-shaken, SVG renderer so the charts are plain DOM a
 * test can read): cases per day stacked by outcome, the spread of handling times against the
 * ten-minute mark, coverage per county against the province's 30 % bar, load per notary.
 * Filters for range, office, point and matter; the table's CSV downloads with one click.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { field, h, mount, saveBlob } from '../../dom.js';
import { L, pick, shanghaiToday } from '../../i18n.js';
import { actionButton, card, errorBox, loading } from '../../ui.js';
import { adminApi, type StatsFilter } from './admin-api.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

/** The province's bar: a county is covered when remote points serve ≥ 30 % of its townships. */
const COVERAGE_TARGET = 0.3;
/** The headline of a remote act: a simple case takes about ten minutes. */
const TEN_MINUTES = 10;
/** The page's own font: the SVG text would otherwise fall back to a serif face for Chinese. */
const FONT = { fontFamily: '"Noto Sans SC", sans-serif' };

declare global {
  interface Window {
    /** For the browser test: each chart's ECharts instance, by name. */
    __adminCharts?: Record<string, echarts.ECharts>;
  }
}

export function dashboardTab(root: HTMLElement) {
  const from = h('input', { type: 'date', value: shanghaiToday(-29), 'data-testid': 'stats-from' });
  const to = h('input', { type: 'date', value: shanghaiToday(), 'data-testid': 'stats-to' });
  const office = h('select', { 'data-testid': 'stats-office' }, h('option', { value: '' }, L('全部公证处', 'All offices')));
  const point = h('select', { 'data-testid': 'stats-point' }, h('option', { value: '' }, L('全部服务点', 'All points')));
  const matter = h('select', { 'data-testid': 'stats-matter' }, h('option', { value: '' }, L('全部事项', 'All matters')));
  const summary = h('div', { class: 'stat-tiles', 'data-testid': 'stats-summary' });
  const status = h('div');
  const boxes = {
    days: h('div', { class: 'chart', 'data-testid': 'chart-days' }),
    handling: h('div', { class: 'chart', 'data-testid': 'chart-handling' }),
    coverage: h('div', { class: 'chart', 'data-testid': 'chart-coverage' }),
    notaries: h('div', { class: 'chart', 'data-testid': 'chart-notaries' }),
  };
  const charts: Record<string, echarts.ECharts> = {};
  window.__adminCharts = charts;
  const filter = (): StatsFilter => ({ from: from.value, to: to.value, office: office.value, point: point.value, matter: matter.value });

  mount(
    root,
    card(
      L('筛选', 'Filters'),
      h(
        'div',
        { class: 'filters' },
        field(L('开始日期', 'From'), from),
        field(L('结束日期', 'To'), to),
        field(L('公证处', 'Office'), office),
        field(L('服务点', 'Point'), point),
        field(L('事项', 'Matter'), matter),
        h(
          'div',
          { class: 'row filters-actions' },
          h(
            'button',
            { type: 'button', class: 'btn btn-primary', 'data-testid': 'stats-apply', onclick: () => void draw() },
            L('查询', 'Show'),
          ),
          actionButton(
            L('导出 CSV', 'Export CSV'),
            async () => saveBlob(await adminApi.statsCsv(filter(), 'point'), `cases-${from.value}-${to.value}.csv`),
            {
              testId: 'stats-export',
            },
          ),
        ),
      ),
    ),
    status,
    summary,
    h(
      'div',
      { class: 'chart-grid' },
      card(L('每日案件（按结果）', 'Cases per day, by outcome'), boxes.days),
      card(L('办理时长分布（核验身份至出证）', 'Handling time (check-in to certificate)'), boxes.handling),
      card(L('各县（市、区）服务点覆盖率', 'Coverage per county'), boxes.coverage),
      card(L('公证员工作量', 'Load per notary'), boxes.notaries),
    ),
  );

  const chart = (name: keyof typeof boxes) => (charts[name] ??= echarts.init(boxes[name], undefined, { renderer: 'svg' }));
  const onResize = () => Object.values(charts).forEach((c) => c.resize());
  window.addEventListener('resize', onResize);

  void Promise.all([adminApi.offices(), adminApi.points(), adminApi.matters()]).then(([offices, points, matters]) => {
    office.append(...offices.map((o) => h('option', { value: o.id }, o.name)));
    point.append(...points.map((p) => h('option', { value: p.id }, p.name)));
    matter.append(...matters.map((m) => h('option', { value: m.code }, pick(m.nameZh, m.nameEn))));
  });

  async function draw() {
    mount(status, loading());
    try {
      const f = filter();
      const [days, handling, notaries, coverage] = await Promise.all([
        adminApi.stats(f, 'day'),
        adminApi.handling(f),
        adminApi.stats(f, 'notary'),
        countyCoverage(),
      ]);
      mount(status);
      const t = days.total;
      mount(
        summary,
        tile(L('预约', 'Booked'), t.booked),
        tile(L('出证', 'Completed'), t.completed),
        tile(L('不予办理', 'Rejected'), t.rejected),
        tile(L('办理时长中位数', 'Median handling'), t.handlingMinutes.p50 === null ? '—' : `${t.handlingMinutes.p50} ${L('分钟', 'min')}`),
        tile(L('等候时长中位数', 'Median wait'), t.waitingMinutes.p50 === null ? '—' : `${t.waitingMinutes.p50} ${L('分钟', 'min')}`),
      );
      const dayKeys = days.rows.map((r) => r.key ?? '');
      const series = (name: string, pickN: (r: (typeof days.rows)[number]) => number, color: string) => ({
        name,
        type: 'bar' as const,
        stack: 'outcome',
        color,
        data: days.rows.map(pickN),
      });
      chart('days').setOption(
        {
          textStyle: FONT,
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 36, right: 12, top: 36, bottom: 28 },
          xAxis: { type: 'category', data: dayKeys.map((d) => d.slice(5)) },
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            series(L('出证', 'Completed'), (r) => r.completed, '#2f7d4f'),
            series(L('不予办理', 'Rejected'), (r) => r.rejected, '#b8322a'),
            series(L('取消', 'Cancelled'), (r) => r.cancelled, '#9aa3ad'),
            series(L('未到场', 'No-show'), (r) => r.noShow, '#d08a1c'),
            series(L('其他', 'Other'), (r) => Math.max(0, r.booked - r.completed - r.rejected - r.cancelled - r.noShow), '#6b8fd6'),
          ],
        },
        true,
      );
      chart('handling').setOption(
        {
          textStyle: FONT,
          tooltip: { trigger: 'axis' },
          grid: { left: 36, right: 12, top: 24, bottom: 40 },
          xAxis: {
            type: 'category',
            name: L('分钟', 'min'),
            nameLocation: 'middle',
            nameGap: 26,
            data: handling.buckets.map((b) => (b.toMinutes === null ? `${b.fromMinutes}+` : String(b.fromMinutes))),
          },
          yAxis: { type: 'value', minInterval: 1 },
          series: [
            {
              name: L('案件数', 'Cases'),
              type: 'bar',
              color: '#2f6db5',
              data: handling.buckets.map((b) => b.cases),
              markLine: {
                symbol: 'none',
                label: { formatter: L('10分钟', '10 min'), position: 'insideEndTop' },
                lineStyle: { color: '#b8322a', type: 'dashed' },
                data: [{ xAxis: String(TEN_MINUTES) }],
              },
            },
          ],
        },
        true,
      );
      chart('coverage').setOption(
        {
          textStyle: FONT,
          tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}%` },
          grid: { left: 40, right: 12, top: 24, bottom: 28 },
          xAxis: { type: 'category', data: coverage.map((c) => c.name) },
          yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          series: [
            {
              name: L('覆盖率', 'Coverage'),
              type: 'bar',
              data: coverage.map((c) => ({
                value: c.percent,
                itemStyle: { color: c.percent >= COVERAGE_TARGET * 100 ? '#2f7d4f' : '#d08a1c' },
              })),
              markLine: {
                symbol: 'none',
                label: { formatter: L('目标 30%', 'target 30%'), position: 'insideEndTop' },
                lineStyle: { color: '#b8322a', type: 'dashed' },
                data: [{ yAxis: COVERAGE_TARGET * 100 }],
              },
            },
          ],
        },
        true,
      );
      chart('notaries').setOption(
        {
          textStyle: FONT,
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 90, right: 12, top: 36, bottom: 24 },
          yAxis: { type: 'category', data: notaries.rows.map((r) => r.label) },
          xAxis: { type: 'value', minInterval: 1 },
          series: [
            { name: L('出证', 'Completed'), type: 'bar', stack: 'n', color: '#2f7d4f', data: notaries.rows.map((r) => r.completed) },
            {
              name: L('其余预约', 'Other bookings'),
              type: 'bar',
              stack: 'n',
              color: '#9aa3ad',
              data: notaries.rows.map((r) => r.booked - r.completed),
            },
          ],
        },
        true,
      );
      root.dataset.drawn = String(Number(root.dataset.drawn ?? 0) + 1);
    } catch (err) {
      mount(
        status,
        errorBox(err, () => void draw()),
      );
    }
  }
  void draw();
  return () => {
    window.removeEventListener('resize', onResize);
    Object.values(charts).forEach((c) => c.dispose());
    delete window.__adminCharts;
  };
}

const tile = (label: string, value: string | number) =>
  h('div', { class: 'stat-tile' }, h('div', { class: 'stat-value' }, String(value)), h('div', { class: 'muted small' }, label));

/** Coverage of every county: the counties of each city of each province, from GET /api/coverage. */
async function countyCoverage(): Promise<{ name: string; percent: number }[]> {
  const provinces = await adminApi.regions();
  const cities = (await Promise.all(provinces.map((p) => adminApi.regions(p.code)))).flat();
  const views = await Promise.all(cities.map((c) => adminApi.coverage(c.code)));
  return views
    .flatMap((v) => v.children ?? [])
    .filter((c) => c.townships > 0)
    .map((c) => ({ name: c.region.name, percent: Math.round((c.rate ?? 0) * 1000) / 10 }));
}
