import { DomainError } from '../common/errors.js';
import type { ErrorCode } from '../common/error-codes.js';
import type { Actor, StaffActor } from './actor.js';

/**
 * The one access policy: who may do what to which resource. `@Roles` on a controller is the
 * coarse gate; this is the fine one, with the resource's facts (its point, office, notary, case)
 * loaded by the calling service and passed in as a plain object. No I/O here, so the whole rule
 * set is a table in `access.spec.ts`.
 *
 * A refusal carries the status and stable `code` the API has always answered with: 404 where
 * the caller may not learn that the thing exists (a case, session, certificate, recording or
 * terminal out of their scope), 403 where they know it exists but may not act on it.
 */

// ── resources (the facts a rule needs; services load them) ──────────────────

/** A booking (a "case"): the citizen holding its access token, its point, its office, its notary. */
export interface CaseFacts {
  id: string;
  pointId: string;
  officeId: string;
  notaryId: string | null;
}

export type Resource =
  /** Bookings in general, or at one point (`pointId`; `officeId` once the point is loaded). */
  | { kind: 'cases'; pointId?: string; officeId?: string }
  | ({ kind: 'case' } & CaseFacts)
  /** Sessions in general (listing). */
  | { kind: 'sessions' }
  | { kind: 'session'; id: string; bookingId: string; pointId: string; officeId: string; notaryId: string | null }
  /** A session's recording (its playback). */
  | { kind: 'recording'; sessionId: string; pointId: string; notaryId: string | null }
  /** A certificate: the facts of its case, and its issuing notary once known (`undefined`: not yet read). */
  | { kind: 'certificate'; bookingId: string; pointId: string; officeId: string; notaryId?: string | null }
  | { kind: 'point'; id: string }
  /** An office, with the ids of its points (its assistants count as its staff). */
  | { kind: 'office'; id: string; pointIds: readonly string[] }
  /** A notary's own record: schedule and duty. */
  | { kind: 'notary'; id: string; officeId: string }
  /** Terminals in general (approval), or one terminal of a point. */
  | { kind: 'terminal'; pointId?: string }
  /** The evidence log's admin views (entries, verification); its public tiles need no rule. */
  | { kind: 'audit' }
  /** Regions, offices, points, accounts, matter wording: the registry's administration. */
  | { kind: 'registry' }
  /** Case figures, narrowed by the filters asked for (an office, a point). */
  | { kind: 'stats'; officeId?: string; pointId?: string };

export type ResourceKind = Resource['kind'];

/** The actions each kind of resource answers. */
export interface Actions {
  cases: 'list' | 'create' | 'walk-in' | 'check-in' | 'override-check-in' | 'no-show' | 'claim' | 'queue' | 'open-session';
  case: 'read' | 'see-id-number' | 'check-in' | 'override-check-in' | 'no-show' | 'claim' | 'open-session' | 'change';
  sessions: 'list';
  session:
    | 'read'
    | 'join'
    | 'abort'
    | 'upload-recording'
    | 'finish-recording'
    | 'override-recording'
    | 'ack-notice'
    | 'sign'
    | 'write-record'
    | 'reject'
    | 'approve'
    | 'set-matter-fields';
  recording: 'play';
  certificate: 'read' | 'revoke' | 'correct';
  point: 'list-assistants' | 'register-terminal' | 'list-terminals';
  office: 'list-notaries' | 'see-usernames';
  notary: 'read-schedule' | 'write-schedule';
  terminal: 'approve' | 'activate-at-once' | 'disable';
  audit: 'read';
  registry: 'manage';
  stats: 'read';
}

export type Action<K extends ResourceKind = ResourceKind> = Actions[K];
type ResourceOf<K extends ResourceKind> = Extract<Resource, { kind: K }>;

/** Why an actor may not: the HTTP status and stable code the API answers with. */
export interface Denial {
  status: 403 | 404;
  code: ErrorCode;
  message: string;
}

const deny403 = (code: ErrorCode, message: string): Denial => ({ status: 403, code, message });
const deny404 = (code: ErrorCode, message: string): Denial => ({ status: 404, code, message });

// ── who the actor is, relative to a resource ─────────────────────────────────

/** Administrators, and the service itself (bootstrap, demo seed), which acts with admin rights. */
const isAdmin = (a: Actor) => a.role === 'admin';
const isStaffAdmin = (a: Actor) => a.kind === 'staff' && a.role === 'admin';
const isNotary = (a: Actor): a is StaffActor => a.kind === 'staff' && a.role === 'notary';
const isAssistant = (a: Actor): a is StaffActor => a.kind === 'staff' && a.role === 'assistant';
const assistantOf = (a: Actor, pointId: string) => isAssistant(a) && a.pointId === pointId;
const notaryOfOffice = (a: Actor, officeId: string) => isNotary(a) && a.officeId === officeId;
const assignedNotary = (a: Actor, notaryId: string | null) => isNotary(a) && notaryId !== null && a.id === notaryId;
/** Takes part in a session's video: the notary handling the case, or an assistant of its point. */
const participant = (a: Actor, s: { pointId: string; notaryId: string | null }) =>
  assignedNotary(a, s.notaryId) || assistantOf(a, s.pointId);

/**
 * Who may see a case, and so its session and certificate: admins, the citizen holding its access
 * token, the assistants of its point, the notaries of its office. One rule for all three.
 */
function seesCase(a: Actor, c: { bookingId: string; pointId: string; officeId: string }): boolean {
  if (isAdmin(a)) return true;
  if (a.kind === 'citizen') return a.bookingId === c.bookingId;
  return assistantOf(a, c.pointId) || notaryOfOffice(a, c.officeId);
}

// ── the rules ────────────────────────────────────────────────────────────────

const NO_BOOKING = deny404('BOOKING_NOT_FOUND', 'No such booking.');
const NO_SESSION = deny404('SESSION_NOT_FOUND', 'No such session.');
const NO_CERTIFICATE = deny404('CERTIFICATE_NOT_FOUND', 'No such certificate.');

/** Role-level rules on bookings: checked before any booking is read, and again with its facts. */
function casesRule(a: Actor | undefined, action: Action<'cases'>, r: { pointId?: string; officeId?: string }): Denial | undefined {
  switch (action) {
    case 'create':
      // Citizens book without signing in; signed in, only the point's assistants (and admins) book.
      if (!a) return undefined;
      if (!(isAdmin(a) || isAssistant(a)))
        return deny403('FORBIDDEN_ROLE', 'Bookings are made by citizens (without signing in) or by the point’s assistants.');
      if (isAssistant(a) && r.pointId !== undefined && a.pointId !== r.pointId)
        return deny403('OUT_OF_SCOPE', 'You may book for your own point only. 只能为本服务点预约。');
      return undefined;
    case 'list':
      if (!a || a.kind === 'citizen') return deny403('FORBIDDEN_ROLE', 'Only staff list bookings.');
      if (isAssistant(a) && r.pointId !== undefined && r.pointId !== a.pointId)
        return deny403('OUT_OF_SCOPE', 'You may list bookings of your own point only. 只能查看本服务点的预约。');
      if (isNotary(a) && r.officeId !== undefined && r.officeId !== a.officeId)
        return deny403('OUT_OF_SCOPE', 'That point is served by another office. 该服务点不属于本公证处。');
      return undefined;
    case 'walk-in':
      if (a && (isAdmin(a) || (r.pointId !== undefined && assistantOf(a, r.pointId)))) return undefined;
      return deny403('OUT_OF_SCOPE', 'Walk-ins are registered by the point’s own assistants. 只能为本服务点登记现场申请。');
    case 'check-in':
      if (a && (isAdmin(a) || isAssistant(a))) return undefined;
      return deny403('FORBIDDEN_ROLE', 'Check-in is done by the point’s assistant at the terminal.');
    case 'no-show':
      if (a && (isAdmin(a) || isAssistant(a))) return undefined;
      return deny403('FORBIDDEN_ROLE', 'No-shows are recorded by the point’s assistants.');
    case 'override-check-in':
      return a && isNotary(a) ? undefined : deny403('FORBIDDEN_ROLE', 'Only the assigned notary may override.');
    case 'claim':
      return a && isNotary(a) ? undefined : deny403('FORBIDDEN_ROLE', 'Only notaries claim walk-ins.');
    case 'queue':
      return a && isNotary(a) ? undefined : deny403('FORBIDDEN_ROLE', 'The walk-in queue is for notaries.');
    case 'open-session':
      return a && isAssistant(a) ? undefined : deny403('FORBIDDEN_ROLE', 'Sessions are opened by the point’s assistant.');
  }
}

function caseRule(a: Actor, action: Action<'case'>, c: CaseFacts): Denial | undefined {
  if (action === 'see-id-number') {
    // ID numbers are shown in full only to the notary handling the case.
    return assignedNotary(a, c.notaryId)
      ? undefined
      : deny403('NOT_ASSIGNED_NOTARY', 'Only the notary handling the case sees the ID number.');
  }
  if (action !== 'read' && action !== 'change') {
    const byRole = casesRule(a, action, c);
    if (byRole) return byRole;
  }
  if (!seesCase(a, { bookingId: c.id, pointId: c.pointId, officeId: c.officeId })) return NO_BOOKING;
  if (action === 'override-check-in' && !assignedNotary(a, c.notaryId))
    return deny403('NOT_ASSIGNED_NOTARY', 'Only the notary assigned to this booking may override its identity check.');
  return undefined;
}

type SessionResource = ResourceOf<'session'>;

function sessionRule(a: Actor, action: Action<'session'>, s: SessionResource): Denial | undefined {
  if (!seesCase(a, s)) return NO_SESSION;
  const atPoint = (step: string) =>
    assistantOf(a, s.pointId) ? undefined : deny403('FORBIDDEN_ROLE', `${step} is done at the point, by its assistant.`);
  const byNotary = (message: string) => (assignedNotary(a, s.notaryId) ? undefined : deny403('NOT_ASSIGNED_NOTARY', message));
  const byParticipant = (message: string) => (participant(a, s) ? undefined : deny403('NOT_A_PARTICIPANT', message));
  switch (action) {
    case 'read':
      return undefined;
    case 'join':
      return byParticipant('Only the notary handling the case and the point’s assistants join the video.');
    case 'abort':
      return byParticipant('Only the session’s notary or the point’s assistants may abort it.');
    case 'upload-recording':
      return byParticipant('Only the session’s participants upload its recording.');
    case 'finish-recording':
      return byParticipant('Only the session’s participants upload and finish its recording.');
    case 'override-recording':
      return byNotary('A recording override is recorded by the notary handling the case.');
    case 'ack-notice':
      return atPoint('Acknowledging the notice');
    case 'sign':
      return atPoint('Signing');
    case 'write-record':
      return byNotary('Writing the record is for the notary handling this case.');
    case 'reject':
      return byNotary('Rejecting is for the notary handling this case.');
    case 'approve':
      return byNotary('Only the notary handling the case approves it.');
    case 'set-matter-fields':
      return byNotary('Matter details are set by the notary handling the case.');
  }
}

function certificateRule(a: Actor, action: Action<'certificate'>, c: ResourceOf<'certificate'>): Denial | undefined {
  if (action === 'revoke' && !(isAdmin(a) || isNotary(a)))
    return deny403('FORBIDDEN_ROLE', 'Certificates are revoked by the office’s notaries.');
  // A correction changes what a numbered certificate prints: staff administration, not the
  // case's notary, whose own name and override reason are among the fields corrected.
  if (action === 'correct' && !isStaffAdmin(a))
    return deny403('FORBIDDEN_ROLE', 'Certificates are corrected by an administrator. 证书更正须由管理员办理。');
  if (!seesCase(a, c)) return NO_CERTIFICATE;
  // The notary who issued it, or an admin; a colleague may see it but not undo it.
  if (action === 'revoke' && isNotary(a) && c.notaryId !== undefined && a.id !== c.notaryId)
    return deny403(
      'NOT_ISSUING_NOTARY',
      'Only the notary who issued this certificate, or an administrator, may revoke it. 仅出证公证员或管理员可撤销。',
    );
  return undefined;
}

function decide(a: Actor | undefined, action: string, r: Resource): Denial | undefined {
  if (r.kind === 'cases') return casesRule(a, action as Action<'cases'>, r);
  if (!a) return deny403('FORBIDDEN_ROLE', 'Sign in first. 请先登录。');
  switch (r.kind) {
    case 'case':
      return caseRule(a, action as Action<'case'>, r);
    case 'sessions':
      return a.kind === 'staff' ? undefined : deny403('FORBIDDEN_ROLE', 'Sessions are listed to staff.');
    case 'session':
      return sessionRule(a, action as Action<'session'>, r);
    case 'recording':
      // The case's notary, the point's assistants, admins; the office's other notaries and the citizen get 404.
      return isStaffAdmin(a) || participant(a, r) ? undefined : deny404('RECORDING_NOT_FOUND', 'No recording of this session.');
    case 'certificate':
      return certificateRule(a, action as Action<'certificate'>, r);
    case 'point':
      // An assistant acts only for their own point; admins for every point.
      return isAdmin(a) || assistantOf(a, r.id)
        ? undefined
        : deny403('OUT_OF_SCOPE', 'You may act only for your own point. 只能处理本服务点的事务。');
    case 'office':
      if (action === 'see-usernames') return isAdmin(a) ? undefined : deny403('FORBIDDEN_ROLE', 'Usernames are shown to administrators.');
      // Admins, the office's notaries, and the assistants of the office's points.
      return isAdmin(a) || notaryOfOffice(a, r.id) || (isAssistant(a) && a.pointId !== null && r.pointIds.includes(a.pointId))
        ? undefined
        : deny403('OUT_OF_SCOPE', 'Only staff of this office may list its notaries. 只能查看本公证处的公证员。');
    case 'notary': {
      // The notary themself or an admin; the office's other notaries may read the schedule, not change it.
      const self = a.kind === 'staff' && a.id === r.id;
      const colleague = notaryOfOffice(a, r.officeId);
      if (isAdmin(a) || self || (action === 'read-schedule' && colleague)) return undefined;
      return a.kind === 'staff'
        ? deny403('OUT_OF_SCOPE', 'Only the notary or an administrator may change this. 只能修改本人的排班。')
        : deny404('NOTARY_NOT_FOUND', 'No such notary.');
    }
    case 'terminal':
      if (action === 'disable') {
        // Out-of-scope callers learn nothing about terminals of other points.
        return isAdmin(a) || (a.kind === 'staff' && r.pointId !== undefined && a.pointId === r.pointId)
          ? undefined
          : deny404('TERMINAL_NOT_FOUND', 'No such terminal.');
      }
      // A key an assistant holds could sign whatever the assistant types.
      return isAdmin(a) ? undefined : deny403('FORBIDDEN_ROLE', 'Terminals are approved by an administrator. 终端须由管理员批准。');
    case 'stats':
      // Admins see every office; a notary their own office's figures; an assistant their point's.
      if (isAdmin(a)) return undefined;
      if (isNotary(a) && (r.officeId === undefined || r.officeId === a.officeId)) return undefined;
      if (isAssistant(a) && (r.pointId === undefined || r.pointId === a.pointId)) return undefined;
      return a.kind === 'staff'
        ? deny403('OUT_OF_SCOPE', 'Figures are shown for your own office or point only. 只能查看本公证处或本服务点的统计。')
        : deny403('FORBIDDEN_ROLE', 'Figures are for staff. 统计仅供工作人员查看。');
    case 'audit':
    case 'registry':
      return isAdmin(a) ? undefined : deny403('FORBIDDEN_ROLE', 'This action is for admin only. 无权执行此操作。');
  }
}

// ── the API ──────────────────────────────────────────────────────────────────

/** The refusal, or undefined when the actor (undefined: anonymous) may. */
export function check<R extends Resource>(actor: Actor | undefined, action: Action<R['kind']>, resource: R): Denial | undefined {
  return decide(actor, action, resource);
}

/** May the actor (undefined: anonymous) do `action` to `resource`? */
export function can<R extends Resource>(actor: Actor | undefined, action: Action<R['kind']>, resource: R): boolean {
  return decide(actor, action, resource) === undefined;
}

/** Throws the refusal (403 or 404 with its stable code) unless the actor may. */
export function assertCan<R extends Resource>(actor: Actor | undefined, action: Action<R['kind']>, resource: R): void {
  const d = decide(actor, action, resource);
  if (d) throw new DomainError(d.status, d.code, d.message);
}

/** As `assertCan`, for steps only staff take: afterwards the actor is known to be staff. */
export function assertStaffCan<R extends Resource>(
  actor: Actor | undefined,
  action: Action<R['kind']>,
  resource: R,
): asserts actor is StaffActor {
  assertCan(actor, action, resource);
  if (actor?.kind !== 'staff') throw new DomainError(403, 'FORBIDDEN_ROLE', 'This step is for staff. 无权执行此操作。');
}

/** Which rows of a listing the actor sees: all, a point's, an office's or a notary's own. */
export type ListScope = { all: true } | { pointId: string | null } | { officeId: string | null } | { notaryId: string };

/** Bookings: admins all, an assistant their point's, a notary their office's. Sessions: a notary their own. */
export function listScope(actor: Actor, what: 'cases' | 'sessions'): ListScope {
  if (actor.kind !== 'staff' || actor.role === 'admin') return { all: true };
  if (actor.role === 'assistant') return { pointId: actor.pointId };
  return what === 'sessions' ? { notaryId: actor.id } : { officeId: actor.officeId };
}
