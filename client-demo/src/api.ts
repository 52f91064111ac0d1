import { L } from './i18n.js';

/** Who a request speaks as: one stored sign-in per console, so one browser can open all three. */
export type Realm = 'assistant' | 'notary' | 'citizen';

export interface StaffUser {
  id: string;
  username: string;
  role: 'admin' | 'notary' | 'assistant';
  displayName: string;
  officeId: string | null;
  pointId: string | null;
}
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
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const key = (realm: Realm) => `demo.auth.${realm}`;

export function getAuth(realm: 'citizen'): CaseAuth | null;
export function getAuth(realm: 'assistant' | 'notary'): StaffAuth | null;
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

/** Staff sign-in; refuses an account of the wrong role for the console. */
export async function staffLogin(realm: 'assistant' | 'notary', username: string, password: string): Promise<StaffAuth> {
  const r = await api<{ accessToken: string; expiresIn: number; user: StaffUser }>('/api/auth/login', { body: { username, password } });
  if (r.user.role !== realm) {
    throw new ApiError(
      403,
      'WRONG_CONSOLE',
      realm === 'assistant'
        ? L('该账号不是辅助人员账号，请使用公证员工作台。', 'This account is not an assistant; use the notary console.')
        : L('该账号不是公证员账号，请使用辅助人员工作台。', 'This account is not a notary; use the assistant console.'),
    );
  }
  const auth: StaffAuth = { token: r.accessToken, expiresAt: Date.now() + r.expiresIn * 1000, user: r.user };
  setAuth(realm, auth);
  return auth;
}

/** Citizen sign-in with the case number and the access code given at booking. */
export async function caseLogin(caseNo: string, accessCode: string): Promise<CaseAuth> {
  const r = await api<{ accessToken: string; expiresIn: number; booking: { id: string; caseNo: string } }>('/api/auth/case-access', {
    body: { caseNo: caseNo.trim(), accessCode: accessCode.trim() },
  });
  const auth: CaseAuth = {
    token: r.accessToken,
    expiresAt: Date.now() + r.expiresIn * 1000,
    bookingId: r.booking.id,
    caseNo: r.booking.caseNo,
  };
  setAuth('citizen', auth);
  return auth;
}

export const errorText = (err: unknown): string =>
  err instanceof ApiError
    ? err.code && !err.code.startsWith('HTTP_') && err.status
      ? `${err.message} (${err.code})`
      : err.message
    : err instanceof Error
      ? err.message
      : String(err);
