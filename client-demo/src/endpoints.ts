/**
 * Every call the demo makes to the service, typed by the paths of the generated OpenAPI types
 * (api-types.ts, `npm run client:types`): a response or body that drifts from the service's
 * DTOs fails `npm run typecheck:client`.
 */
import { api, setAuth, ApiError, type CaseAuth, type Realm, type StaffAuth } from './api.js';
import type { paths } from './api-types.js';
import { L } from './i18n.js';

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
/** The JSON body of an operation's 200 or 201 answer. */
export type Ok<P extends keyof paths, M extends Method> =
  Op<P, M> extends { responses: { 200: { content: { 'application/json': infer J } } } }
    ? J
    : Op<P, M> extends { responses: { 201: { content: { 'application/json': infer J } } } }
      ? J
      : never;
/** The JSON request body an operation takes. */
export type Body<P extends keyof paths, M extends Method> =
  Op<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export const endpoints = {
  // ── sign-in ──
  login: (body: Body<'/api/auth/login', 'post'>) => api<Ok<'/api/auth/login', 'post'>>('/api/auth/login', { body }),
  caseAccess: (body: Body<'/api/auth/case-access', 'post'>) => api<Ok<'/api/auth/case-access', 'post'>>('/api/auth/case-access', { body }),

  // ── registry and catalogue (public) ──
  regions: (parent?: string) => api<Ok<'/api/regions', 'get'>>(`/api/regions${parent ? `?parent=${parent}` : ''}`),
  coverage: (region: string) => api<Ok<'/api/coverage', 'get'>>(`/api/coverage?region=${region}`),
  points: (region?: string) => api<Ok<'/api/points', 'get'>>(region === undefined ? '/api/points' : `/api/points?region=${region}`),
  point: (id: string) => api<Ok<'/api/points/{id}', 'get'>>(`/api/points/${id}`),
  office: (id: string) => api<Ok<'/api/offices/{id}', 'get'>>(`/api/offices/${id}`),
  matters: () => api<Ok<'/api/matters', 'get'>>('/api/matters'),
  matter: (code: string) => api<Ok<'/api/matters/{code}', 'get'>>(`/api/matters/${code}`),
  availability: (pointId: string, from: string, to: string, matter: string) =>
    api<Ok<'/api/points/{id}/availability', 'get'>>(
      `/api/points/${pointId}/availability?from=${from}&to=${to}&matter=${encodeURIComponent(matter)}`,
    ),
  slots: (pointId: string, date: string, matter: string) =>
    api<Ok<'/api/points/{id}/slots', 'get'>>(`/api/points/${pointId}/slots?date=${date}&matter=${matter}`),
  registerTerminal: (pointId: string, body: Body<'/api/points/{id}/terminals', 'post'>) =>
    api<Ok<'/api/points/{id}/terminals', 'post'>>(`/api/points/${pointId}/terminals`, { as: 'assistant', body }),

  // ── bookings ──
  book: (body: Body<'/api/bookings', 'post'>) => api<Ok<'/api/bookings', 'post'>>('/api/bookings', { body }),
  walkIn: (body: Body<'/api/bookings/walk-in', 'post'>) =>
    api<Ok<'/api/bookings/walk-in', 'post'>>('/api/bookings/walk-in', { as: 'assistant', body }),
  bookings: (date: string, as: 'assistant' | 'notary') => api<Ok<'/api/bookings', 'get'>>(`/api/bookings?date=${date}`, { as }),
  booking: (id: string, as: Realm) => api<Ok<'/api/bookings/{id}', 'get'>>(`/api/bookings/${id}`, { as }),
  invite: (id: string) => api<Blob>(`/api/bookings/${id}/invite.ics`, { as: 'citizen', blob: true }),
  checkIn: (bookingId: string, body: Body<'/api/bookings/{id}/check-in', 'post'>) =>
    api<Ok<'/api/bookings/{id}/check-in', 'post'>>(`/api/bookings/${bookingId}/check-in`, { as: 'assistant', body }),
  // ── the service's own person–ID check (docs/identity.md) ──
  consentNotice: () => api<Ok<'/api/identity/consent-notice', 'get'>>('/api/identity/consent-notice', { as: 'assistant' }),
  identitySettings: () => api<Ok<'/api/identity/settings', 'get'>>('/api/identity/settings', { as: 'assistant' }),
  identityChallenge: (bookingId: string) =>
    api<Ok<'/api/bookings/{id}/identity/challenge', 'post'>>(`/api/bookings/${bookingId}/identity/challenge`, {
      as: 'assistant',
      body: {},
    }),
  identityCheck: (bookingId: string, body: Body<'/api/bookings/{id}/identity', 'post'>) =>
    api<Ok<'/api/bookings/{id}/identity', 'post'>>(`/api/bookings/${bookingId}/identity`, { as: 'assistant', body }),
  /** The check's ID photo or best live frame, for the case's notary (Cache-Control: no-store). */
  identityImage: (sessionId: string, which: 'id-photo' | 'live-frame', as: 'assistant' | 'notary') =>
    api<Blob>(`/api/sessions/${sessionId}/identity/images/${which}`, { as, blob: true }),
  queue: () => api<Ok<'/api/queue', 'get'>>('/api/queue', { as: 'notary' }),
  claim: (bookingId: string) => api<Ok<'/api/bookings/{id}/claim', 'post'>>(`/api/bookings/${bookingId}/claim`, { as: 'notary', body: {} }),

  // ── the notary's schedule ──
  schedule: (notaryId: string) => api<Ok<'/api/notaries/{id}/schedule', 'get'>>(`/api/notaries/${notaryId}/schedule`, { as: 'notary' }),
  putSchedule: (notaryId: string, body: Body<'/api/notaries/{id}/schedule', 'put'>) =>
    api<Ok<'/api/notaries/{id}/schedule', 'put'>>(`/api/notaries/${notaryId}/schedule`, { method: 'PUT', as: 'notary', body }),
  duty: (notaryId: string, body: Body<'/api/notaries/{id}/duty', 'put'>) =>
    api<Ok<'/api/notaries/{id}/duty', 'put'>>(`/api/notaries/${notaryId}/duty`, { method: 'PUT', as: 'notary', body }),

  // ── sessions ──
  startSession: (body: Body<'/api/sessions', 'post'>) => api<Ok<'/api/sessions', 'post'>>('/api/sessions', { as: 'assistant', body }),
  sessions: (date: string) => api<Ok<'/api/sessions', 'get'>>(`/api/sessions?date=${date}`, { as: 'notary' }),
  session: (id: string, as: 'assistant' | 'notary') => api<Ok<'/api/sessions/{id}', 'get'>>(`/api/sessions/${id}`, { as }),
  join: (id: string, as: Realm) => api<Ok<'/api/sessions/{id}/join', 'get'>>(`/api/sessions/${id}/join`, { as }),
  notice: (id: string) => api<Ok<'/api/sessions/{id}/notice', 'get'>>(`/api/sessions/${id}/notice`, { as: 'assistant' }),
  acknowledgeNotice: (id: string) =>
    api<Ok<'/api/sessions/{id}/notice-ack', 'post'>>(`/api/sessions/${id}/notice-ack`, { as: 'assistant', body: {} }),
  record: (id: string, as: 'assistant' | 'notary') => api<Ok<'/api/sessions/{id}/record', 'get'>>(`/api/sessions/${id}/record`, { as }),
  writeRecord: (id: string, body: Body<'/api/sessions/{id}/record', 'put'>) =>
    api<Ok<'/api/sessions/{id}/record', 'put'>>(`/api/sessions/${id}/record`, { method: 'PUT', as: 'notary', body }),
  sign: (id: string, body: Body<'/api/sessions/{id}/signature', 'post'>) =>
    api<Ok<'/api/sessions/{id}/signature', 'post'>>(`/api/sessions/${id}/signature`, { as: 'assistant', body }),
  /** The signature image at the URL the session view names (`signature.imageUrl`). */
  signatureImage: (imageUrl: string) => api<Blob>(imageUrl, { as: 'notary', blob: true }),
  abort: (id: string, as: 'assistant' | 'notary', body: Body<'/api/sessions/{id}/abort', 'post'>) =>
    api<Ok<'/api/sessions/{id}/abort', 'post'>>(`/api/sessions/${id}/abort`, { as, body }),
  reject: (id: string, body: Body<'/api/sessions/{id}/reject', 'post'>) =>
    api<Ok<'/api/sessions/{id}/reject', 'post'>>(`/api/sessions/${id}/reject`, { as: 'notary', body }),
  matterFields: (id: string, body: Body<'/api/sessions/{id}/matter-fields', 'put'>) =>
    api<Ok<'/api/sessions/{id}/matter-fields', 'put'>>(`/api/sessions/${id}/matter-fields`, { method: 'PUT', as: 'notary', body }),
  /** The certificate approval would issue now, as a PDF marked 草稿 (unnumbered, unsigned). */
  certificateDraft: (id: string) => api<Blob>(`/api/sessions/${id}/certificate/draft`, { as: 'notary', blob: true }),
  approve: (id: string, body: Body<'/api/sessions/{id}/approve', 'post'>) =>
    api<Ok<'/api/sessions/{id}/approve', 'post'>>(`/api/sessions/${id}/approve`, { as: 'notary', body }),
  checkInOverride: (bookingId: string, body: Body<'/api/bookings/{id}/check-in-override', 'post'>) =>
    api<Ok<'/api/bookings/{id}/check-in-override', 'post'>>(`/api/bookings/${bookingId}/check-in-override`, { as: 'notary', body }),

  // ── session recording ──
  recordings: (id: string, as: 'assistant' | 'notary', signal?: AbortSignal) =>
    api<Ok<'/api/sessions/{id}/recordings', 'get'>>(`/api/sessions/${id}/recordings`, { as, signal }),
  uploadChunk: (id: string, seq: number, bytes: Blob, signal?: AbortSignal) =>
    api<Ok<'/api/sessions/{id}/recordings', 'post'>>(`/api/sessions/${id}/recordings?seq=${seq}`, {
      as: 'assistant',
      body: new Blob([bytes], { type: 'application/octet-stream' }),
      signal,
    }),
  finishRecording: (id: string, body: Body<'/api/sessions/{id}/recordings/finish', 'post'>) =>
    api<Ok<'/api/sessions/{id}/recordings/finish', 'post'>>(`/api/sessions/${id}/recordings/finish`, { as: 'assistant', body }),
  recordingOverride: (id: string, body: Body<'/api/sessions/{id}/recording-override', 'post'>) =>
    api<Ok<'/api/sessions/{id}/recording-override', 'post'>>(`/api/sessions/${id}/recording-override`, { as: 'notary', body }),
  recordingUrl: (id: string) => api<Ok<'/api/sessions/{id}/recording/url', 'get'>>(`/api/sessions/${id}/recording/url`, { as: 'notary' }),

  // ── certificates ──
  certificatePdf: (id: string, as: Realm) => api<Blob>(`/api/certificates/${id}/pdf`, { as, blob: true }),
  revoke: (id: string, body: Body<'/api/certificates/{id}/revoke', 'post'>) =>
    api<Ok<'/api/certificates/{id}/revoke', 'post'>>(`/api/certificates/${id}/revoke`, { as: 'notary', body }),
  verify: (pdf: Blob) => api<Ok<'/api/verify', 'post'>>('/api/verify', { body: pdf }),
};

/** Staff sign-in; refuses an account of the wrong role for the console. */
export async function staffLogin(realm: 'assistant' | 'notary', username: string, password: string): Promise<StaffAuth> {
  const r = await endpoints.login({ username, password });
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
  const r = await endpoints.caseAccess({ caseNo: caseNo.trim(), accessCode: accessCode.trim() });
  const auth: CaseAuth = {
    token: r.accessToken,
    expiresAt: Date.now() + r.expiresIn * 1000,
    bookingId: r.booking.id,
    caseNo: r.booking.caseNo,
  };
  setAuth('citizen', auth);
  return auth;
}
