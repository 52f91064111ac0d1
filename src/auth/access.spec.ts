import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/errors.js';
import { assertCan, can, check, listScope, type Action, type Resource } from './access.js';
import { SYSTEM_ACTOR, type Actor, type StaffActor } from './actor.js';

// The world: office O1 with point P1 and notaries N1 (handles case A) and N1b; office O2 with point P2.
const staff = (id: string, role: StaffActor['role'], officeId: string | null, pointId: string | null): StaffActor => ({
  kind: 'staff',
  id,
  role,
  username: id,
  displayName: id,
  officeId,
  pointId,
});
const ACTORS: [string, Actor | undefined][] = [
  ['anonymous', undefined],
  ['citizen of the case', { kind: 'citizen', role: 'citizen', bookingId: 'A', caseNo: 'CASE-A' }],
  ['citizen of another case', { kind: 'citizen', role: 'citizen', bookingId: 'B', caseNo: 'CASE-B' }],
  ['assistant of the point', staff('as1', 'assistant', null, 'P1')],
  ['assistant of another point', staff('as2', 'assistant', null, 'P2')],
  ['notary of the case', staff('N1', 'notary', 'O1', null)],
  ['colleague notary', staff('N1b', 'notary', 'O1', null)],
  ['notary of another office', staff('N2', 'notary', 'O2', null)],
  ['admin', staff('ad', 'admin', null, null)],
  ['system', SYSTEM_ACTOR],
];

const CASE_A = { id: 'A', pointId: 'P1', officeId: 'O1', notaryId: 'N1' };
const SESSION_A = { kind: 'session', id: 'S', bookingId: 'A', pointId: 'P1', officeId: 'O1', notaryId: 'N1' } as const;
const CERT_A = { kind: 'certificate', bookingId: 'A', pointId: 'P1', officeId: 'O1' } as const;

const ok = 'ok';
const NB = '404 BOOKING_NOT_FOUND';
const NS = '404 SESSION_NOT_FOUND';
const NC = '404 CERTIFICATE_NOT_FOUND';
const NR = '404 RECORDING_NOT_FOUND';
const NT = '404 TERMINAL_NOT_FOUND';
const NN = '404 NOTARY_NOT_FOUND';
const ROLE = '403 FORBIDDEN_ROLE';
const SCOPE = '403 OUT_OF_SCOPE';
const NAN = '403 NOT_ASSIGNED_NOTARY';
const NAP = '403 NOT_A_PARTICIPANT';
const NIN = '403 NOT_ISSUING_NOTARY';

type Row = [Resource, string, string[]];
//                                                      anon   citizen  other  asst   other  notary  colleague other  admin  system
//                                                             of case  case   point  point  of case notary     office
const TABLE: Row[] = [
  [{ kind: 'cases', pointId: 'P1' }, 'create', [ok, ROLE, ROLE, ok, SCOPE, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'cases' }, 'list', [ROLE, ROLE, ROLE, ok, ok, ok, ok, ok, ok, ok]],
  [{ kind: 'cases', pointId: 'P1' }, 'list', [ROLE, ROLE, ROLE, ok, SCOPE, ok, ok, ok, ok, ok]],
  [{ kind: 'cases', pointId: 'P1', officeId: 'O1' }, 'list', [ROLE, ROLE, ROLE, ok, SCOPE, ok, ok, SCOPE, ok, ok]],
  [{ kind: 'cases', pointId: 'P1' }, 'walk-in', [SCOPE, SCOPE, SCOPE, ok, SCOPE, SCOPE, SCOPE, SCOPE, ok, ok]],
  [{ kind: 'cases' }, 'check-in', [ROLE, ROLE, ROLE, ok, ok, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'cases' }, 'override-check-in', [ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok, ok, ROLE, ROLE]],
  [{ kind: 'cases' }, 'no-show', [ROLE, ROLE, ROLE, ok, ok, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'cases' }, 'claim', [ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok, ok, ROLE, ROLE]],
  [{ kind: 'cases' }, 'queue', [ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok, ok, ROLE, ROLE]],
  [{ kind: 'cases' }, 'open-session', [ROLE, ROLE, ROLE, ok, ok, ROLE, ROLE, ROLE, ROLE, ROLE]],
  [{ kind: 'case', ...CASE_A }, 'read', [ROLE, ok, NB, ok, NB, ok, ok, NB, ok, ok]],
  [{ kind: 'case', ...CASE_A }, 'change', [ROLE, ok, NB, ok, NB, ok, ok, NB, ok, ok]],
  [{ kind: 'case', ...CASE_A }, 'see-id-number', [ROLE, NAN, NAN, NAN, NAN, ok, NAN, NAN, NAN, NAN]],
  [{ kind: 'case', ...CASE_A }, 'check-in', [ROLE, ROLE, ROLE, ok, NB, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'case', ...CASE_A }, 'no-show', [ROLE, ROLE, ROLE, ok, NB, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'case', ...CASE_A }, 'claim', [ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok, NB, ROLE, ROLE]],
  [{ kind: 'case', ...CASE_A }, 'override-check-in', [ROLE, ROLE, ROLE, ROLE, ROLE, ok, NAN, NB, ROLE, ROLE]],
  [{ kind: 'case', ...CASE_A }, 'open-session', [ROLE, ROLE, ROLE, ok, NB, ROLE, ROLE, ROLE, ROLE, ROLE]],
  [{ kind: 'sessions' }, 'list', [ROLE, ROLE, ROLE, ok, ok, ok, ok, ok, ok, ROLE]],
  [SESSION_A, 'read', [ROLE, ok, NS, ok, NS, ok, ok, NS, ok, ok]],
  [SESSION_A, 'join', [ROLE, NAP, NS, ok, NS, ok, NAP, NS, NAP, NAP]],
  [SESSION_A, 'abort', [ROLE, NAP, NS, ok, NS, ok, NAP, NS, NAP, NAP]],
  [SESSION_A, 'upload-recording', [ROLE, NAP, NS, ok, NS, ok, NAP, NS, NAP, NAP]],
  [SESSION_A, 'finish-recording', [ROLE, NAP, NS, ok, NS, ok, NAP, NS, NAP, NAP]],
  [SESSION_A, 'override-recording', [ROLE, NAN, NS, NAN, NS, ok, NAN, NS, NAN, NAN]],
  [SESSION_A, 'ack-notice', [ROLE, ROLE, NS, ok, NS, ROLE, ROLE, NS, ROLE, ROLE]],
  [SESSION_A, 'sign', [ROLE, ROLE, NS, ok, NS, ROLE, ROLE, NS, ROLE, ROLE]],
  [SESSION_A, 'write-record', [ROLE, NAN, NS, NAN, NS, ok, NAN, NS, NAN, NAN]],
  [SESSION_A, 'reject', [ROLE, NAN, NS, NAN, NS, ok, NAN, NS, NAN, NAN]],
  [SESSION_A, 'approve', [ROLE, NAN, NS, NAN, NS, ok, NAN, NS, NAN, NAN]],
  [SESSION_A, 'set-matter-fields', [ROLE, NAN, NS, NAN, NS, ok, NAN, NS, NAN, NAN]],
  [{ kind: 'recording', sessionId: 'S', pointId: 'P1', notaryId: 'N1' }, 'play', [ROLE, NR, NR, ok, NR, ok, NR, NR, ok, NR]],
  [CERT_A, 'read', [ROLE, ok, NC, ok, NC, ok, ok, NC, ok, ok]],
  [CERT_A, 'revoke', [ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok, NC, ok, ok]],
  [{ ...CERT_A, notaryId: 'N1' }, 'revoke', [ROLE, ROLE, ROLE, ROLE, ROLE, ok, NIN, NC, ok, ok]],
  [{ ...CERT_A, notaryId: 'N1' }, 'correct', [ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ok, ROLE]],
  [{ kind: 'point', id: 'P1' }, 'list-assistants', [ROLE, SCOPE, SCOPE, ok, SCOPE, SCOPE, SCOPE, SCOPE, ok, ok]],
  [{ kind: 'point', id: 'P1' }, 'register-terminal', [ROLE, SCOPE, SCOPE, ok, SCOPE, SCOPE, SCOPE, SCOPE, ok, ok]],
  [{ kind: 'point', id: 'P1' }, 'list-terminals', [ROLE, SCOPE, SCOPE, ok, SCOPE, SCOPE, SCOPE, SCOPE, ok, ok]],
  [{ kind: 'office', id: 'O1', pointIds: ['P1'] }, 'list-notaries', [ROLE, SCOPE, SCOPE, ok, SCOPE, ok, ok, SCOPE, ok, ok]],
  [{ kind: 'office', id: 'O1', pointIds: ['P1'] }, 'see-usernames', [ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'notary', id: 'N1', officeId: 'O1' }, 'read-schedule', [ROLE, NN, NN, SCOPE, SCOPE, ok, ok, SCOPE, ok, ok]],
  [{ kind: 'notary', id: 'N1', officeId: 'O1' }, 'write-schedule', [ROLE, NN, NN, SCOPE, SCOPE, ok, SCOPE, SCOPE, ok, ok]],
  [{ kind: 'terminal' }, 'approve', [ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'terminal', pointId: 'P1' }, 'activate-at-once', [ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'terminal', pointId: 'P1' }, 'disable', [ROLE, NT, NT, ok, NT, NT, NT, NT, ok, ok]],
  [{ kind: 'audit' }, 'read', [ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'registry' }, 'manage', [ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ROLE, ok, ok]],
  [{ kind: 'stats' }, 'read', [ROLE, ROLE, ROLE, ok, ok, ok, ok, ok, ok, ok]],
  [{ kind: 'stats', officeId: 'O1' }, 'read', [ROLE, ROLE, ROLE, ok, ok, ok, ok, SCOPE, ok, ok]],
  [{ kind: 'stats', pointId: 'P1' }, 'read', [ROLE, ROLE, ROLE, ok, SCOPE, ok, ok, ok, ok, ok]],
];

const answer = (actor: Actor | undefined, action: string, r: Resource) => {
  const d = check(actor, action as Action, r);
  return d ? `${d.status} ${d.code}` : ok;
};

describe('access policy', () => {
  it.each(TABLE.map(([r, action, expected]) => [`${r.kind} ${action} ${JSON.stringify(r)}`, r, action, expected]))(
    '%s answers each actor as the table says',
    (_, r, action, expected) => {
      expect(expected as string[]).toHaveLength(ACTORS.length);
      const got = ACTORS.map(([name, actor]) => `${name}: ${answer(actor, action as string, r as Resource)}`);
      expect(got).toEqual(ACTORS.map(([name], i) => `${name}: ${(expected as string[])[i]}`));
    },
  );

  it('covers every action of every resource kind in the table', () => {
    const covered = new Set(TABLE.map(([r, action]) => `${r.kind}:${action}`));
    const all: Record<string, readonly string[]> = {
      cases: ['list', 'create', 'walk-in', 'check-in', 'override-check-in', 'no-show', 'claim', 'queue', 'open-session'],
      case: ['read', 'see-id-number', 'check-in', 'override-check-in', 'no-show', 'claim', 'open-session', 'change'],
      sessions: ['list'],
      session: [
        'read',
        'join',
        'abort',
        'upload-recording',
        'finish-recording',
        'override-recording',
        'ack-notice',
        'sign',
        'write-record',
        'reject',
        'approve',
        'set-matter-fields',
      ],
      recording: ['play'],
      certificate: ['read', 'revoke', 'correct'],
      point: ['list-assistants', 'register-terminal', 'list-terminals'],
      office: ['list-notaries', 'see-usernames'],
      notary: ['read-schedule', 'write-schedule'],
      terminal: ['approve', 'activate-at-once', 'disable'],
      audit: ['read'],
      registry: ['manage'],
      stats: ['read'],
    };
    const missing = Object.entries(all).flatMap(([kind, actions]) => actions.map((a) => `${kind}:${a}`).filter((k) => !covered.has(k)));
    expect(missing).toEqual([]);
  });

  it('can and assertCan agree with check, and assertCan throws the domain error the API answers with', () => {
    const citizen = ACTORS[2][1];
    expect(can(citizen, 'read', { kind: 'case', ...CASE_A })).toBe(false);
    let thrown: unknown;
    try {
      assertCan(citizen, 'read', { kind: 'case', ...CASE_A });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ status: 404, code: 'BOOKING_NOT_FOUND', message: 'No such booking.' });
    expect(() => assertCan(ACTORS[1][1], 'read', { kind: 'case', ...CASE_A })).not.toThrow();
  });

  it('scopes listings: bookings by point or office, sessions by point or own notary', () => {
    const [, , , [, asst], , [, notary], , , [, admin]] = ACTORS;
    expect(listScope(asst!, 'cases')).toEqual({ pointId: 'P1' });
    expect(listScope(notary!, 'cases')).toEqual({ officeId: 'O1' });
    expect(listScope(notary!, 'sessions')).toEqual({ notaryId: 'N1' });
    expect(listScope(admin!, 'sessions')).toEqual({ all: true });
  });
});
