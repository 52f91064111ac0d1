/**
 * The matter catalogue: a matter's wording (证词) and the fields the notary fills for it, edited
 * with a live preview that fills the wording with each field's example. The service checks that
 * fields and wording fit together; the same check runs here first so mistakes show while typing.
 */
import { field, h, mount } from '../../dom.js';
import { L, pick } from '../../i18n.js';
import { actionButton, card, load } from '../../ui.js';
import { adminApi, type Matter } from './admin-api.js';

type FieldSpec = Matter['fields'][number];

/** What every case supplies, with sample values for the preview. */
const STANDARD: Record<string, string> = {
  applicantName: '王小明',
  gender: '男',
  birthDateZh: '一九九〇年三月七日',
  idNumber: '321181199003070013',
  issueDateZh: '二〇二六年十二月一日',
  sessionDateZh: '二〇二六年十二月一日',
  pointName: '司徒镇远程公证服务点',
};
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const KEY = /^[a-z][A-Za-z0-9]{0,39}$/;

/** Problems a save would be refused for, found in the browser (the service checks again). */
export function specProblems(fields: FieldSpec[], wording: string): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const f of fields) {
    if (!KEY.test(f.key))
      out.push(
        L(
          `字段名“${f.key}”须以小写字母开头，只含字母和数字`,
          `Field key "${f.key}" must start with a small letter, letters and digits only`,
        ),
      );
    if (keys.has(f.key)) out.push(L(`字段名“${f.key}”重复`, `Field key "${f.key}" is used twice`));
    if (f.key in STANDARD)
      out.push(L(`“${f.key}”是系统自动填写的值，请换一个字段名`, `"${f.key}" is filled in by the system; choose another key`));
    if (!f.labelZh.trim()) out.push(L(`字段“${f.key}”缺少中文名称`, `Field "${f.key}" needs a Chinese label`));
    if (!f.example.trim()) out.push(L(`字段“${f.key}”缺少示例`, `Field "${f.key}" needs an example`));
    keys.add(f.key);
  }
  const printed = new Set([...Object.keys(STANDARD), ...fields.filter((f) => f.inWording).map((f) => f.key)]);
  const missing = [...new Set([...wording.matchAll(PLACEHOLDER)].map((m) => m[1]))].filter((k) => !printed.has(k));
  if (missing.length)
    out.push(
      L(
        `证词用到的 ${missing.map((k) => `{{${k}}}`).join('、')} 没有对应的“写入证词”字段`,
        `The wording uses ${missing.map((k) => `{{${k}}}`).join(', ')}, which no printed field supplies`,
      ),
    );
  if (wording.trim().length < 10) out.push(L('证词太短', 'The wording is too short'));
  return out;
}

export function preview(fields: FieldSpec[], wording: string): string {
  const values: Record<string, string> = { ...STANDARD, ...Object.fromEntries(fields.map((f) => [f.key, f.example])) };
  return wording.replace(PLACEHOLDER, (m, k: string) => values[k] ?? m);
}

export function mattersTab(root: HTMLElement) {
  const select = h('select', { 'data-testid': 'matter-select', 'aria-label': L('公证事项', 'Matter') });
  const editor = h('div');
  mount(root, card(h('span', { class: 'row' }, L('公证事项', 'Matters'), h('span', { class: 'spacer' }), select), editor));
  void load(editor, adminApi.matters, (matters) => {
    mount(select, ...matters.map((m) => h('option', { value: m.code }, pick(m.nameZh, m.nameEn))));
    select.onchange = () => mount(editor, matterEditor(matters.find((m) => m.code === select.value)!));
    return matterEditor(matters[0]);
  });
}

function matterEditor(m: Matter) {
  let fields: FieldSpec[] = m.fields.map((f) => ({ ...f }));
  const wording = h('textarea', { rows: 8, 'data-testid': 'matter-wording' });
  wording.value = m.wordingTemplate;
  const rows = h('tbody');
  const problems = h('ul', { class: 'problems', 'data-testid': 'matter-problems', role: 'alert' });
  const shown = h('div', { class: 'wording-preview', 'data-testid': 'matter-preview' });
  const out = h('span', { class: 'muted small', role: 'status' });

  const refresh = () => {
    const p = specProblems(fields, wording.value);
    mount(problems, ...p.map((t) => h('li', null, t)));
    mount(
      shown,
      ...preview(fields, wording.value)
        .split('\n')
        .map((line) => h('p', null, line)),
    );
    save.querySelector('button')!.disabled = p.length > 0;
  };
  const drawRows = () => {
    mount(
      rows,
      ...fields.map((f, i) => {
        const text = (key: 'labelZh' | 'labelEn' | 'example', name: string, attrs = {}) => {
          const input = h('input', { value: f[key], 'aria-label': `${f.key}: ${name}`, ...attrs });
          input.addEventListener('input', () => ((fields[i] = { ...fields[i], [key]: input.value }), refresh()));
          return input;
        };
        const flag = (key: 'required' | 'inWording') => {
          const box = h('input', { type: 'checkbox', checked: f[key], 'aria-label': key });
          box.addEventListener('change', () => ((fields[i] = { ...fields[i], [key]: box.checked }), refresh()));
          return box;
        };
        return h(
          'tr',
          { 'data-testid': 'matter-field', 'data-key': f.key },
          h('td', null, h('code', null, f.key), h('div', { class: 'muted small' }, typeLabel(f.type))),
          h(
            'td',
            null,
            text('labelZh', L('中文名称', 'Chinese label')),
            text('labelEn', L('英文名称', 'English label'), { class: 'small' }),
          ),
          h('td', null, text('example', L('示例', 'Example'))),
          h('td', { class: 'center' }, flag('required')),
          h('td', { class: 'center' }, flag('inWording')),
          h(
            'td',
            null,
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-ghost btn-small',
                onclick: () => ((fields = fields.filter((_, j) => j !== i)), drawRows(), refresh()),
              },
              L('删除', 'Remove'),
            ),
          ),
        );
      }),
    );
  };

  const newKey = h('input', { placeholder: 'remarks', 'aria-label': L('新字段的键', 'New field key'), 'data-testid': 'matter-new-key' });
  const newLabel = h('input', {
    placeholder: L('备注', 'Remarks'),
    'aria-label': L('新字段的名称', 'New field label'),
    'data-testid': 'matter-new-label',
  });
  const add = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      'data-testid': 'matter-add-field',
      onclick: () => {
        const label = newLabel.value.trim() || newKey.value.trim();
        fields = [
          ...fields,
          { key: newKey.value.trim(), labelZh: label, labelEn: label, type: 'text', required: false, inWording: false, example: label },
        ];
        newKey.value = newLabel.value = '';
        drawRows();
        refresh();
      },
    },
    L('添加字段', 'Add field'),
  );
  const save = actionButton(
    L('保存', 'Save'),
    async () => {
      out.textContent = '';
      const body = {
        wordingTemplate: wording.value,
        fields: fields.map(({ key, labelZh, labelEn, type, required, inWording, options, precision, onlyWhen, hintZh, example }) => ({
          key,
          labelZh,
          labelEn,
          type,
          required,
          inWording,
          options,
          precision,
          onlyWhen,
          hintZh,
          example,
        })),
      };
      const updated = await adminApi.updateMatter(m.code, body as Parameters<typeof adminApi.updateMatter>[1]);
      Object.assign(m, updated);
      out.textContent = L('已保存', 'Saved');
    },
    { kind: 'primary', testId: 'matter-save' },
  );
  wording.addEventListener('input', refresh);
  drawRows();
  const el = h(
    'div',
    { class: 'stack' },
    h('p', { class: 'muted' }, pick(m.description, m.descriptionEn)),
    h('h3', null, L('需填写的事项信息', 'Fields the notary fills')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, L('字段', 'Field')),
            h('th', null, L('名称', 'Label')),
            h('th', null, L('示例', 'Example')),
            h('th', null, L('必填', 'Required')),
            h('th', null, L('写入证词', 'In wording')),
            h('th', null, h('span', { class: 'sr-only' }, L('操作', 'Actions'))),
          ),
        ),
        rows,
      ),
    ),
    h('div', { class: 'row' }, newKey, newLabel, add),
    field(L('证词模板（用 {{字段}} 引用事项信息）', 'Wording template ({{key}} inserts a field)'), wording),
    problems,
    h('h3', null, L('预览（用示例填写）', 'Preview (filled with the examples)')),
    shown,
    h('div', { class: 'row' }, save, out),
  );
  refresh();
  return el;
}

const typeLabel = (t: string) =>
  ({ text: L('文字', 'text'), date: L('日期', 'date'), number: L('数字', 'number'), select: L('选项', 'choice') })[t] ?? t;
