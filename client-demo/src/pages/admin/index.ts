/**
 * The administration console (admin accounts): the figures, the registry (offices, notaries,
 * points, terminals), staff accounts, the matter catalogue and the demo accounts. One tab per
 * page under `#/admin/<tab>`; every text is a Chinese/English pair that follows the switch.
 */
import './admin.css';
import { errorText, getAuth, setAuth } from '../../api.js';
import { field, h, mount } from '../../dom.js';
import { L } from '../../i18n.js';
import { href, type Page } from '../../router.js';
import { banner, card, errorBox, loading } from '../../ui.js';
import { adminLogin } from './admin-api.js';
import { mattersTab } from './matters.js';
import { notariesTab, officesTab, pointsTab, terminalsTab } from './registry.js';
import { demoTab, usersTab } from './users.js';

type Tab = (root: HTMLElement) => void | (() => void);

/** ECharts is large: the dashboard and its charts load only when the figures are opened. */
const dashboardTab: Tab = (root) => {
  let leave: void | (() => void);
  let left = false;
  mount(root, loading());
  import('./dashboard.js').then(
    (m) => {
      if (!left) leave = m.dashboardTab(root);
    },
    (err) => mount(root, errorBox(err)),
  );
  return () => {
    left = true;
    leave?.();
  };
};

const TABS: [name: string, zh: string, en: string, tab: Tab][] = [
  ['dashboard', '统计', 'Figures', dashboardTab],
  ['offices', '公证处', 'Offices', officesTab],
  ['notaries', '公证员', 'Notaries', notariesTab],
  ['points', '服务点', 'Points', pointsTab],
  ['terminals', '终端', 'Terminals', terminalsTab],
  ['users', '用户', 'Users', usersTab],
  ['matters', '公证事项', 'Matters', mattersTab],
  ['demo', '演示账号', 'Demo accounts', demoTab],
];

export const adminPage: Page = (ctx) => {
  const auth = getAuth('admin');
  if (!auth) return loginForm(ctx.root, ctx.rerender);
  const name = TABS.some(([n]) => n === ctx.params[0]) ? ctx.params[0] : 'dashboard';
  const body = h('div', { class: 'admin-body', 'data-testid': `admin-tab-${name}` });
  mount(
    ctx.root,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('h1', null, L('管理后台', 'Administration')), h('div', { class: 'muted' }, auth.user.displayName)),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          'data-testid': 'admin-logout',
          onclick: () => (setAuth('admin', null), ctx.rerender()),
        },
        L('退出登录', 'Sign out'),
      ),
    ),
    h(
      'nav',
      { class: 'admin-tabs', 'aria-label': L('管理页面', 'Administration pages') },
      ...TABS.map(([n, zh, en]) =>
        h(
          'a',
          {
            href: href(`/admin/${n}`),
            class: n === name ? 'active' : '',
            'data-testid': `admin-nav-${n}`,
            'aria-current': n === name ? 'page' : undefined,
          },
          L(zh, en),
        ),
      ),
    ),
    body,
  );
  const leave = TABS.find(([n]) => n === name)![3](body);
  return () => leave?.();
};

function loginForm(root: HTMLElement, done: () => void): void {
  const user = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    'data-testid': 'admin-username',
    placeholder: 'admin',
  });
  const pass = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'data-testid': 'admin-password',
  });
  const out = h('div', { class: 'inline-error', role: 'alert' });
  const btn = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'admin-login' }, L('登录', 'Sign in'));
  const lost = sessionStorage.getItem('demo.authLostNotice') === 'admin';
  if (lost) sessionStorage.removeItem('demo.authLostNotice');
  const form = h(
    'form',
    { class: 'stack narrow' },
    lost ? banner('warn', L('登录已过期，请重新登录。', 'Your session expired; please sign in again.')) : null,
    field(L('用户名', 'Username'), user),
    field(L('密码', 'Password'), pass),
    h('div', { class: 'row' }, btn, out),
    h(
      'p',
      { class: 'muted small' },
      L('管理员账号在服务首次启动时创建。', 'The administrator account is created when the service first starts.'),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    btn.disabled = true;
    out.textContent = '';
    try {
      await adminLogin(user.value.trim(), pass.value);
      done();
    } catch (err) {
      out.textContent = errorText(err);
    } finally {
      btn.disabled = false;
    }
  });
  const box = card(L('登录', 'Sign in'), form);
  box.classList.add('login-card');
  mount(root, h('h1', null, L('管理后台', 'Administration')), box);
  user.focus();
}
