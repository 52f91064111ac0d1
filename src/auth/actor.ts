export const STAFF_ROLES = ['admin', 'notary', 'assistant'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = StaffRole | 'citizen';

export interface StaffActor {
  kind: 'staff';
  id: string;
  role: StaffRole;
  username: string;
  displayName: string;
  officeId: string | null;
  pointId: string | null;
}

/** A citizen holding a case-access token: may see that one case and nothing else. */
export interface CitizenActor {
  kind: 'citizen';
  role: 'citizen';
  bookingId: string;
  caseNo: string;
}

/** The service itself (bootstrap, demo seed): acts with admin rights, audited as `system`. */
export interface SystemActor {
  kind: 'system';
  role: 'admin';
}
export const SYSTEM_ACTOR: SystemActor = { kind: 'system', role: 'admin' };

export type Actor = StaffActor | CitizenActor | SystemActor;

/** How an actor is named in the audit chain. */
export function auditActor(actor: Actor | undefined): string {
  if (!actor) return 'anonymous';
  if (actor.kind === 'system') return 'system';
  return actor.kind === 'staff' ? `user:${actor.id}` : `case:${actor.caseNo}`;
}
