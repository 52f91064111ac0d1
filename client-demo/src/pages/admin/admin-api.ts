/** The administration console's calls, typed by the generated OpenAPI paths like endpoints.ts. */
import { api, setAuth, ApiError, type StaffAuth } from '../../api.js';
import { endpoints, type Body, type Ok } from '../../endpoints.js';
import { L } from '../../i18n.js';

const as = 'admin' as const;

/** The filters of the figures: a range of Shanghai days, and an office, a point, a matter or none. */
export interface StatsFilter {
  from: string;
  to: string;
  office?: string;
  point?: string;
  matter?: string;
}

const query = (q: object) =>
  new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '') as [string, string][]).toString();

export const adminApi = {
  offices: () => api<Ok<'/api/offices', 'get'>>('/api/offices'),
  updateOffice: (id: string, body: Body<'/api/offices/{id}', 'patch'>) =>
    api<Ok<'/api/offices/{id}', 'patch'>>(`/api/offices/${id}`, { method: 'PATCH', as, body }),
  notaries: (officeId: string) => api<Ok<'/api/offices/{id}/notaries', 'get'>>(`/api/offices/${officeId}/notaries`, { as }),
  updateNotary: (id: string, body: Body<'/api/notaries/{id}', 'patch'>) =>
    api<Ok<'/api/notaries/{id}', 'patch'>>(`/api/notaries/${id}`, { method: 'PATCH', as, body }),
  schedule: (id: string) => api<Ok<'/api/notaries/{id}/schedule', 'get'>>(`/api/notaries/${id}/schedule`, { as }),
  putSchedule: (id: string, body: Body<'/api/notaries/{id}/schedule', 'put'>) =>
    api<Ok<'/api/notaries/{id}/schedule', 'put'>>(`/api/notaries/${id}/schedule`, { method: 'PUT', as, body }),
  points: () => endpoints.points(),
  updatePoint: (id: string, body: Body<'/api/points/{id}', 'patch'>) =>
    api<Ok<'/api/points/{id}', 'patch'>>(`/api/points/${id}`, { method: 'PATCH', as, body }),
  assistants: (pointId: string) => api<Ok<'/api/points/{id}/assistants', 'get'>>(`/api/points/${pointId}/assistants`, { as }),
  addAssistant: (pointId: string, body: Body<'/api/points/{id}/assistants', 'post'>) =>
    api<Ok<'/api/points/{id}/assistants', 'post'>>(`/api/points/${pointId}/assistants`, { as, body }),
  terminals: (pointId: string) => api<Ok<'/api/points/{id}/terminals', 'get'>>(`/api/points/${pointId}/terminals`, { as }),
  approveTerminal: (id: string) => api<Ok<'/api/terminals/{id}/approve', 'post'>>(`/api/terminals/${id}/approve`, { as, body: {} }),
  disableTerminal: (id: string) => api<Ok<'/api/terminals/{id}/disable', 'post'>>(`/api/terminals/${id}/disable`, { as, body: {} }),
  users: () => api<Ok<'/api/users', 'get'>>('/api/users', { as }),
  disableUser: (id: string) => api<Ok<'/api/users/{id}/disable', 'post'>>(`/api/users/${id}/disable`, { as, body: {} }),
  enableUser: (id: string) => api<Ok<'/api/users/{id}/enable', 'post'>>(`/api/users/${id}/enable`, { as, body: {} }),
  resetPassword: (id: string, password: string) =>
    api<Ok<'/api/users/{id}/password', 'post'>>(`/api/users/${id}/password`, { as, body: { password } }),
  matters: () => endpoints.matters(),
  updateMatter: (code: string, body: Body<'/api/matters/{code}', 'patch'>) =>
    api<Ok<'/api/matters/{code}', 'patch'>>(`/api/matters/${code}`, { method: 'PATCH', as, body }),
  demoAccounts: () => api<Ok<'/api/demo-accounts', 'get'>>('/api/demo-accounts', { as }),
  disableDemoAccounts: () => api<Ok<'/api/demo-accounts/disable', 'post'>>('/api/demo-accounts/disable', { as, body: {} }),
  stats: (f: StatsFilter, groupBy: 'day' | 'point' | 'matter' | 'office' | 'notary') =>
    api<Ok<'/api/stats/cases', 'get'>>(`/api/stats/cases?${query({ ...f, groupBy })}`, { as }),
  statsCsv: (f: StatsFilter, groupBy: string) => api<Blob>(`/api/stats/cases.csv?${query({ ...f, groupBy })}`, { as, blob: true }),
  handling: (f: StatsFilter) => api<Ok<'/api/stats/handling', 'get'>>(`/api/stats/handling?${query(f)}`, { as }),
  regions: (parent?: string) => endpoints.regions(parent),
  coverage: (region: string) => api<Ok<'/api/coverage', 'get'>>(`/api/coverage?region=${region}&target=0.3`),
};

export type Office = Ok<'/api/offices', 'get'>[number];
export type PointRow = Ok<'/api/points', 'get'>[number];
export type Matter = Ok<'/api/matters', 'get'>[number];
export type StaffRow = Ok<'/api/users', 'get'>[number];

/** Admin sign-in; refuses an account that is not an administrator. */
export async function adminLogin(username: string, password: string): Promise<StaffAuth> {
  const r = await endpoints.login({ username, password });
  if (r.user.role !== 'admin')
    throw new ApiError(403, 'WRONG_CONSOLE', L('该账号不是管理员账号。', 'This account is not an administrator.'));
  const auth: StaffAuth = { token: r.accessToken, expiresAt: Date.now() + r.expiresIn * 1000, user: r.user };
  setAuth('admin', auth);
  return auth;
}
