import { getAuth } from '../../api.js';
import { type Page } from '../../router.js';
import { staffLoginForm } from '../staff.js';
import { dashboard } from './dashboard.js';
import { sessionPage } from './session.js';

export const notaryPage: Page = (ctx) => {
  const auth = getAuth('notary');
  if (!auth) return staffLoginForm('notary', ctx.root, ctx.rerender);
  const [view, id] = ctx.params;
  if (view === 'session' && id) return sessionPage(ctx.root, auth, id);
  return dashboard(ctx.root, auth, ctx.rerender);
};
