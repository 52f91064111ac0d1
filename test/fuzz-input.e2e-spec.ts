import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, type World } from './support/fixtures.js';
import { allRowCounts } from './support/row-counts.js';

/**
 * Bad input that used to answer 500: each is refused at the global
 * validation layer with a 400 naming the field, and writes nothing.
 */
describe('hostile input is refused before it reaches a service', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const admin = () => ({ Authorization: `Bearer ${w.adminToken}` });

  async function refusedWithoutWrites(
    send: () => Promise<{ status: number; body: { code?: string; message?: string; details?: unknown } }>,
  ) {
    const before = await allRowCounts(t);
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await allRowCounts(t)).toEqual(before);
    return res.body;
  }

  it('refuses a JSON body nested 3,000 levels deep with 400, on any route', async () => {
    const deep = '{"name":'.repeat(3000) + '"x"' + '}'.repeat(3000);
    for (const url of ['/api/regions', '/api/offices', '/api/bookings']) {
      const body = await refusedWithoutWrites(() => t.http().post(url).set(admin()).set('Content-Type', 'application/json').send(deep));
      expect(body.message).toMatch(/nested deeper than 32 levels/);
    }
  });

  it('refuses an array nested 3,000 levels deep in a public route', async () => {
    const deep = '['.repeat(3000) + ']'.repeat(3000);
    await refusedWithoutWrites(() =>
      t.http().post('/api/auth/case-access').set('Content-Type', 'application/json').send(`{"caseNo":${deep},"accessCode":"1"}`),
    );
  });

  it('refuses NUL in a text field, naming the field', async () => {
    const body = await refusedWithoutWrites(() =>
      t.http().post('/api/regions').set(admin()).send({ code: '990000', name: '\u0000', level: 'province' }),
    );
    expect(body.details).toEqual([{ field: 'name', problems: ['must not contain the NUL character (U+0000)'] }]);
  });

  it('refuses an unpaired surrogate in a text field, naming the field', async () => {
    const body = await refusedWithoutWrites(() =>
      t.http().post('/api/regions').set(admin()).send({ code: '990000', name: '\ud800', level: 'province' }),
    );
    expect(body.details).toEqual([{ field: 'name', problems: ['must not contain an unpaired UTF-16 surrogate'] }]);
  });

  it('refuses NUL and lone surrogates inside nested bodies and arrays, naming the path', async () => {
    const body = await refusedWithoutWrites(() =>
      t
        .http()
        .post('/api/regions')
        .set(admin())
        .send([
          { code: '990000', name: '好', level: 'province' },
          { code: '990100', name: 'a\udc00b', level: 'city', parentCode: '990000' },
        ]),
    );
    expect(body.details).toEqual([{ field: '1.name', problems: ['must not contain an unpaired UTF-16 surrogate'] }]);
  });

  it('refuses NUL and lone surrogates in query strings and path parameters', async () => {
    await refusedWithoutWrites(() => t.http().get('/api/bookings?date=%00').set(admin()));
    await refusedWithoutWrites(() => t.http().get('/api/sessions?date=%ED%A0%80').set(admin()));
    const body = await refusedWithoutWrites(() => t.http().get('/api/bookings/%00').set(admin()));
    expect(body.details).toEqual([{ field: 'id', problems: ['must not contain the NUL character (U+0000)'] }]);
  });

  it('still accepts well-formed text: astral characters, 堃, combining marks and RTL', async () => {
    const name = '王堃𠮷 é עברית';
    const res = await t.http().post('/api/regions').set(admin()).send({ code: '990000', name, level: 'province' });
    expect(res.status).toBe(201);
    expect(res.body[0].name).toBe(name);
  });

  it.each([
    ['/api/bookings?date=2026-13-45'],
    ['/api/bookings?date=2026-02-30'],
    ['/api/sessions?date=2026-02-30'],
    ['/api/sessions?date=0000-01-01'],
  ])('refuses the impossible date in %s with 400 naming date', async (url) => {
    const body = await refusedWithoutWrites(() => t.http().get(url).set(admin()));
    expect(body.details).toEqual([{ field: 'date', problems: [expect.stringMatching(/^date must be a real calendar date/)] }]);
  });

  it('refuses a slot query for 9999-12-31 on the public route', async () => {
    const body = await refusedWithoutWrites(() => t.http().get(`/api/points/${w.pointId}/slots?date=9999-12-31&matter=declaration`));
    expect(body.details).toEqual([{ field: 'date', problems: [expect.stringMatching(/^date must be a real calendar date/)] }]);
  });

  it('still answers a real date: 2028-02-29 for bookings, sessions and slots', async () => {
    await t.http().get('/api/bookings?date=2028-02-29').set(admin()).expect(200);
    await t.http().get('/api/sessions?date=2028-02-29').set(admin()).expect(200);
    await t.http().get(`/api/points/${w.pointId}/slots?date=2028-02-29&matter=declaration`).expect(200);
  });

  it.each([['1e308'], ['9007199254740993'], ['-1e400']])('refuses /api/audit?after=%s with 400 naming after', async (after) => {
    const body = await refusedWithoutWrites(() => t.http().get(`/api/audit?after=${after}`).set(admin()));
    expect(JSON.stringify(body.details)).toContain('"field":"after"');
  });

  it('refuses a JSON number beyond the safe integer range in a body', async () => {
    const body = await refusedWithoutWrites(() =>
      t.http().post('/api/regions').set(admin()).set('Content-Type', 'application/json').send('{"code":"990001","name":"x","level":1e308}'),
    );
    expect(body.details).toEqual([{ field: 'level', problems: [expect.stringMatching(/^must be a number between/)] }]);
  });

  // Found by a fuzz: class-transformer read `.constructor` of this body and answered 500.
  const FUZZ_CONSTRUCTOR_BODY =
    '{"password":"NaN","fields":{"weekly":{"applicant":{"matterCode":false}},"constructor":[false,"\u202eevil",[null]]},' +
    '"constructor":{"level":[],"applicant":[0.1,[]],"start":true}}';

  it('refuses the fuzz body with a constructor key on POST /api/regions with 400 and writes nothing', async () => {
    const body = await refusedWithoutWrites(() =>
      t.http().post('/api/regions').set(admin()).set('Content-Type', 'application/json').send(FUZZ_CONSTRUCTOR_BODY),
    );
    expect(JSON.stringify(body.details)).toMatch(/"field":"(fields\.)?constructor"/);
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"admin":true},"code":"990002","name":"x","level":"province"}', '__proto__'],
    [
      'constructor deep inside an array',
      '[{"code":"990002","name":"x","level":"province","a":[{"b":{"constructor":1}}]}]',
      '0.a.0.b.constructor',
    ],
    ['prototype in a nested object', '{"code":"990002","name":"x","level":"province","x":{"prototype":null}}', 'x.prototype'],
  ])('refuses %s with 400 naming the path', async (_label, json, field) => {
    const body = await refusedWithoutWrites(() =>
      t.http().post('/api/regions').set(admin()).set('Content-Type', 'application/json').send(json),
    );
    expect(body.details).toEqual([{ field, problems: [expect.stringMatching(/^is a field name no request may use/)] }]);
  });

  it('refuses a constructor key on a public route and in a query string', async () => {
    await refusedWithoutWrites(() =>
      t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":"x","password":"y","constructor":{}}'),
    );
    await refusedWithoutWrites(() => t.http().get('/api/bookings?constructor=1').set(admin()));
  });
});
