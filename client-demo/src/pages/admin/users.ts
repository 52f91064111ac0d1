/** Staff accounts (list, disable, reset a password) and the demo accounts (disable all at once). */
import { h, mount } from '../../dom.js';
import { formatTime, L } from '../../i18n.js';
import { actionButton, banner, card, dataTable, empty, load } from '../../ui.js';
import { stateChip } from './admin-ui.js';
import { adminApi, type StaffRow } from './admin-api.js';

const ROLE: Record<string, [string, string]> = {
  admin: ['管理员', 'Administrator'],
  notary: ['公证员', 'Notary'],
  assistant: ['辅助人员', 'Assistant'],
};
const roleLabel = (r: string) => (ROLE[r] ? L(...ROLE[r]) : r);

export function usersTab(root: HTMLElement) {
  const list = h('div');
  const filter = h('input', {
    type: 'search',
    placeholder: L('搜索姓名或用户名', 'Search name or username'),
    'data-testid': 'user-filter',
  });
  mount(root, card(h('span', { class: 'row' }, L('用户', 'Users'), h('span', { class: 'spacer' }), filter), list));
  let rows: StaffRow[] = [];
  const show = () => {
    const q = filter.value.trim().toLowerCase();
    const shown = rows.filter((u) => !q || u.username.toLowerCase().includes(q) || u.displayName.includes(q));
    mount(
      list,
      shown.length
        ? dataTable(
            [
              [L('姓名', 'Name'), (u) => h('span', null, u.displayName, h('div', { class: 'muted small' }, u.username))],
              [L('角色', 'Role'), (u) => roleLabel(u.role)],
              [L('状态', 'Status'), (u) => (u.disabled ? stateChip('disabled') : stateChip('active'))],
              [L('创建时间', 'Created'), (u) => formatTime(u.createdAt)],
              [L('操作', 'Actions'), (u) => actions(u)],
            ],
            shown,
            (u) => ({ 'data-testid': 'user-row', 'data-username': u.username }),
          )
        : empty(L('没有符合条件的用户。', 'No matching users.')),
    );
  };
  const draw = () => load(list, adminApi.users, (r) => ((rows = r), show(), [...list.childNodes]));
  filter.addEventListener('input', show);

  function actions(u: StaffRow) {
    const password = h('input', {
      type: 'password',
      autocomplete: 'new-password',
      placeholder: L('新密码（至少12位）', 'New password (12+)'),
      'data-testid': 'user-new-password',
    });
    const out = h('span', { class: 'muted small', role: 'status' });
    return h(
      'div',
      { class: 'stack' },
      u.disabled
        ? actionButton(L('启用', 'Enable'), async () => (await adminApi.enableUser(u.id), await draw()), {
            small: true,
            testId: 'user-enable',
          })
        : actionButton(L('停用', 'Disable'), async () => (await adminApi.disableUser(u.id), await draw()), {
            kind: 'danger',
            small: true,
            testId: 'user-disable',
          }),
      h(
        'details',
        { class: 'fold' },
        h('summary', null, L('重设密码', 'Reset password')),
        h(
          'div',
          { class: 'row' },
          password,
          actionButton(
            L('设置', 'Set'),
            async () => {
              await adminApi.resetPassword(u.id, password.value);
              password.value = '';
              out.textContent = L('已设置，请当面告知本人。', 'Set; tell the user in person.');
            },
            { small: true, testId: 'user-reset' },
          ),
          out,
        ),
      ),
    );
  }
  void draw();
}

export function demoTab(root: HTMLElement) {
  const list = h('div', { 'data-testid': 'demo-list' });
  const head = h('div');
  mount(
    root,
    card(
      L('演示账号', 'Demo accounts'),
      h(
        'p',
        null,
        L(
          '演示账号供试用。正式办理业务前，请一次性停用全部演示账号。',
          'Demo accounts are for trying the service. Disable them all before real use.',
        ),
      ),
      head,
      list,
    ),
  );
  const draw = (): Promise<unknown> =>
    load(list, adminApi.demoAccounts, (rows) => {
      const enabled = rows.filter((r) => !r.disabled).length;
      mount(
        head,
        enabled
          ? h(
              'div',
              { class: 'stack' },
              banner('warn', L(`还有 ${enabled} 个演示账号处于启用状态。`, `${enabled} demo accounts are still enabled.`)),
              actionButton(
                L('停用全部演示账号', 'Disable all demo accounts'),
                async () => {
                  if (!confirm(L('确定停用全部演示账号？', 'Disable every demo account?'))) return;
                  await adminApi.disableDemoAccounts();
                  await draw();
                },
                { kind: 'danger', testId: 'demo-disable-all' },
              ),
            )
          : banner('ok', L('全部演示账号均已停用。', 'Every demo account is disabled.')),
      );
      return rows.length
        ? dataTable(
            [
              [L('姓名', 'Name'), (u) => u.displayName],
              [L('用户名', 'Username'), (u) => u.username],
              [L('角色', 'Role'), (u) => roleLabel(u.role)],
              [L('状态', 'Status'), (u) => (u.disabled ? stateChip('disabled') : stateChip('active'))],
            ],
            rows,
            (u) => ({ 'data-testid': 'demo-row', 'data-disabled': String(u.disabled) }),
          )
        : empty(L('没有演示账号。', 'No demo accounts.'));
    });
  void draw();
}
