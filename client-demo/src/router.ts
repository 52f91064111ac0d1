/** Hash routes: `#/book?point=…`, `#/assistant/session/<id>` … */

export interface RouteContext {
  /** Where the page renders. */
  root: HTMLElement;
  /** Path segments after the route's own name. */
  params: string[];
  query: URLSearchParams;
  /** Renders the route again (after a sign-in, say). */
  rerender: () => void;
}

/** Why a page is being left: navigation ends its work; a language switch only redraws it. */
export type LeaveReason = 'navigate' | 'language';
export type Page = (ctx: RouteContext) => void | ((reason: LeaveReason) => void);

export function currentRoute(): { name: string; params: string[]; query: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] ?? '', params: parts.slice(1), query: new URLSearchParams(search) };
}

export function go(path: string): void {
  const target = path.startsWith('#') ? path : `#${path.startsWith('/') ? path : `/${path}`}`;
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}

export const href = (path: string) => `#${path.startsWith('/') ? path : `/${path}`}`;
