import { ApiError } from './api-error.js';
import { plainError } from './messages.js';
import type { components } from './api-types.js';
import { L } from './i18n.js';

export { ApiError };

/** Who a request speaks as: one stored sign-in per console, so one browser can open all three. */
export type Realm = 'assistant' | 'notary' | 'admin' | 'citizen';

/** The signed-in staff account, as `POST /api/auth/login` returns it. */
export type StaffUser = components['schemas']['UserView'];
export interface StaffAuth {
  token: string;
  expiresAt: number;
  user: StaffUser;
}
export interface CaseAuth {
  token: string;
  expiresAt: number;
  bookingId: string;
  caseNo: string;
}

/** The service's single error shape: `{ statusCode, code, message, details? }`. */

const key = (realm: Realm) => `demo.auth.${realm}`;

export function getAuth(realm: 'citizen'): CaseAuth | null;
export function getAuth(realm: 'assistant' | 'notary' | 'admin'): StaffAuth | null;
export function getAuth(realm: Realm): StaffAuth | CaseAuth | null {
  const raw = localStorage.getItem(key(realm));
  if (!raw) return null;
  try {
    const a = JSON.parse(raw) as StaffAuth | CaseAuth;
    // A token about to expire is as good as gone: sign in again rather than fail half-way.
    if (a.expiresAt - 15_000 < Date.now()) {
      localStorage.removeItem(key(realm));
      return null;
    }
    return a;
  } catch {
    return null;
  }
}

export function setAuth(realm: Realm, a: StaffAuth | CaseAuth | null): void {
  if (a) localStorage.setItem(key(realm), JSON.stringify(a));
  else localStorage.removeItem(key(realm));
}

/** Fired when the service answers 401 to a signed-in request: the page sends the user to sign in. */
export const AUTH_LOST = 'demo:auth-lost';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Whose token to send; null for public endpoints. */
  as?: Realm | null;
  /** Return the body as a Blob (PDF, calendar file). */
  blob?: boolean;
  signal?: AbortSignal;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: opts.blob ? '*/*' : 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof Blob) {
    body = opts.body;
    headers['Content-Type'] = opts.body.type || 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  const auth = opts.as ? (opts.as === 'citizen' ? getAuth('citizen') : getAuth(opts.as)) : null;
  if (opts.as && !auth) {
    window.dispatchEvent(new CustomEvent(AUTH_LOST, { detail: opts.as }));
    throw new ApiError(401, 'AUTH_REQUIRED', L('请先登录。', 'Please sign in first.'));
  }
  if (auth) headers.Authorization = `Bearer ${auth.token}`;

  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body, signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', L('无法连接服务器，请检查网络后重试。', 'Cannot reach the service; check the connection and retry.'));
  }
  if (!res.ok) {
    let e: { code?: string; message?: string; details?: unknown } = {};
    try {
      e = (await res.json()) as typeof e;
    } catch {
      /* not JSON: a proxy's error page */
    }
    if (res.status === 401 && opts.as) {
      setAuth(opts.as, null);
      window.dispatchEvent(new CustomEvent(AUTH_LOST, { detail: opts.as }));
    }
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? `${res.status} ${res.statusText}`, e.details);
  }
  if (opts.blob) return (await res.blob()) as T;
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** An error as the reader should see it: one plain sentence in the current language, no code. */
export const errorText = (err: unknown): string => plainError(err);
