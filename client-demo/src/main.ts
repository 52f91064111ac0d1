import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './styles.css';
import { AUTH_LOST, type Realm } from './api.js';
import { h, mount } from './dom.js';
import { currentLang, L, onLangChange, setLang } from './i18n.js';
import { adminPage } from './pages/admin/index.js';
import { assistantPage } from './pages/assistant/index.js';
import { bookPage, casePage, homePage, pointsPage, verifyPage } from './pages/citizen/index.js';
import { notaryPage } from './pages/notary/index.js';
import { loadMatterNames } from './matter-names.js';
import { currentRoute, href, type LeaveReason, type Page } from './router.js';

const ROUTES: Record<string, Page> = {
  '': homePage,
  points: pointsPage,
  book: bookPage,
  case: casePage,
  verify: verifyPage,
  assistant: assistantPage,
  notary: notaryPage,
  admin: adminPage,
};

const app = document.getElementById('app')!;
document.documentElement.lang = currentLang() === 'zh' ? 'zh-CN' : 'en';

let leave: ((reason: LeaveReason) => void) | void;
let main: HTMLElement;
const netBanner = h('div', { class: 'net-banner', hidden: true, role: 'alert' });

/** Routes of the staff consoles: their pages show staff links; citizens' pages never do. */
const STAFF_ROUTES = new Set(['assistant', 'notary', 'admin']);

function shell(active: string): HTMLElement {
  const link = (path: string, label: string, name: string, testId: string) =>
    h(
      'a',
      {
        href: href(path),
        class: active === name ? 'active' : '',
        'data-testid': testId,
        'aria-current': active === name ? 'page' : undefined,
      },
      label,
    );
  main = h('main', { class: 'main', id: 'main', tabindex: -1 });
  const staff = STAFF_ROUTES.has(active);
  const langBtn = h(
    'button',
    {
      type: 'button',
      class: 'lang-toggle',
      'data-testid': 'lang-toggle',
      lang: currentLang() === 'zh' ? 'en' : 'zh-CN',
      title: L('Switch to English', '切换到中文'),
      onclick: () => setLang(currentLang() === 'zh' ? 'en' : 'zh'),
    },
    currentLang() === 'zh' ? 'EN' : '中文',
  );
  const nav = h(
    'nav',
    { class: 'nav', id: 'site-nav', 'aria-label': L('主导航', 'Main') },
    staff
      ? h(
          'span',
          { class: 'nav-group nav-staff' },
          link('/assistant', L('辅助人员', 'Assistant'), 'assistant', 'nav-assistant'),
          link('/notary', L('公证员', 'Notary'), 'notary', 'nav-notary'),
          link('/admin', L('管理', 'Admin'), 'admin', 'nav-admin'),
        )
      : h(
          'span',
          { class: 'nav-group' },
          link('/book', L('预约办理', 'Book'), 'book', 'nav-book'),
          link('/case', L('案件查询', 'My case'), 'case', 'nav-case'),
          link('/verify', L('公证书验证', 'Verify'), 'verify', 'nav-verify'),
          link('/points', L('服务点', 'Points'), 'points', 'nav-points'),
        ),
  );
  // On a phone the links fold into a menu, so the header keeps to one line.
  const menuBtn = h(
    'button',
    { type: 'button', class: 'menu-toggle', 'aria-expanded': 'false', 'aria-controls': 'site-nav', 'data-testid': 'menu-toggle' },
    L('菜单', 'Menu'),
  );
  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'a',
      { class: 'brand', href: href(staff ? `/${active}` : '/') },
      h('span', { class: 'brand-seal', 'aria-hidden': 'true' }, '证'),
      h('span', null, L('远程公证', 'Remote notarization'), h('small', null, L('演示', 'demo'))),
    ),
    nav,
    menuBtn,
    langBtn,
  );
  menuBtn.addEventListener('click', () => {
    const open = !header.classList.contains('open');
    header.classList.toggle('open', open);
    menuBtn.setAttribute('aria-expanded', String(open));
  });
  nav.addEventListener('click', (e) => {
    if ((e.target as Element).closest('a')) header.classList.remove('open');
  });
  const skip = h(
    'a',
    {
      class: 'skip-link',
      href: '#main',
      // Hash routes: moving focus must not change the route.
      onclick: (e: Event) => {
        e.preventDefault();
        main.focus();
      },
    },
    L('跳到主要内容', 'Skip to main content'),
  );
  return h(
    'div',
    { class: 'layout' },
    skip,
    header,
    netBanner,
    main,
    h(
      'footer',
      { class: 'footer' },
      L(
        '演示系统：数据、地址与终端均为示例，不产生法律效力。',
        'Demonstration system: data, addresses and terminals are illustrative and have no legal effect.',
      ),
      ' ',
      h('a', { href: '/api/docs', target: '_blank', rel: 'noopener' }, 'API'),
      staff
        ? [' · ', h('a', { href: href('/'), 'data-testid': 'footer-citizen' }, L('返回公众页面', 'Public pages'))]
        : [
            ' · ',
            h(
              'span',
              { class: 'staff-signin', 'data-testid': 'staff-signin' },
              L('工作人员登录：', 'Staff sign-in: '),
              h('a', { href: href('/assistant') }, L('辅助人员', 'assistant')),
              ' / ',
              h('a', { href: href('/notary') }, L('公证员', 'notary')),
              ' / ',
              h('a', { href: href('/admin') }, L('管理员', 'administrator')),
            ),
          ],
    ),
  );
}

function render(reason: LeaveReason = 'navigate'): void {
  if (leave) leave(reason);
  leave = undefined;
  const route = currentRoute();
  const page = ROUTES[route.name] ?? notFound;
  mount(app, shell(route.name));
  window.scrollTo({ top: 0 });
  leave = page({ root: main, params: route.params, query: route.query, rerender: () => render('language') });
}

const notFound: Page = ({ root }) => {
  mount(
    root,
    h(
      'section',
      { class: 'card' },
      h('h1', null, L('页面不存在', 'Page not found')),
      h('a', { href: href('/') }, L('返回首页', 'Back to the start')),
    ),
  );
};

window.addEventListener('hashchange', () => render('navigate'));
onLangChange(() => render('language'));

// A 401 on a signed-in request: the console's sign-in form takes over, saying why.
window.addEventListener(AUTH_LOST, (e) => {
  const realm = (e as CustomEvent<Realm>).detail;
  sessionStorage.setItem('demo.authLostNotice', realm);
  const route = currentRoute();
  if (route.name === realm || (realm === 'citizen' && route.name === 'case')) render('navigate');
});

function showNet(): void {
  if (navigator.onLine) {
    netBanner.hidden = true;
    return;
  }
  mount(
    netBanner,
    L('网络已断开，恢复后将自动重连。', 'You are offline; the page reconnects when the network is back.'),
    ' ',
    h('button', { type: 'button', class: 'btn btn-small', onclick: () => render('language') }, L('重试', 'Retry')),
  );
  netBanner.hidden = false;
}
window.addEventListener('online', showNet);
window.addEventListener('offline', showNet);

render();
// English names of matters arrive after the first paint; redraw once they are in, in English mode only.
void loadMatterNames().then(() => currentLang() === 'en' && render('language'));
showNet();
