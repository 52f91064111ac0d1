import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ShiftedClock } from '../src/common/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, ID_NUMBERS, type World } from './support/fixtures.js';
import { allRowCounts } from './support/row-counts.js';

/**
 * Property: for every route of the OpenAPI document and every role, no generated request (hostile
 * path parameters, queries and bodies) answers 5xx, and a refused one (4xx) writes no row in any
 * table and no audit entry. FUZZ_RUNS (per route, default 60, about 4,000 requests) raises the count for the figures in
 * the closing note; FUZZ_SEED replays a run. The per-route counts are printed at the end.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const NOW = new Date('2026-11-30T08:00:00+08:00');

/** Percent-encodes like encodeURIComponent, but writes an unpaired surrogate as its WTF-8 bytes instead of throwing. */
function encode(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff)
      out +=
        `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(ch);
  }
  return out;
}

const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  'e\u0301\u0301\u0301',
  '堃',
  '王堃𠮷',
  'مرحبا بالعالم',
  '\u202eevil\u202c',
  '\ufeff',
  '9999-12-31',
  '2026-02-30',
  '2026-13-45',
  '0000-00-00',
  '2026-12-01T09:00:00+08:00',
  '2026-12-01T25:61:00+08:00',
  '1e308',
  '-1',
  'NaN',
  'Infinity',
  '0x10',
  'null',
  'true',
  '[]',
  '{}',
  '../../etc/passwd',
  "' OR 1=1 --",
  '%00',
  '<script>',
  '00000000-0000-0000-0000-000000000000',
  '321181199003070013',
  'declaration',
  'x'.repeat(5000),
  '堃'.repeat(3000),
  // Keys class-transformer and object spreads treat specially; refused at any depth with 400.
  'constructor',
  '__proto__',
  'prototype',
];

/** A body a fuzz once turned into a 500 in class-transformer (a `constructor` key at two depths). */
const CONSTRUCTOR_BODY = JSON.parse(
  '{"password":"NaN","fields":{"weekly":{"applicant":{"matterCode":false}},"constructor":[false,"\\u202eevil",[null]]},' +
    '"constructor":{"level":[],"applicant":[0.1,[]],"start":true}}',
) as unknown;

const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.string({ unit: anyCodeUnit, maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const limitNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, -1, 2 ** 31, 2 ** 53 - 1, 2 ** 53 + 1, -(2 ** 63), 1e308, 5e-324, 0.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const deep = (levels: number) => JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels)) as unknown;
const { value: jsonValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    limitNumber,
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(deep(40), deep(3000), CONSTRUCTOR_BODY),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
}));

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  bodyFields: string[];
}

type Doc = {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
};
type Schema = { $ref?: string; properties?: Record<string, unknown>; items?: Schema; oneOf?: Schema[] };

function bodyFieldsOf(doc: Doc, schema: Schema | undefined, seen = 0): string[] {
  if (!schema || seen > 3) return [];
  if (schema.$ref) return bodyFieldsOf(doc, doc.components?.schemas?.[schema.$ref.split('/').pop()!], seen + 1);
  if (schema.items) return bodyFieldsOf(doc, schema.items, seen + 1);
  if (schema.oneOf) return schema.oneOf.flatMap((s) => bodyFieldsOf(doc, s, seen + 1));
  return Object.keys(schema.properties ?? {});
}

describe('fuzzing every route of the OpenAPI document', () => {
  let t: TestApp;
  let w: World;
  let ops: Operation[] = [];
  const roles: Record<string, string | undefined> = {};
  const ids: string[] = [];
  const figures = new Map<
    string,
    { tried: number; byStatus: Record<string, number>; byRole: Record<string, number>; fivexx: number; refusedWrites: number }
  >();

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400', PUBLIC_BOOKINGS_PER_HOUR: '100000' }, { clock: new ShiftedClock(NOW) });
    w = await buildWorld(t, { notaries: 1 });
    const booked = await t
      .http()
      .post('/api/bookings')
      .set('X-Forwarded-For', '10.7.0.1')
      .send({
        pointId: w.pointId,
        matterCode: 'declaration',
        start: '2026-12-01T09:00:00+08:00',
        applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
      })
      .expect(201);
    const access = await t
      .http()
      .post('/api/auth/case-access')
      .set('X-Forwarded-For', '10.7.0.1')
      .send({ caseNo: booked.body.caseNo, accessCode: booked.body.accessCode })
      .expect(200);
    // A second office with its point, notary and assistant, and a case there: the roles "of
    // another" case, point and office, tried on the first world's ids.
    const other = await buildWorld(t, { notaries: 1 });
    const otherBooked = await t
      .http()
      .post('/api/bookings')
      .set('X-Forwarded-For', '10.7.0.2')
      .send({
        pointId: other.pointId,
        matterCode: 'declaration',
        start: '2026-12-01T10:00:00+08:00',
        applicant: { name: '李雷', idNumber: ID_NUMBERS[1], phone: '13912345679' },
      })
      .expect(201);
    const otherAccess = await t
      .http()
      .post('/api/auth/case-access')
      .set('X-Forwarded-For', '10.7.0.2')
      .send({ caseNo: otherBooked.body.caseNo, accessCode: otherBooked.body.accessCode })
      .expect(200);
    Object.assign(roles, {
      anonymous: undefined,
      citizen: access.body.accessToken,
      'citizen of another case': otherAccess.body.accessToken,
      assistant: w.assistant.token,
      'assistant of another point': other.assistant.token,
      notary: w.notaries[0].token,
      'notary of another office': other.notaries[0].token,
      admin: w.adminToken,
    });
    ids.push(w.pointId, w.officeId, w.notaries[0].id, w.assistant.id, w.terminals[0].id, booked.body.id);
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as Doc;
    ops = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m,
          path: p,
          pathParams: (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name),
          query: (op.parameters ?? []).filter((x) => x.in === 'query').map((x) => x.name),
          bodyFields: bodyFieldsOf(doc, op.requestBody?.content?.['application/json']?.schema),
        })),
    );
  });

  afterAll(async () => {
    const rows = [...figures.entries()].map(
      ([route, f]) =>
        `${route.padEnd(52)} ${String(f.tried).padStart(6)} tried  5xx ${f.fivexx}  refused-with-writes ${f.refusedWrites}  ${JSON.stringify(f.byStatus)}  by role ${JSON.stringify(f.byRole)}`,
    );
    const total = [...figures.values()].reduce(
      (a, f) => ({ tried: a.tried + f.tried, fivexx: a.fivexx + f.fivexx, w: a.w + f.refusedWrites }),
      { tried: 0, fivexx: 0, w: 0 },
    );
    console.log(
      `HTTP fuzz (seed ${SEED}, ${RUNS} runs per route):\n${rows.join('\n')}\nTOTAL ${figures.size} routes, ${total.tried} requests, 5xx ${total.fivexx}, refused requests that wrote ${total.w}`,
    );
    await t?.close();
  });

  it('finds routes to fuzz in the document', () => {
    expect(ops.length).toBeGreaterThan(50);
  });

  it('no generated request answers 5xx, and no refused one writes a row or an audit entry', async () => {
    for (const op of ops) {
      const route = `${op.method.toUpperCase()} ${op.path}`;
      const f = { tried: 0, byStatus: {} as Record<string, number>, byRole: {} as Record<string, number>, fivexx: 0, refusedWrites: 0 };
      figures.set(route, f);
      const param = fc.oneof(hostileString, fc.constantFrom(...ids), fc.uuid());
      const request = fc.record({
        role: fc.constantFrom(...Object.keys(roles)),
        params: fc.tuple(...op.pathParams.map(() => param)),
        query: fc.dictionary(
          fc.oneof(fc.constantFrom(...op.query, 'extra'), hostileString),
          fc.oneof(hostileString, limitNumber.map(String)),
          { maxKeys: 3 },
        ),
        body: fc.oneof(
          fc.dictionary(fc.oneof(fc.constantFrom(...op.bodyFields, 'extra'), hostileString), jsonValue, { maxKeys: 5 }),
          jsonValue,
        ),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let url = op.path;
          op.pathParams.forEach((name, i) => (url = url.replace(`{${name}}`, encode(r.params[i]) || '%20')));
          const qs = Object.entries(r.query)
            .map(([k, v]) => `${encode(k)}=${encode(v)}`)
            .join('&');
          if (qs) url += `?${qs}`;
          const before = await allRowCounts(t);
          let req = t.http()[op.method as 'get'](url).set('X-Forwarded-For', '10.8.0.1');
          if (roles[r.role]) req = req.set('Authorization', `Bearer ${roles[r.role]}`);
          const res =
            op.method === 'get' || op.method === 'delete'
              ? await req
              : await req.set('Content-Type', 'application/json').send(JSON.stringify(r.body));
          f.tried++;
          f.byStatus[res.status] = (f.byStatus[res.status] ?? 0) + 1;
          f.byRole[r.role] = (f.byRole[r.role] ?? 0) + 1;
          if (res.status >= 500) f.fivexx++;
          if (res.status >= 500)
            throw new Error(`${route} as ${r.role}: ${res.status} for ${url.slice(0, 200)} ${JSON.stringify(r.body).slice(0, 200)}`);
          if (res.status >= 400) {
            const after = await allRowCounts(t);
            if (JSON.stringify(after) !== JSON.stringify(before)) f.refusedWrites++;
            expect(after).toEqual(before);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
  }, 3_600_000);
});
