import { errorText } from './api.js';
import { errorDetails } from './messages.js';
import { h, mount, type Attrs, type Child } from './dom.js';
import { L, statusLabel } from './i18n.js';

export const loading = (text?: string) =>
  h(
    'div',
    { class: 'state state-loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    text ?? L('加载中…', 'Loading…'),
  );

export const empty = (text: string) => h('div', { class: 'state state-empty' }, text);

export function errorBox(err: unknown, retry?: () => void) {
  return h(
    'div',
    { class: 'state state-error', role: 'alert' },
    h('strong', null, L('出错了', 'Something went wrong')),
    h('span', { class: 'error-message' }, errorText(err)),
    techDetails(errorDetails(err)),
    retry ? h('button', { class: 'btn btn-small', type: 'button', onclick: retry }, L('重试', 'Retry')) : null,
  );
}

export const chip = (status: string) => h('span', { class: `chip chip-${status}`, dataset: { status } }, statusLabel(status));

/** A column of `dataTable`: its heading, its cell for a row, and the cell's attributes. */
export type Column<T> = [heading: string, cell: (row: T) => Child, attrs?: Attrs];

/** A table of rows, one `Column` each; `rowAttrs` gives each row its attributes (class, test id, data). */
export function dataTable<T>(columns: Column<T>[], rows: T[], rowAttrs: (row: T) => Attrs) {
  // On a phone a wide table scrolls sideways inside its card instead of widening the page; the
  // scroll box takes focus so that a keyboard can scroll it too.
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0 },
    h(
      'table',
      { class: 'table' },
      // An actions column has no visible heading; screen readers still get one.
      h(
        'thead',
        null,
        h('tr', null, ...columns.map(([heading]) => h('th', null, heading || h('span', { class: 'sr-only' }, L('操作', 'Actions'))))),
      ),
      h(
        'tbody',
        null,
        ...rows.map((row) => h('tr', rowAttrs(row), ...columns.map(([, cell, attrs]) => h('td', attrs ?? null, cell(row))))),
      ),
    ),
  );
}

export function card(title: string | Node | null, ...body: (Node | string | null | false | undefined)[]) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title' }, title) : null, ...body);
}

/**
 * A button whose async action disables it while it runs and reports a failure next to it,
 * so every action in the demo has a visible busy and error state.
 */
export function actionButton(
  label: string,
  action: () => Promise<unknown>,
  opts: { kind?: 'primary' | 'danger' | 'ghost' | 'default'; small?: boolean; testId?: string; out?: HTMLElement; disabled?: boolean } = {},
) {
  const out = opts.out ?? h('span', { class: 'inline-error', role: 'alert' });
  const btn = h(
    'button',
    {
      type: 'button',
      class: `btn ${opts.kind && opts.kind !== 'default' ? `btn-${opts.kind}` : ''} ${opts.small ? 'btn-small' : ''}`,
      'data-testid': opts.testId,
      disabled: opts.disabled,
    },
    label,
  );
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    btn.classList.add('busy');
    out.textContent = '';
    try {
      await action();
    } catch (err) {
      out.textContent = errorText(err);
    } finally {
      btn.disabled = false;
      btn.classList.remove('busy');
    }
  });
  return opts.out ? btn : h('span', { class: 'action' }, btn, out);
}

/** Runs a loader into a container with loading, error (with retry) and content states. */
export async function load<T>(
  into: HTMLElement,
  fetcher: () => Promise<T>,
  render: (data: T) => Node | Node[],
  quiet = false,
): Promise<T | undefined> {
  if (!quiet) mount(into, loading());
  try {
    const data = await fetcher();
    const out = render(data);
    mount(into, ...(Array.isArray(out) ? out : [out]));
    return data;
  } catch (err) {
    if (!quiet || !into.hasChildNodes())
      mount(
        into,
        errorBox(err, () => void load(into, fetcher, render)),
      );
    return undefined;
  }
}

export function banner(kind: 'info' | 'warn' | 'error' | 'ok', text: string, action?: { label: string; run: () => void }) {
  return h(
    'div',
    { class: `banner banner-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', null, text),
    action ? h('button', { type: 'button', class: 'btn btn-small', onclick: action.run }, action.label) : null,
  );
}

export function definitionList(rows: [string, Node | string | null | undefined][]) {
  return h(
    'dl',
    { class: 'facts' },
    ...rows
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [h('dt', null, k), h('dd', null, v as Node | string)]),
  );
}

/** Technical details folded away under 技术详情, for whoever wants them. */
export function techDetails(...lines: (string | Node | null | undefined)[]) {
  const shown = lines.filter((l) => l !== null && l !== undefined && l !== '');
  if (!shown.length) return null;
  return h(
    'details',
    { class: 'tech-details' },
    h('summary', null, L('技术详情', 'Technical details')),
    ...shown.map((l) => h('div', { class: 'mono small' }, l)),
  );
}
