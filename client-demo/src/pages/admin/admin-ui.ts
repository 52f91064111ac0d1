import { h } from '../../dom.js';
import { L } from '../../i18n.js';

const STATES: Record<string, [string, string, string]> = {
  pending: ['待批准', 'Pending', 'waiting'],
  active: ['启用', 'Active', 'approved'],
  disabled: ['已停用', 'Disabled', 'cancelled'],
  suspended: ['暂停', 'Suspended', 'cancelled'],
};

/** A state chip for accounts, terminals and points, coloured like the case chips. */
export function stateChip(state: string) {
  const [zh, en, colour] = STATES[state] ?? [state, state, 'waiting'];
  return h('span', { class: `chip chip-${colour}`, dataset: { status: state } }, L(zh, en));
}
