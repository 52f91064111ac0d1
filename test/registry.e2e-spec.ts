import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair } from 'jose';
import { startTestApp, type TestApp } from './support/app.js';
import { adminPost, buildWorld, WEEKDAY_HOURS, writeCounters, type World } from './support/fixtures.js';

describe('registry', () => {
  let t: TestApp;
  let w: World;
  let other: World;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildWorld(t, { notaries: 2, townships: 4 });
    other = await buildWorld(t);
  });
  afterAll(() => t.close());

  /** Runs a request that must be refused, and checks that nothing at all was written. */
  async function refused(send: () => Promise<{ status: number; body: { code: string } }>, status: number, code: string) {
    const before = await writeCounters(t);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await writeCounters(t)).toEqual(before);
    return res;
  }

  describe('regions', () => {
    it('creates a whole branch in one request and lists children publicly', async () => {
      const created = await adminPost(t, w.adminToken, '/api/regions', [
        { code: '990100', name: '分支市', level: 'city', parentCode: '990000' },
        { code: '990000', name: '分支省', level: 'province' },
      ]);
      expect(created.map((r: { code: string }) => r.code)).toEqual(['990000', '990100']);
      const res = await t.http().get('/api/regions?parent=990000').expect(200);
      expect(res.body).toEqual([{ code: '990100', name: '分支市', level: 'city', parentCode: '990000', illustrative: false }]);
      expect((await t.http().get('/api/regions').expect(200)).body.map((r: { code: string }) => r.code)).toContain('990000');
    });

    it('takes a single object too', async () => {
      const created = await adminPost(t, w.adminToken, '/api/regions', {
        code: '990181',
        name: '单个县',
        level: 'county',
        parentCode: '990100',
      });
      expect(created).toHaveLength(1);
    });

    it('refuses an unknown parent, a wrong level order, a malformed code and a duplicate, writing nothing', async () => {
      const post = (body: object) => () => t.http().post('/api/regions').set(auth(w.adminToken)).send(body);
      await refused(post({ code: '980100', name: 'x', level: 'city', parentCode: '980000' }), 400, 'UNKNOWN_REGION');
      await refused(post({ code: `${w.county}201`, name: 'x', level: 'township', parentCode: w.city }), 400, 'REGION_LEVEL_ORDER');
      await refused(post({ code: '990199', name: 'x', level: 'city', parentCode: '990000' }), 400, 'INVALID_REGION_CODE');
      await refused(post({ code: w.county, name: 'again', level: 'county', parentCode: w.city }), 409, 'REGION_EXISTS');
      // One bad item in a list leaves the good ones unwritten too.
      await refused(
        post([
          { code: '990182', name: '好的', level: 'county', parentCode: '990100' },
          { code: '990183', name: '坏的', level: 'county', parentCode: '990000' },
        ] as unknown as object),
        400,
        'REGION_LEVEL_ORDER',
      );
      const bad = await refused(
        post([{ code: '990184', name: 'x', level: 'village', parentCode: '990100' }] as unknown as object),
        400,
        'VALIDATION_FAILED',
      );
      expect(JSON.stringify(bad.body)).toContain('[0].level');
    });

    it('is admin-only for writes', async () => {
      await t.http().post('/api/regions').send({ code: '970000', name: 'x', level: 'province' }).expect(401);
      const res = await t
        .http()
        .post('/api/regions')
        .set(auth(w.notaries[0].token))
        .send({ code: '970000', name: 'x', level: 'province' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN_ROLE');
    });
  });

  describe('offices and notaries', () => {
    it('creates an office (201 with id) and shows it publicly', async () => {
      const res = await t
        .http()
        .post('/api/offices')
        .set(auth(w.adminToken))
        .send({ name: '分支市公证处', regionCode: '990100', certificatePrefix: '苏分市', address: '分支路1号', phone: '0511-86000001' })
        .expect(201);
      expect(res.body).toMatchObject({ id: expect.any(String), certificatePrefix: '苏分市', regionName: '分支市' });
      expect((await t.http().get(`/api/offices/${res.body.id}`).expect(200)).body.name).toBe('分支市公证处');
      expect((await t.http().get('/api/offices').expect(200)).body.map((o: { id: string }) => o.id)).toContain(res.body.id);
      await t.http().get('/api/offices/00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('refuses an unknown region, an office outside a city or county, a bad or taken prefix', async () => {
      const post = (body: object) => () => t.http().post('/api/offices').set(auth(w.adminToken)).send(body);
      const base = { name: '新公证处', regionCode: w.county, certificatePrefix: '苏新新', address: '新路1号', phone: '0511-86000002' };
      await refused(post({ ...base, regionCode: '000000' }), 400, 'UNKNOWN_REGION');
      await refused(post({ ...base, regionCode: w.townships[1] }), 400, 'OFFICE_REGION_LEVEL');
      await refused(post({ ...base, regionCode: w.province }), 400, 'OFFICE_REGION_LEVEL');
      await refused(post({ ...base, certificatePrefix: 'SZD' }), 400, 'VALIDATION_FAILED');
      await refused(post({ ...base, phone: '12345' }), 400, 'VALIDATION_FAILED');
      const [{ certificate_prefix: taken }] = await t.db.query(`SELECT certificate_prefix FROM offices WHERE id = $1`, [w.officeId]);
      await refused(post({ ...base, certificatePrefix: taken }), 409, 'CERTIFICATE_PREFIX_TAKEN');
    });

    it('creates notaries bound to the office who can log in', async () => {
      const me = await t.http().get('/api/auth/me').set(auth(w.notaries[0].token)).expect(200);
      expect(me.body).toMatchObject({ role: 'notary', officeId: w.officeId, pointId: null });
    });

    it('refuses a duplicate username, writing nothing', async () => {
      await refused(
        () =>
          t.http().post(`/api/offices/${w.officeId}/notaries`).set(auth(w.adminToken)).send({
            username: w.notaries[0].username.toUpperCase(),
            password: 'long-enough-password',
            displayName: '重名',
            licenseNo: 'LIC-UNIQUE-1',
          }),
        409,
        'USERNAME_TAKEN',
      );
    });

    it('lists notaries to the office staff, usernames to admins only, and refuses other offices', async () => {
      const asAdmin = (await t.http().get(`/api/offices/${w.officeId}/notaries`).set(auth(w.adminToken)).expect(200)).body;
      expect(asAdmin).toHaveLength(2);
      expect(asAdmin[0].username).toBeDefined();
      const asNotary = (await t.http().get(`/api/offices/${w.officeId}/notaries`).set(auth(w.notaries[1].token)).expect(200)).body;
      expect(asNotary[0]).not.toHaveProperty('username');
      expect(asNotary[0]).toHaveProperty('licenseNo');
      await t.http().get(`/api/offices/${w.officeId}/notaries`).set(auth(w.assistant.token)).expect(200);
      const res = await t.http().get(`/api/offices/${w.officeId}/notaries`).set(auth(other.notaries[0].token)).expect(403);
      expect(res.body.code).toBe('OUT_OF_SCOPE');
      await t.http().get(`/api/offices/${w.officeId}/notaries`).expect(401);
    });
  });

  describe('points', () => {
    const point = (over: object = {}) => ({
      name: '新服务点',
      regionCode: w.townships[2],
      officeId: w.officeId,
      address: '镇政府',
      phone: '0511-86222222',
      openingHours: WEEKDAY_HOURS,
      ...over,
    });

    it('lists points publicly by region and office, without anything personal', async () => {
      const byCounty = (await t.http().get(`/api/points?region=${w.county}`).expect(200)).body;
      expect(byCounty).toHaveLength(1);
      expect(byCounty[0]).toMatchObject({
        id: w.pointId,
        status: 'active',
        township: { code: w.townships[0] },
        office: { id: w.officeId },
      });
      expect(byCounty[0].openingHours.mon).toEqual([
        ['08:30', '12:00'],
        ['13:30', '17:30'],
      ]);
      expect(JSON.stringify(byCounty)).not.toMatch(/username|assistant|password/);
      expect((await t.http().get(`/api/points?region=${w.province}`).expect(200)).body).toHaveLength(1);
      expect((await t.http().get(`/api/points?office=${other.officeId}`).expect(200)).body.map((p: { id: string }) => p.id)).toEqual([
        other.pointId,
      ]);
      expect((await t.http().get(`/api/points/${w.pointId}`).expect(200)).body.name).toBe(byCounty[0].name);
    });

    it.each([
      [
        'overlapping ranges',
        {
          mon: [
            ['08:00', '12:00'],
            ['11:30', '13:00'],
          ],
        },
      ],
      ['25:00', { tue: [['08:00', '25:00']] }],
      ['end before start', { wed: [['17:00', '08:00']] }],
      ['an unknown day', { someday: [['08:00', '12:00']] }],
    ])('refuses opening hours with %s, writing nothing', async (_what, openingHours) => {
      const res = await refused(
        () => t.http().post('/api/points').set(auth(w.adminToken)).send(point({ openingHours })),
        400,
        'INVALID_OPENING_HOURS',
      );
      expect(res.body).toHaveProperty('details');
    });

    it('refuses a malformed exception date', async () => {
      await refused(
        () =>
          t
            .http()
            .post('/api/points')
            .set(auth(w.adminToken))
            .send(point({ exceptions: [{ date: '2026-13-01', ranges: [] }] })),
        400,
        'INVALID_OPENING_HOURS',
      );
    });

    it('refuses a point outside a township, in an unknown region, or served by an office of another city', async () => {
      const post = (over: object) => () => t.http().post('/api/points').set(auth(w.adminToken)).send(point(over));
      await refused(post({ regionCode: w.county }), 400, 'REGION_NOT_TOWNSHIP');
      await refused(post({ regionCode: '111111111' }), 400, 'UNKNOWN_REGION');
      await refused(post({ officeId: other.officeId }), 400, 'OFFICE_OUTSIDE_CITY');
      await refused(post({ officeId: '00000000-0000-4000-8000-000000000000' }), 400, 'UNKNOWN_OFFICE');
    });

    it('creates a point (201 with id), suspends and reactivates it, auditing each change', async () => {
      const created = await adminPost(t, w.adminToken, '/api/points', point({ exceptions: [{ date: '2026-10-01', ranges: [] }] }));
      expect(created).toMatchObject({ id: expect.any(String), status: 'active', exceptions: [{ date: '2026-10-01', ranges: [] }] });
      const suspended = await t.http().patch(`/api/points/${created.id}`).set(auth(w.adminToken)).send({ status: 'suspended' }).expect(200);
      expect(suspended.body.status).toBe('suspended');
      await t
        .http()
        .patch(`/api/points/${created.id}`)
        .set(auth(w.adminToken))
        .send({ status: 'active', phone: '0511-86333333' })
        .expect(200);
      await t.http().patch(`/api/points/${created.id}`).set(auth(w.assistant.token)).send({ status: 'suspended' }).expect(403);
      await t.http().patch(`/api/points/${created.id}`).set(auth(w.adminToken)).send({ status: 'closed' }).expect(400);
      const actions = (await t.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [created.id])).map(
        (r: { action: string }) => r.action,
      );
      expect(actions).toEqual(['registry.point.created', 'registry.point.suspended', 'registry.point.activated']);
    });

    it('creates assistants bound to the point', async () => {
      const me = await t.http().get('/api/auth/me').set(auth(w.assistant.token)).expect(200);
      expect(me.body).toMatchObject({ role: 'assistant', pointId: w.pointId });
      const list = (await t.http().get(`/api/points/${w.pointId}/assistants`).set(auth(w.assistant.token)).expect(200)).body;
      expect(list.map((a: { id: string }) => a.id)).toEqual([w.assistant.id]);
      await t.http().get(`/api/points/${w.pointId}/assistants`).set(auth(other.assistant.token)).expect(403);
    });
  });

  describe('terminals', () => {
    const jwkOf = async (alg: 'EdDSA' | 'ES256' | 'RS256') => exportJWK((await generateKeyPair(alg, { extractable: true })).publicKey);

    it('registers Ed25519 and P-256 keys for the assistant’s own point, returning id and thumbprint kid', async () => {
      for (const alg of ['EdDSA', 'ES256'] as const) {
        const res = await t
          .http()
          .post(`/api/points/${w.pointId}/terminals`)
          .set(auth(w.assistant.token))
          .send({ label: `终端 ${alg}`, publicKeyJwk: await jwkOf(alg) })
          .expect(201);
        expect(res.body).toMatchObject({ id: expect.any(String), kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), alg });
      }
      const list = (await t.http().get(`/api/points/${w.pointId}/terminals`).set(auth(w.assistant.token)).expect(200)).body;
      expect(list).toHaveLength(3); // the fixture's own terminal and these two
      expect(list.every((x: { publicJwk: object }) => !('d' in x.publicJwk))).toBe(true);
    });

    it('refuses RSA, private, malformed and already-registered keys, writing nothing', async () => {
      const post = (publicKeyJwk: object) => () =>
        t.http().post(`/api/points/${w.pointId}/terminals`).set(auth(w.adminToken)).send({ label: 'x', publicKeyJwk });
      await refused(post(await jwkOf('RS256')), 400, 'UNSUPPORTED_KEY_TYPE');
      await refused(post({ kty: 'EC', crv: 'P-384', x: 'a', y: 'b' }), 400, 'UNSUPPORTED_KEY_TYPE');
      const pair = await generateKeyPair('EdDSA', { extractable: true });
      await refused(post(await exportJWK(pair.privateKey)), 400, 'PRIVATE_KEY_SUBMITTED');
      await refused(post({ kty: 'OKP', crv: 'Ed25519', x: 'dG9vLXNob3J0' }), 400, 'INVALID_JWK');
      await refused(post({ kty: 'OKP', crv: 'Ed25519' }), 400, 'INVALID_JWK');
      const jwk = await jwkOf('EdDSA');
      await post(jwk)();
      await refused(post(jwk), 409, 'TERMINAL_KEY_EXISTS');
    });

    it('keeps assistants to their own point', async () => {
      await refused(
        async () =>
          t
            .http()
            .post(`/api/points/${w.pointId}/terminals`)
            .set(auth(other.assistant.token))
            .send({ label: 'x', publicKeyJwk: await jwkOf('EdDSA') }),
        403,
        'OUT_OF_SCOPE',
      );
      await t
        .http()
        .post(`/api/points/${w.pointId}/terminals`)
        .set(auth(w.notaries[0].token))
        .send({ label: 'x', publicKeyJwk: {} })
        .expect(403);
    });

    it('disables a terminal (its own point’s assistant or admin), hiding it from others', async () => {
      const created = await t
        .http()
        .post(`/api/points/${w.pointId}/terminals`)
        .set(auth(w.assistant.token))
        .send({ label: 'to disable', publicKeyJwk: await jwkOf('EdDSA') })
        .expect(201);
      await t.http().post(`/api/terminals/${created.body.id}/disable`).set(auth(other.assistant.token)).expect(404);
      const res = await t.http().post(`/api/terminals/${created.body.id}/disable`).set(auth(w.assistant.token)).expect(200);
      expect(res.body).toMatchObject({ status: 'disabled', disabledAt: expect.any(String) });
    });
  });

  describe('coverage', () => {
    it('reports a county: townships, those with an active point, the rate and its points', async () => {
      const res = await t.http().get(`/api/coverage?region=${w.county}`).expect(200);
      // 4 townships; the fixture's point plus the one made in the points tests (both in active use)
      expect(res.body).toMatchObject({ region: { code: w.county }, townships: 4, townshipsWithActivePoint: 2, rate: 0.5 });
      expect(res.body.points.length).toBeGreaterThanOrEqual(2);
    });

    it('sums a province with one row per child and marks rows below a target', async () => {
      const res = await t.http().get(`/api/coverage?region=${w.province}&target=0.6`).expect(200);
      expect(res.body).toMatchObject({ townships: 4, townshipsWithActivePoint: 2, rate: 0.5, target: 0.6, belowTarget: true });
      expect(res.body.children).toEqual([
        {
          region: { code: w.city, name: expect.any(String), level: 'city' },
          townships: 4,
          townshipsWithActivePoint: 2,
          rate: 0.5,
          belowTarget: true,
        },
      ]);
    });

    it('does not count a suspended point', async () => {
      await t.http().patch(`/api/points/${other.pointId}`).set(auth(other.adminToken)).send({ status: 'suspended' }).expect(200);
      const res = await t.http().get(`/api/coverage?region=${other.county}`).expect(200);
      expect(res.body).toMatchObject({ townships: 3, townshipsWithActivePoint: 0, rate: 0 });
    });

    it('answers an unknown region with 404 and a bad target with 400', async () => {
      expect((await t.http().get('/api/coverage?region=123456').expect(404)).body.code).toBe('REGION_NOT_FOUND');
      await t.http().get(`/api/coverage?region=${w.county}&target=2`).expect(400);
    });
  });

  describe('users', () => {
    it('lets an admin disable and re-enable a user, cutting off their token at once', async () => {
      await t.http().post(`/api/users/${other.assistant.id}/disable`).set(auth(w.adminToken)).expect(200);
      await t.http().get('/api/auth/me').set(auth(other.assistant.token)).expect(401);
      await t.http().post(`/api/users/${other.assistant.id}/enable`).set(auth(w.adminToken)).expect(200);
      await t.http().get('/api/auth/me').set(auth(other.assistant.token)).expect(200);
      await t.http().post(`/api/users/${other.assistant.id}/disable`).set(auth(w.assistant.token)).expect(403);
    });
  });

  it('documents every registry route in OpenAPI', async () => {
    const paths = Object.keys((await t.http().get('/api/docs-json').expect(200)).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/regions',
        '/api/coverage',
        '/api/offices',
        '/api/offices/{id}',
        '/api/offices/{id}/notaries',
        '/api/points',
        '/api/points/{id}',
        '/api/points/{id}/assistants',
        '/api/points/{id}/terminals',
        '/api/terminals/{id}/disable',
      ]),
    );
  });
});
