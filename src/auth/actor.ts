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

export type Actor = StaffActor | CitizenActor;

/** How an actor is named in the audit chain. */
export function auditActor(actor: Actor | undefined): string {
  if (!actor) return 'anonymous';
  return actor.kind === 'staff' ? `user:${actor.id}` : `case:${actor.caseNo}`;
}
