import { endpoints } from './endpoints.js';
import { h, mount } from './dom.js';
import { L } from './i18n.js';
import { actionButton, banner } from './ui.js';

/**
 * After 3 failed identity checks a booking answers 409 CHECK_IN_LOCKED until its assigned notary
 * records an override with a reason (`POST /api/bookings/:id/check-in-override`, notary only,
 * audited). The assistant cannot lift the lock; the point's console says so and whom to ask.
 */
export function checkInLockedNotice(notaryName: string | undefined, retry: () => void): HTMLElement {
  return h(
    'div',
    { class: 'stack', 'data-testid': 'check-in-locked' },
    banner(
      'warn',
      L(
        `身份核验已连续失败 3 次，已锁定。请联系承办公证员${notaryName ? `（${notaryName}）` : ''}，在公证员工作台该预约的“核验例外”中说明原因后，再重新核验。`,
        `Three identity checks failed; check-in is locked. Ask the assigned notary${notaryName ? ` (${notaryName})` : ''} to record an exception with a reason on this booking in the notary console, then check again.`,
      ),
    ),
    h(
      'button',
      { type: 'button', class: 'btn btn-small', onclick: retry },
      L('公证员已处理，重新核验', 'The notary has done so: check again'),
    ),
  );
}

/** The notary's side: the override with its reason, on one of their bookings that is not checked in yet. */
export function checkInOverrideAction(bookingId: string, done: () => void): HTMLElement {
  const reason = h('input', {
    placeholder: L('原因，例如：经视频询问核实为本人', 'Reason, e.g. identity confirmed by video questioning'),
    'data-testid': 'check-in-override-reason',
  });
  const out = h('div');
  return h(
    'details',
    { class: 'override' },
    h('summary', { class: 'small' }, L('核验例外', 'Check-in exception')),
    h(
      'div',
      { class: 'row' },
      reason,
      actionButton(
        L('记录例外', 'Record'),
        async () => {
          if (reason.value.trim().length < 4) throw new Error(L('请填写原因（至少 4 个字）。', 'Give a reason (4 characters or more).'));
          await endpoints.checkInOverride(bookingId, { reason: reason.value.trim() });
          mount(out, banner('ok', L('已记录，服务点可重新核验。', 'Recorded; the point can check in again.')));
          done();
        },
        { small: true, testId: 'check-in-override' },
      ),
    ),
    out,
  );
}
