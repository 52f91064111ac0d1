import { getAuth } from '../../api.js';
import { type Page } from '../../router.js';
import { staffLoginForm } from '../staff.js';
import { dashboard } from './dashboard.js';
import { checkInPage } from './check-in.js';
import { terminalCheckInPage } from './terminal-check-in.js';
import { sessionPage } from './session.js';

export const assistantPage: Page = (ctx) => {
  const auth = getAuth('assistant');
  if (!auth) return staffLoginForm('assistant', ctx.root, ctx.rerender);
  const [view, id] = ctx.params;
  if (view === 'check-in' && id) return checkInPage(ctx.root, auth, id);
  if (view === 'check-in-terminal' && id) return terminalCheckInPage(ctx.root, auth, id);
  if (view === 'session' && id) return sessionPage(ctx.root, auth, id);
  return dashboard(ctx.root, auth, ctx.rerender);
};
