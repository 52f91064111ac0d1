/** The registry pages: offices, notaries (with their weekly hours), points (hours, assistants), terminals. */
import { errorText } from '../../api.js';
import { field, h, mount } from '../../dom.js';
import { L } from '../../i18n.js';
import { actionButton, card, dataTable, empty, load } from '../../ui.js';
import { stateChip } from './admin-ui.js';
import { adminApi, type Office, type PointRow } from './admin-api.js';
import { weekEditor, type Weekly } from './hours.js';

const saved = (out: HTMLElement) => (out.textContent = L('已保存', 'Saved'));

/** A small form that saves itself: its inputs, a save button, a line for the answer. */
function editForm(fields: HTMLElement[], save: () => Promise<unknown>, testId: string) {
  const out = h('span', { class: 'muted small', role: 'status' });
  return h(
    'div',
    { class: 'stack admin-edit' },
    ...fields,
    h(
      'div',
      { class: 'row' },
      actionButton(L('保存', 'Save'), async () => (await save(), saved(out)), { kind: 'primary', small: true, testId }),
      out,
    ),
  );
}

export function officesTab(root: HTMLElement) {
  const list = h('div');
  mount(root, card(L('公证处', 'Notary offices'), list));
  const draw = () =>
    load(list, adminApi.offices, (offices) =>
      offices.length ? h('div', { class: 'stack' }, ...offices.map((o) => officeItem(o))) : empty(L('还没有公证处。', 'No offices yet.')),
    );
  void draw();
}

function officeItem(o: Office) {
  const name = h('input', { value: o.name });
  const address = h('input', { value: o.address });
  const phone = h('input', { value: o.phone });
  return h(
    'details',
    { class: 'admin-item', 'data-testid': 'office-item' },
    h(
      'summary',
      null,
      h('strong', null, o.name),
      ' ',
      h('span', { class: 'muted small' }, `${o.regionName ?? o.regionCode} · ${o.certificatePrefix}证字`),
    ),
    editForm(
      [field(L('名称', 'Name'), name), field(L('地址', 'Address'), address), field(L('电话', 'Telephone'), phone)],
      () => adminApi.updateOffice(o.id, { name: name.value.trim(), address: address.value.trim(), phone: phone.value.trim() }),
      'office-save',
    ),
  );
}

export function notariesTab(root: HTMLElement) {
  const select = h('select', { 'data-testid': 'notary-office', 'aria-label': L('公证处', 'Office') });
  const list = h('div');
  mount(root, card(h('span', { class: 'row' }, L('公证员', 'Notaries'), h('span', { class: 'spacer' }), select), list));
  void load(list, adminApi.offices, (offices) => {
    mount(select, ...offices.map((o) => h('option', { value: o.id }, o.name)));
    select.onchange = () => void drawNotaries(select.value, list);
    if (offices.length) void drawNotaries(offices[0].id, list);
    return offices.length ? [] : empty(L('还没有公证处。', 'No offices yet.'));
  });
}

function drawNotaries(officeId: string, list: HTMLElement) {
  return load(
    list,
    () => adminApi.notaries(officeId),
    (rows) =>
      rows.length
        ? h(
            'div',
            { class: 'stack' },
            ...rows.map((n) => {
              const name = h('input', { value: n.displayName });
              const licence = h('input', { value: n.licenseNo });
              const hours = h('div', null, L('加载工作时间…', 'Loading hours…'));
              let editor: { read: () => Weekly } | undefined;
              const item = h(
                'details',
                { class: 'admin-item', 'data-testid': 'notary-item' },
                h(
                  'summary',
                  null,
                  h('strong', null, n.displayName),
                  ' ',
                  n.active ? null : stateChip('disabled'),
                  h('span', { class: 'muted small' }, ` ${n.username ?? ''}`),
                ),
                editForm(
                  [
                    field(L('姓名', 'Name'), name),
                    field(L('执业证号', 'Licence number'), licence),
                    h('h3', null, L('每周工作时间', 'Weekly hours')),
                    hours,
                  ],
                  async () => {
                    await adminApi.updateNotary(n.id, { displayName: name.value.trim(), licenseNo: licence.value.trim() });
                    if (editor) {
                      const s = await adminApi.schedule(n.id);
                      await adminApi.putSchedule(n.id, { weekly: editor.read(), exceptions: s.exceptions });
                    }
                  },
                  'notary-save',
                ),
              );
              item.addEventListener(
                'toggle',
                () =>
                  void adminApi.schedule(n.id).then(
                    (s) => {
                      const e = weekEditor(s.weekly as Weekly, 'notary-hours');
                      editor = e;
                      mount(hours, e.el);
                    },
                    (err) => mount(hours, errorText(err)),
                  ),
                { once: true },
              );
              return item;
            }),
          )
        : empty(L('该公证处还没有公证员。', 'This office has no notaries yet.')),
  );
}

export function pointsTab(root: HTMLElement) {
  const list = h('div');
  mount(root, card(L('服务点', 'Township points'), list));
  void load(list, adminApi.points, (points) =>
    points.length ? h('div', { class: 'stack' }, ...points.map(pointItem)) : empty(L('还没有服务点。', 'No points yet.')),
  );
}

function pointItem(p: PointRow) {
  const week = weekEditor(p.openingHours, 'point-hours');
  const status = h(
    'select',
    null,
    h('option', { value: 'active', selected: p.status === 'active' }, L('开放', 'Open')),
    h('option', { value: 'suspended', selected: p.status === 'suspended' }, L('暂停', 'Suspended')),
  );
  const assistants = h('div');
  const username = h('input', { placeholder: 'li.assistant', autocomplete: 'off' });
  const displayName = h('input', { placeholder: L('李辅助员', 'Li (assistant)') });
  const password = h('input', { type: 'password', autocomplete: 'new-password', placeholder: L('至少12位', 'at least 12 characters') });
  const drawAssistants = () =>
    load(
      assistants,
      () => adminApi.assistants(p.id),
      (rows) =>
        rows.length
          ? h(
              'ul',
              { class: 'plain-list' },
              ...rows.map((a) =>
                h(
                  'li',
                  null,
                  a.displayName,
                  ' ',
                  h('span', { class: 'muted small' }, a.username ?? ''),
                  a.active ? '' : ` (${L('已停用', 'disabled')})`,
                ),
              ),
            )
          : empty(L('还没有辅助人员。', 'No assistants yet.')),
    );
  const item = h(
    'details',
    { class: 'admin-item', 'data-testid': 'point-item' },
    h(
      'summary',
      null,
      h('strong', null, p.name),
      ' ',
      stateChip(p.status),
      h('span', { class: 'muted small' }, ` ${p.township.name} · ${p.office.name}`),
    ),
    h('h3', null, L('开放时间', 'Opening hours')),
    editForm(
      [week.el, field(L('状态', 'Status'), status)],
      () => adminApi.updatePoint(p.id, { openingHours: week.read(), status: status.value as 'active' | 'suspended' }),
      'point-save',
    ),
    h('h3', null, L('辅助人员', 'Assistants')),
    assistants,
    h(
      'details',
      { class: 'fold' },
      h('summary', null, L('添加辅助人员', 'Add an assistant')),
      editForm(
        [field(L('用户名', 'Username'), username), field(L('姓名', 'Name'), displayName), field(L('初始密码', 'First password'), password)],
        async () => {
          await adminApi.addAssistant(p.id, {
            username: username.value.trim(),
            displayName: displayName.value.trim(),
            password: password.value,
          });
          password.value = '';
          await drawAssistants();
        },
        'assistant-add',
      ),
    ),
  );
  item.addEventListener('toggle', () => void drawAssistants(), { once: true });
  return item;
}

export function terminalsTab(root: HTMLElement) {
  const list = h('div', { 'data-testid': 'terminal-list' });
  mount(
    root,
    card(
      L('终端', 'Terminals'),
      h(
        'p',
        { class: 'muted small' },
        L(
          '辅助人员登记的新终端需管理员批准后才能核验身份。',
          'A terminal registered by an assistant checks identities only after an administrator approves it.',
        ),
      ),
      list,
    ),
  );
  const draw = (): Promise<unknown> =>
    load(
      list,
      async () => {
        const points = await adminApi.points();
        const rows = await Promise.all(points.map(async (p) => (await adminApi.terminals(p.id)).map((t) => ({ ...t, point: p.name }))));
        // Waiting for approval first: that is what this page is opened for.
        const order = { pending: 0, active: 1, disabled: 2 } as const;
        return rows.flat().sort((a, b) => order[a.status] - order[b.status] || a.point.localeCompare(b.point));
      },
      (rows) =>
        rows.length
          ? dataTable(
              [
                [L('服务点', 'Point'), (t) => t.point],
                [
                  L('终端', 'Terminal'),
                  (t) =>
                    h(
                      'span',
                      null,
                      t.label,
                      h(
                        'details',
                        { class: 'fold' },
                        h('summary', null, L('密钥', 'Key')),
                        h('code', { class: 'small' }, `${t.alg} ${t.kid}`),
                      ),
                    ),
                ],
                [L('状态', 'Status'), (t) => stateChip(t.status)],
                [
                  '',
                  (t) =>
                    t.status === 'pending'
                      ? actionButton(L('批准', 'Approve'), async () => (await adminApi.approveTerminal(t.id), await draw()), {
                          kind: 'primary',
                          small: true,
                          testId: 'terminal-approve',
                        })
                      : t.status === 'active'
                        ? actionButton(L('停用', 'Disable'), async () => (await adminApi.disableTerminal(t.id), await draw()), {
                            kind: 'danger',
                            small: true,
                            testId: 'terminal-disable',
                          })
                        : null,
                ],
              ],
              rows,
              (t) => ({ 'data-testid': 'terminal-row', 'data-status': t.status }),
            )
          : empty(L('还没有终端。', 'No terminals yet.')),
    );
  void draw();
}
