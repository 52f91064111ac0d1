import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import { ShiftedClock } from '../src/common/clock.js';
import { ADMIN, startTestApp, type TestApp } from './support/app.js';
import { adminPost, ALL_WEEK, ID_NUMBERS } from './support/fixtures.js';
import { officeWithTerminal, signedSession, SIGNATURE_PNG as PNG, type OfficeWithTerminal } from './support/journey.js';
import { ResponseContract } from './support/response-contract.js';
import { ERROR_CODES } from '../src/common/error-codes.js';

/**
 * The authorization matrix: every route of the running app × eight actors, the
 * answer each should get written once in TABLE. The routes come from the Express router at runtime,
 * so a new route without a row fails, and so does a row whose route is gone.
 *
 * "ok" means the request got past authorization: any answer but 401, 403, or a 404 whose code is
 * one the access policy uses to hide what the caller may not see. Bodies are valid where the
 * service checks access after validation, so that the check really runs. The world is one case
 * per office, brought all the way to an issued certificate with a recording, so that every route
 * that may act on it meets a final state (409 at worst) instead of changing it; the few routes
 * that would change it anyway (revoke, disable) run last.
 */

const NOW = new Date('2026-11-30T08:00:00+08:00');
const FIELDS = {
  documentTitle: '放弃继承权声明书',
  declarationSummary: '自愿放弃对父亲王某某遗产的继承权',
  signingMethod: '以电子签名方式签名',
};

const ACTORS = [
  'anonymous',
  'citizen of the case',
  'citizen of another case',
  'assistant of the point',
  'assistant of another point',
  'notary of the office',
  'notary of another office',
  'admin',
] as const;
type ActorName = (typeof ACTORS)[number];

/** The 404 codes by which the access policy hides a resource (other 404s are answers past authorization). */
const ACCESS_404 = new Set([
  'BOOKING_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'CERTIFICATE_NOT_FOUND',
  'RECORDING_NOT_FOUND',
  'TERMINAL_NOT_FOUND',
  'NOTARY_NOT_FOUND',
]);

type Answer = 'ok' | 401 | 403 | 404;
const o = 'ok' as const;
const U = 401 as const;
const F = 403 as const;
const N = 404 as const;
const PUBLIC: Answer[] = [o, o, o, o, o, o, o, o];
const SIGNED_IN: Answer[] = [U, o, o, o, o, o, o, o];
const ADMIN_ONLY: Answer[] = [U, F, F, F, F, F, F, o];
/** Who sees the case (and its session and certificate): its citizen, the point's assistants, the office's notaries, admins. */
const CASE_READERS: Answer[] = [U, o, N, o, N, o, N, o];

interface Row {
  answers: Answer[];
  body?: (w: Facts) => object;
  query?: (w: Facts) => Record<string, string>;
  /** Changes the shared world for good: runs after every other row. */
  last?: boolean;
  octets?: boolean;
}

//                                             anon citizen other  asst   other  notary other  admin
//                                                  of case case   point  point  office office
const TABLE: Record<string, Row> = {
  'POST /api/auth/login': { answers: PUBLIC, body: () => ADMIN },
  'GET /api/auth/me': { answers: SIGNED_IN },
  'POST /api/auth/case-access': { answers: PUBLIC, body: (w) => ({ caseNo: w.caseNo, accessCode: w.accessCode }) },
  'GET /.well-known/jwks.json': { answers: PUBLIC },
  'GET /api/users': { answers: ADMIN_ONLY },
  'POST /api/users/:id/password': { answers: ADMIN_ONLY, body: () => ({ password: 'a-new-password-123' }), last: true },
  'POST /api/users/:id/disable': { answers: ADMIN_ONLY, last: true },
  'POST /api/users/:id/enable': { answers: ADMIN_ONLY, last: true },
  'GET /api/matters': { answers: PUBLIC },
  'GET /api/matters/never-remote': { answers: PUBLIC },
  'GET /api/matters/:code': { answers: PUBLIC },
  'PATCH /api/matters/:code': { answers: ADMIN_ONLY, body: () => ({}) },
  'GET /api/notaries/:id/schedule': { answers: [U, F, F, F, F, o, F, o] },
  'PUT /api/notaries/:id/schedule': { answers: [U, F, F, F, F, o, F, o], body: () => ({ weekly: ALL_WEEK, exceptions: [] }) },
  'PUT /api/notaries/:id/duty': { answers: [U, F, F, F, F, o, F, o], body: () => ({ onDuty: true }) },
  'GET /api/points/:id/slots': { answers: PUBLIC, query: () => ({ date: '2026-12-01' }) },
  'GET /api/points/:id/availability': { answers: PUBLIC, query: () => ({ from: '2026-12-01', to: '2026-12-07', matter: 'declaration' }) },
  'POST /api/bookings': { answers: [o, F, F, o, F, F, F, o], body: (w) => w.newBooking },
  'POST /api/bookings/walk-in': { answers: [U, F, F, o, F, F, F, o], body: (w) => w.walkIn },
  'GET /api/bookings': { answers: [U, F, F, o, F, o, F, o], query: (w) => ({ pointId: w.pointId }) },
  'GET /api/bookings/:id': { answers: CASE_READERS },
  'GET /api/bookings/:id/invite.ics': { answers: CASE_READERS },
  'POST /api/bookings/:id/cancel': { answers: CASE_READERS, body: () => ({ reason: '申请人改期' }) },
  'POST /api/bookings/:id/reschedule': { answers: CASE_READERS, body: () => ({ start: '2026-12-03T10:00:00+08:00' }) },
  'POST /api/bookings/:id/no-show': { answers: [U, F, F, o, N, F, F, o] },
  'POST /api/bookings/:id/claim': { answers: [U, F, F, F, F, o, N, F] },
  'GET /api/queue': { answers: [U, F, F, F, F, o, o, F] },
  'POST /api/bookings/:id/check-in': { answers: [U, F, F, o, N, F, F, o], body: () => ({ attestation: 'x'.repeat(40) }) },
  'POST /api/bookings/:id/identity/challenge': { answers: [U, F, F, o, N, F, F, F] },
  'POST /api/bookings/:id/identity': { answers: [U, F, F, o, N, F, F, F], body: () => ({ consent: true }) },
  'GET /api/identity/consent-notice': { answers: [U, F, F, o, o, o, o, o] },
  'GET /api/identity/settings': { answers: [U, F, F, o, o, o, o, o] },
  'GET /api/sessions/:id/identity/images/:which': { answers: [U, F, F, o, N, o, N, F] },
  'POST /api/bookings/:id/check-in-override': { answers: [U, F, F, F, F, o, N, F], body: () => ({ reason: '经视频询问核实本人身份' }) },
  'POST /api/sessions': { answers: [U, F, F, o, N, F, F, F], body: (w) => ({ bookingId: w.bookingId }) },
  'GET /api/sessions': { answers: [U, F, F, o, o, o, o, o] },
  'GET /api/sessions/:id': { answers: CASE_READERS },
  'GET /api/sessions/:id/join': { answers: [U, F, F, o, N, o, N, F] },
  'GET /api/sessions/:id/notice': { answers: CASE_READERS },
  'POST /api/sessions/:id/notice-ack': { answers: [U, F, F, o, N, F, F, F] },
  'GET /api/sessions/:id/record': { answers: CASE_READERS },
  'PUT /api/sessions/:id/record': {
    answers: [U, F, F, F, F, o, N, F],
    body: () => ({ entries: [{ question: '是否真实意愿？', answer: '是。' }] }),
  },
  'POST /api/sessions/:id/signature': { answers: [U, F, F, o, N, F, F, F], body: () => ({ imagePng: PNG, recordSha256: '0'.repeat(64) }) },
  'GET /api/sessions/:id/signature.png': { answers: CASE_READERS },
  'POST /api/sessions/:id/reject': { answers: [U, F, F, F, F, o, N, F], body: () => ({ reason: '申请人不适合' }) },
  'POST /api/sessions/:id/abort': { answers: [U, F, F, o, N, o, N, F], body: () => ({ reason: '网络中断' }) },
  'POST /api/sessions/:id/recordings': { answers: [U, F, F, o, N, o, N, F], query: () => ({ seq: '1' }), octets: true },
  'GET /api/sessions/:id/recordings': { answers: CASE_READERS },
  'POST /api/sessions/:id/recordings/finish': { answers: [U, F, F, o, N, o, N, F], body: () => ({ chunkCount: 1, durationMs: 1000 }) },
  'POST /api/sessions/:id/recording-override': { answers: [U, F, F, F, F, o, N, F], body: () => ({ reason: '录像设备故障，经审查同意' }) },
  // Playback: the case's notary, the point's assistants, admins; the citizen does not learn it exists.
  'GET /api/sessions/:id/recording': { answers: [U, N, N, o, N, o, N, o] },
  // Its signed URL: to the same people (the link itself is checked in recording-s3.e2e-spec.ts).
  'GET /api/sessions/:id/recording/url': { answers: [U, N, N, o, N, o, N, o] },
  'PUT /api/sessions/:id/matter-fields': { answers: [U, F, F, F, F, o, N, F], body: () => ({ fields: FIELDS }) },
  'POST /api/sessions/:id/approve': { answers: [U, F, F, F, F, o, N, F], body: () => ({}) },
  // The draft prints the full ID number: the case's notary only (the session is approved here, so a 409 past authorization).
  'GET /api/sessions/:id/certificate/draft': { answers: [U, F, F, F, F, o, N, F] },
  'GET /api/certificates/:id': { answers: CASE_READERS },
  'GET /api/certificates/:id/log-proof': { answers: CASE_READERS },
  'GET /api/certificates/:id/pdf': { answers: CASE_READERS },
  // Corrections are staff administration; this certificate's PDF is stored, so the admin meets 409, past authorization.
  'POST /api/certificates/:id/corrections': {
    answers: ADMIN_ONLY,
    body: () => ({ field: 'terminalLabel', value: '1号终端', reason: '按登记信息更正终端名称' }),
  },
  'POST /api/certificates/:id/revoke': { answers: [U, F, F, F, F, o, N, o], body: () => ({ reason: '误发' }), last: true },
  'POST /api/verify': { answers: PUBLIC, body: () => ({}) },
  'GET /verify/:id': { answers: PUBLIC },
  'GET /verify-assets/verify.js': { answers: PUBLIC },
  'POST /api/regions': { answers: ADMIN_ONLY, body: () => ({}) },
  'GET /api/regions': { answers: PUBLIC },
  'GET /api/coverage': { answers: PUBLIC },
  // Figures: staff of the office or point asked for; the other office's notary is refused it.
  'GET /api/stats/cases': {
    answers: [U, F, F, o, o, o, F, o],
    query: (w) => ({ from: '2026-11-01', to: '2026-11-30', groupBy: 'point', office: w.officeId }),
  },
  'GET /api/stats/handling': {
    answers: [U, F, F, o, o, o, F, o],
    query: (w) => ({ from: '2026-11-01', to: '2026-11-30', office: w.officeId }),
  },
  'GET /api/stats/cases.csv': {
    answers: [U, F, F, o, o, o, F, o],
    query: (w) => ({ from: '2026-11-01', to: '2026-11-30', groupBy: 'day', office: w.officeId }),
  },
  'POST /api/offices': { answers: ADMIN_ONLY, body: () => ({}) },
  'GET /api/offices': { answers: PUBLIC },
  'GET /api/offices/:id': { answers: PUBLIC },
  'PATCH /api/offices/:id': { answers: ADMIN_ONLY, body: () => ({}) },
  'PATCH /api/notaries/:id': { answers: ADMIN_ONLY, body: () => ({}) },
  'GET /api/demo-accounts': { answers: ADMIN_ONLY },
  'POST /api/demo-accounts/disable': { answers: ADMIN_ONLY, last: true },
  'POST /api/offices/:id/notaries': { answers: ADMIN_ONLY, body: () => ({}) },
  'GET /api/offices/:id/notaries': { answers: [U, F, F, o, F, o, F, o] },
  'POST /api/points': { answers: ADMIN_ONLY, body: () => ({}) },
  'PATCH /api/points/:id': { answers: ADMIN_ONLY, body: () => ({ phone: 12 }) },
  'GET /api/points': { answers: PUBLIC },
  'GET /api/points/:id': { answers: PUBLIC },
  'POST /api/points/:id/assistants': { answers: ADMIN_ONLY, body: () => ({}) },
  'GET /api/points/:id/assistants': { answers: [U, F, F, o, F, F, F, o] },
  'POST /api/points/:id/terminals': { answers: [U, F, F, o, F, F, F, o], body: () => ({ label: '新终端', publicKeyJwk: { kty: 'none' } }) },
  'GET /api/points/:id/terminals': { answers: [U, F, F, o, F, F, F, o] },
  'POST /api/terminals/:id/approve': { answers: ADMIN_ONLY },
  'POST /api/terminals/:id/disable': { answers: [U, F, F, o, N, F, F, o], last: true },
  'GET /api/audit': { answers: ADMIN_ONLY },
  'GET /api/audit/verify': { answers: ADMIN_ONLY },
  'GET /log/checkpoint': { answers: PUBLIC },
  'GET /log/verifier-key': { answers: PUBLIC },
  'GET /log/witnesses': { answers: PUBLIC },
  'GET /log/tile/{*path}': { answers: PUBLIC },
  'GET /api/log/proof/inclusion': { answers: PUBLIC },
  'GET /api/log/proof/consistency': { answers: PUBLIC },
  // The OpenAPI document and its Swagger UI.
  'GET /api/docs': { answers: PUBLIC },
  'GET /api/docs/': { answers: PUBLIC },
  'GET /api/docs-json': { answers: PUBLIC },
  'GET /api/docs-yaml': { answers: PUBLIC },
  'GET /api/docs/LICENSE': { answers: PUBLIC },
  'GET /api/docs/docs/swagger-ui-init.js': { answers: PUBLIC },
  'GET /api/docs/index.html': { answers: PUBLIC },
  'GET /api/docs/swagger-ui-init.js': { answers: PUBLIC },
  'GET /health': { answers: PUBLIC },
};

/** What the rows' paths, bodies and actors refer to. */
interface Facts {
  bookingId: string;
  caseNo: string;
  accessCode: string;
  sessionId: string;
  certificateId: string;
  pointId: string;
  officeId: string;
  notaryId: string;
  terminalId: string;
  spareUserId: string;
  newBooking: object;
  walkIn: object;
  tokens: Record<ActorName, string | undefined>;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The routes the running app serves, as "METHOD /path" with Express's parameter syntax. */
function routesOf(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as Express;
  // Express 5 keeps its router at `router` (Express 4 had `_router`).
  const router = (express as unknown as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } }).router;
  const stack = (router ?? (express as unknown as { _router: { stack: Layer[] } })._router).stack;
  return [
    ...new Set(
      stack.flatMap((l) => {
        const methods = Object.keys(l.route?.methods ?? {});
        // A layer for every method is a fallback (`app.all`: the 404s, the 405s), not a route.
        if (!l.route || methods.includes('_all') || methods.length > 5) return [];
        return methods.filter((m) => m !== 'head' && m !== 'options').map((m) => `${m.toUpperCase()} ${l.route!.path}`);
      }),
    ),
  ].sort();
}

function errorCodeIn(text: string | undefined): string | undefined {
  try {
    return (JSON.parse(text ?? '') as { code?: string }).code;
  } catch {
    return undefined;
  }
}

describe('authorization matrix: every route × every actor', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let routes: string[] = [];
  let w: Facts;
  const figures: string[] = [];
  let checked = 0;
  let contract: ResponseContract;
  /** Answers past authorization whose JSON differs from the route's OpenAPI response schema. */
  const contractWrong: string[] = [];
  let contractChecked = 0;
  let ip = 0;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  const office = () => officeWithTerminal(t, '模拟终端');

  /** A case brought through the whole journey to an issued certificate, its recording finished. */
  async function certifiedCase(o: OfficeWithTerminal, i: number) {
    const notary = bearer(o.world.notaries[0].token);
    const { booking, sessionId } = await signedSession(t, o, {
      start: new Date(NOW.getTime() + (2 * 60 + 30 * i) * 60_000),
      now: clock.now(),
      idNumber: ID_NUMBERS[i],
    });
    await t.http().put(`/api/sessions/${sessionId}/matter-fields`).set(notary).send({ fields: FIELDS }).expect(200);
    const cert = (await t.http().post(`/api/sessions/${sessionId}/approve`).set(notary).send({}).expect(201)).body as {
      certificateId: string;
    };
    const citizen = (
      await t
        .http()
        .post('/api/auth/case-access')
        .set('X-Forwarded-For', `10.9.0.${i + 1}`)
        .send({ caseNo: booking.caseNo, accessCode: booking.accessCode })
        .expect(200)
    ).body.accessToken as string;
    return { booking, sessionId, certificateId: cert.certificateId, citizen };
  }

  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400', PUBLIC_BOOKINGS_PER_HOUR: '100000' }, { clock });
    routes = routesOf(t);
    contract = new ResponseContract((await t.http().get('/api/docs-json').expect(200)).body);
    const one = await office();
    const two = await office();
    const a = await certifiedCase(one, 0);
    const b = await certifiedCase(two, 1);
    const spare = await adminPost(t, one.world.adminToken, `/api/points/${one.world.pointId}/assistants`, {
      username: 'spare-assistant',
      password: 'spare-password-1',
      displayName: '备用辅助员',
    });
    const applicant = { name: '李昇', idNumber: ID_NUMBERS[2], phone: '13912345678' };
    w = {
      bookingId: a.booking.id,
      caseNo: a.booking.caseNo,
      accessCode: a.booking.accessCode,
      sessionId: a.sessionId,
      certificateId: a.certificateId,
      pointId: one.world.pointId,
      officeId: one.world.officeId,
      notaryId: one.world.notaries[0].id,
      terminalId: one.world.terminals[0].id,
      spareUserId: spare.id,
      newBooking: { pointId: one.world.pointId, matterCode: 'declaration', start: '2026-12-01T15:00:00+08:00', applicant },
      walkIn: { pointId: one.world.pointId, matterCode: 'declaration', applicant },
      tokens: {
        anonymous: undefined,
        'citizen of the case': a.citizen,
        'citizen of another case': b.citizen,
        'assistant of the point': one.world.assistant.token,
        'assistant of another point': two.world.assistant.token,
        'notary of the office': one.world.notaries[0].token,
        'notary of another office': two.world.notaries[0].token,
        admin: one.world.adminToken,
      },
    };
  });

  afterAll(async () => {
    console.log(
      `Authorization matrix: ${figures.length} routes × ${ACTORS.length} actors, ${checked} requests checked\n${figures.join('\n')}`,
    );
    await t?.close();
  });

  it('has exactly one row per route the app serves', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => !(r in TABLE))).toEqual([]); // a route without a row
    expect(Object.keys(TABLE).filter((r) => !routes.includes(r))).toEqual([]); // a row for a route that is gone
  });

  it('answers every actor on every route as the table says', async () => {
    const pathOf = (route: string) =>
      route
        .split(' ')[1]
        .replace(/(\{\*path\}|\*path)$/, '0/000')
        .replace(/\/(\w[\w-]*)\/:(\w+)/g, (_, seg: string) => {
          const id: Record<string, string> = {
            bookings: w.bookingId,
            sessions: w.sessionId,
            certificates: w.certificateId,
            verify: w.certificateId,
            points: w.pointId,
            offices: w.officeId,
            notaries: w.notaryId,
            terminals: w.terminalId,
            users: w.spareUserId,
            matters: 'declaration',
            images: 'id-photo',
          };
          if (!(seg in id)) throw new Error(`no id for /${seg}/:param in ${route}`);
          return `/${seg}/${id[seg]}`;
        });
    const ordered = [...routes.filter((r) => !TABLE[r]?.last), ...routes.filter((r) => TABLE[r]?.last)];
    const wrong: string[] = [];
    for (const route of ordered.filter((r) => r in TABLE)) {
      const row = TABLE[route];
      expect(row.answers).toHaveLength(ACTORS.length);
      const [method, url] = [route.split(' ')[0].toLowerCase() as 'get', pathOf(route)];
      const got: string[] = [];
      for (const [i, actor] of ACTORS.entries()) {
        const http = t.http();
        // Each request from an address of its own, so that no throttle counts across rows.
        let req = http[method](url).set('X-Forwarded-For', `10.8.${Math.floor(++ip / 250)}.${ip % 250}`);
        const token = w.tokens[actor];
        if (token) req = req.set(bearer(token));
        if (row.query) req = req.query(row.query(w));
        if (row.octets) req = req.set('Content-Type', 'application/octet-stream').send(Buffer.from('chunk'));
        else if (row.body) req = req.send(row.body(w));
        const res = await req;
        // An error of a route that answers a file (ICS, PNG) comes back as text or bytes: read its JSON.
        const code = Buffer.isBuffer(res.body)
          ? errorCodeIn(res.body.toString())
          : ((res.body as { code?: string } | undefined)?.code ?? errorCodeIn(res.text));
        const answered: Answer =
          res.status === 401 || res.status === 403 ? res.status : res.status === 404 && code && ACCESS_404.has(code) ? 404 : 'ok';
        checked++;
        got.push(`${answered}`);
        if (answered !== row.answers[i]) wrong.push(`${route} as ${actor}: expected ${row.answers[i]}, got ${res.status} ${code ?? ''}`);
        if (res.status >= 200 && res.status < 300 && /^application\/json/.test(String(res.headers['content-type']))) {
          const misfits = contract.check(route, res.status, res.body);
          if (misfits) contractChecked++;
          for (const m of misfits ?? []) contractWrong.push(`${route} ${res.status}: ${m}`);
        }
        // Every error answers with a code of the one list (ErrorResponse.code's enum).
        if (res.status >= 400 && !(ERROR_CODES as readonly string[]).includes(code ?? ''))
          contractWrong.push(`${route} ${res.status}: code ${code}`);
      }
      figures.push(`${route.padEnd(46)} ${ACTORS.length} actors  ${got.join(' ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every JSON answer past authorization is what the OpenAPI document says it is', () => {
    // Filled by the walk above: no field the response DTO lacks, none it requires missing, no wrong
    // type; and no error code outside the published list.
    expect(contractChecked).toBeGreaterThan(100);
    expect([...new Set(contractWrong)]).toEqual([]);
  });
});
