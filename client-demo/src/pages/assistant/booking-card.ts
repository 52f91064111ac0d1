import { matterName } from '../../matter-names.js';
import { h } from '../../dom.js';
import { formatTime, L } from '../../i18n.js';
import { card, chip, definitionList } from '../../ui.js';
import type { Booking } from '../../types.js';

/**
 * The booking being checked in, as both check-in pages show it. `status` is the cell the page
 * re-mounts when the check passes, so the card says 已核验身份 at once.
 */
export function bookingCard(b: Booking): { el: HTMLElement; status: HTMLElement } {
  const status = h('span', { 'data-testid': 'booking-status' }, chip(b.status));
  const el = card(
    L('预约', 'Booking'),
    definitionList([
      [L('案件号', 'Case'), h('span', { class: 'mono' }, b.caseNo)],
      [L('申请人', 'Applicant'), `${b.applicant.name} · ${b.applicant.idNumberMasked}`],
      [L('事项', 'Matter'), matterName(b.matter)],
      [L('时间', 'Time'), b.start ? formatTime(b.start) : '—'],
      [L('公证员', 'Notary'), b.notary?.displayName ?? '—'],
      [L('状态', 'Status'), status],
    ]),
  );
  return { el, status };
}
