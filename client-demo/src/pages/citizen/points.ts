import { endpoints } from '../../endpoints.js';
import { field, h, mount } from '../../dom.js';
import { L } from '../../i18n.js';
import { href, type Page } from '../../router.js';
import type { Region } from '../../types.js';
import { card, chip, empty, errorBox, load, loading } from '../../ui.js';

// ── points and coverage ──────────────────────────────────────────────────────

const DAYS: [string, string, string][] = [
  ['mon', '周一', 'Mon'],
  ['tue', '周二', 'Tue'],
  ['wed', '周三', 'Wed'],
  ['thu', '周四', 'Thu'],
  ['fri', '周五', 'Fri'],
  ['sat', '周六', 'Sat'],
  ['sun', '周日', 'Sun'],
];

/** "周一至周五 08:30–12:00, 13:30–17:30；周六 09:00–12:00": runs of days with the same hours. */
export function formatHours(hours: Record<string, string[][]>): string {
  const text = (d: string) => (hours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');
  const parts: string[] = [];
  for (let i = 0; i < DAYS.length;) {
    const t = text(DAYS[i][0]);
    let j = i;
    while (j + 1 < DAYS.length && text(DAYS[j + 1][0]) === t) j++;
    if (t) {
      const name = (k: number) => L(DAYS[k][1], DAYS[k][2]);
      parts.push(`${i === j ? name(i) : `${name(i)}${L('至', '–')}${name(j)}`} ${t}`);
    }
    i = j + 1;
  }
  return parts.join(L('；', '; ')) || L('暂无开放时间', 'no opening hours');
}

const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

function rateBar(rate: number | null) {
  const pct = Math.round((rate ?? 0) * 100);
  return h('span', { class: 'bar', role: 'img', 'aria-label': percent(rate) }, h('span', { class: 'bar-fill', style: `width:${pct}%` }));
}

export const pointsPage: Page = ({ root, query }) => {
  const selects = h('div', { class: 'row' });
  const coverageBox = h('div');
  const pointsBox = h('div');
  mount(
    root,
    h('h1', null, L('服务点与覆盖率', 'Points and coverage')),
    card(L('选择地区', 'Region'), selects),
    h('div', { class: 'grid-2' }, coverageBox, pointsBox),
  );

  const regions = (parent?: string) => endpoints.regions(parent);
  const select = (label: string, items: Region[], value: string, onChange: (v: string) => void) => {
    const s = h(
      'select',
      { onchange: () => onChange(s.value) },
      ...items.map((r) => h('option', { value: r.code, selected: r.code === value }, r.name)),
    );
    return field(label, s);
  };

  async function showCounty(code: string) {
    await load(
      pointsBox,
      () => Promise.all([endpoints.coverage(code), endpoints.points(code)]),
      ([cov, points]) =>
        card(
          `${cov.region.name} · ${L('服务点', 'points')}`,
          h(
            'p',
            { class: 'muted' },
            L(
              `${cov.townships} 个乡镇（街道）中 ${cov.townshipsWithActivePoint} 个设有服务点，覆盖率 ${percent(cov.rate)}`,
              `${cov.townshipsWithActivePoint} of ${cov.townships} townships have a point: ${percent(cov.rate)}`,
            ),
          ),
          points.length
            ? h(
                'ul',
                { class: 'list' },
                ...points.map((p) =>
                  h(
                    'li',
                    { class: 'list-item' },
                    h(
                      'div',
                      null,
                      h('strong', null, p.name),
                      ' ',
                      p.status === 'active' ? null : chip('suspended'),
                      h('div', { class: 'muted' }, `${p.address} · ${p.phone}`),
                      h('div', { class: 'muted small' }, formatHours(p.openingHours)),
                    ),
                    p.status === 'active'
                      ? h('a', { class: 'btn btn-small btn-primary', href: href(`/book?point=${p.id}`) }, L('预约', 'Book'))
                      : null,
                  ),
                ),
              )
            : empty(L('该地区还没有服务点。', 'No point in this region yet.')),
        ),
    );
  }

  async function showCity(code: string, county?: string) {
    const cov = await load(
      coverageBox,
      () => endpoints.coverage(code),
      (cov) =>
        card(
          `${cov.region.name} · ${L('各县（市、区）覆盖率', 'coverage by county')}`,
          h(
            'p',
            { class: 'muted' },
            L(
              `全市 ${cov.townshipsWithActivePoint}/${cov.townships} 个乡镇，覆盖率 ${percent(cov.rate)}`,
              `Whole city: ${cov.townshipsWithActivePoint}/${cov.townships} townships, ${percent(cov.rate)}`,
            ),
          ),
          h(
            'ul',
            { class: 'coverage' },
            ...(cov.children ?? []).map((c) =>
              h(
                'li',
                null,
                h('button', { type: 'button', class: 'link', onclick: () => void pickCounty(c.region.code) }, c.region.name),
                rateBar(c.rate),
                h('span', { class: 'rate' }, `${percent(c.rate)} (${c.townshipsWithActivePoint}/${c.townships})`),
              ),
            ),
          ),
        ),
    );
    const counties = await regions(code).catch(() => [] as Region[]);
    const withPoints = cov?.children?.find((c) => c.townshipsWithActivePoint > 0)?.region.code;
    const chosen = county && counties.some((c) => c.code === county) ? county : (withPoints ?? counties[0]?.code);
    if (selects.children[2]) selects.children[2].remove();
    if (counties.length) selects.append(select(L('县（市、区）', 'County'), counties, chosen ?? '', (v) => void pickCounty(v)));
    if (chosen) await showCounty(chosen);
    else mount(pointsBox, empty(L('没有下级地区。', 'No counties.')));
  }

  async function pickCounty(code: string) {
    const s = selects.children[2]?.querySelector('select');
    if (s) s.value = code;
    await showCounty(code);
  }

  async function start() {
    mount(selects, loading());
    try {
      const provinces = await regions();
      if (!provinces.length) {
        mount(
          selects,
          empty(
            L(
              '尚未登记任何地区。管理员可运行 npm run seed:demo 载入示例数据。',
              'No regions yet. An administrator can load the demo data with npm run seed:demo.',
            ),
          ),
        );
        return;
      }
      const wanted = query.get('region') ?? '321181';
      const province = provinces.find((p) => wanted.startsWith(p.code.slice(0, 2))) ?? provinces[0];
      const cities = await regions(province.code);
      const city = cities.find((c) => wanted.startsWith(c.code.slice(0, 4))) ?? cities[0];
      mount(
        selects,
        select(L('省', 'Province'), provinces, province.code, () => void start()),
        city ? select(L('市', 'City'), cities, city.code, (v) => void showCity(v)) : null,
      );
      if (city) await showCity(city.code, wanted);
    } catch (err) {
      mount(
        selects,
        errorBox(err, () => void start()),
      );
    }
  }
  void start();
};
