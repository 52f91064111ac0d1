import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { FAILED_LOGIN_USERNAME } from '../src/auth/auth.service.js';
import { UsersService } from '../src/auth/users.service.js';
import { PersonalData } from '../src/common/personal-data.js';
import { ADMIN, startTestApp, type TestApp } from './support/app.js';
import { buildWorld, type World } from './support/fixtures.js';

describe('staff authentication', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_FAILURE_WINDOW_SECONDS: '600' });
    world = await buildWorld(t);
  });
  afterAll(() => t.close());

  async function createUser(username: string, role: 'notary' | 'assistant' = 'notary') {
    const users = t.app.get(UsersService);
    return t.db.transaction((m) =>
      users.create(m, 'system', {
        username,
        password: 'a-long-enough-password',
        role,
        displayName: `${username} 测试`,
        officeId: role === 'notary' ? world.officeId : null,
        pointId: role === 'assistant' ? world.pointId : null,
      }),
    );
  }

  it('logs the bootstrap admin in with a Bearer token and the user', async () => {
    const res = await t.http().post('/api/auth/login').send(ADMIN).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { username: 'admin', role: 'admin', officeId: null, pointId: null },
    });
    expect(res.body.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.accessToken.split('.')).toHaveLength(3);
  });

  it('answers unknown user and wrong password with the same 401', async () => {
    const unknown = await t.http().post('/api/auth/login').send({ username: 'nobody-here', password: 'x' }).expect(401);
    const wrong = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'wrong' }).expect(401);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body).toEqual(unknown.body);
  });

  it('throttles repeated failures for one username with 429 TOO_MANY_ATTEMPTS, even with the right password', async () => {
    await createUser('throttled-notary');
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/auth/login')
        .set('X-Forwarded-For', `10.9.0.${i}`)
        .send({ username: 'throttled-notary', password: 'nope' })
        .expect(401);
    }
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.9.1.1')
      .send({ username: 'THROTTLED-notary', password: 'a-long-enough-password' })
      .expect(429);
    expect(res.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('throttles one address that tries many usernames', async () => {
    // 3 failures per user, 12 per address: spread over usernames, the address limit bites.
    let last = 0;
    for (let i = 0; i < 14; i++) {
      last = (
        await t
          .http()
          .post('/api/auth/login')
          .set('X-Forwarded-For', '10.8.0.1')
          .send({ username: `sprayed-${i}`, password: 'x' })
      ).status;
    }
    expect(last).toBe(429);
    // Another address is not affected.
    await t.http().post('/api/auth/login').set('X-Forwarded-For', '10.8.0.2').send(ADMIN).expect(200);
  });

  it('audits logins that succeed and fail, without the typed username in clear', async () => {
    const res = await t
      .http()
      .get('/api/audit?limit=1000')
      .set('Authorization', `Bearer ${await t.login()}`)
      .expect(200);
    const actions = (res.body.entries as { action: string; payload: object }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login.succeeded', 'auth.login.failed', 'auth.user.created', 'auth.key.created']));
    expect(JSON.stringify(res.body)).not.toContain('nobody-here');
  });

  it("keeps a failed login's typed username only as a keyed digest (HMAC with the data key), never a plain SHA-256", async () => {
    const typed = 'Correct-Horse-Battery-Staple-42';
    await t.http().post('/api/auth/login').set('X-Forwarded-For', '10.9.7.1').send({ username: typed, password: 'x' }).expect(401);
    const rows = (await t.db.query(`SELECT payload FROM audit_entries WHERE action = 'auth.login.failed'`)) as { payload: object }[];
    const all = JSON.stringify(rows);
    const plain = createHash('sha256').update(typed.toLowerCase()).digest('hex');
    expect(all).not.toContain(plain);
    expect(all).not.toContain('usernameSha256');
    const keyed = t.app.get(PersonalData).digest(FAILED_LOGIN_USERNAME, typed.toLowerCase());
    expect(rows.map((r) => r.payload)).toContainEqual(expect.objectContaining({ usernameHmac: keyed, reason: 'unknown_user' }));
    // The rate-limit store does not hold the plain hash of the typed name either.
    const keys = JSON.stringify(await t.db.query(`SELECT * FROM rate_limits`));
    expect(keys).not.toContain(createHash('sha256').update(typed.toLowerCase()).digest('base64url'));
  });

  it('returns the caller from /api/auth/me', async () => {
    const token = await t.login();
    const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toMatchObject({ username: 'admin', role: 'admin' });
  });

  it('refuses /me without a token, with a tampered token and with a malformed header', async () => {
    expect((await t.http().get('/api/auth/me').expect(401)).body.code).toBe('AUTH_REQUIRED');
    const token = await t.login();
    const [h, p, s] = token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, role: 'admin', sub: payload.sub })).toString('base64url')}x.${s}`;
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${forged}`).expect(401)).body.code).toBe('INVALID_TOKEN');
    expect((await t.http().get('/api/auth/me').set('Authorization', token).expect(401)).body.code).toBe('INVALID_TOKEN');
  });

  it('cuts off a disabled account at once, token or not', async () => {
    const user = await createUser('soon-disabled');
    const token = await t.login('soon-disabled', 'a-long-enough-password');
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [user.id]);
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    const res = await t.http().post('/api/auth/login').send({ username: 'soon-disabled', password: 'a-long-enough-password' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ACCOUNT_DISABLED');
  });

  it('refuses admin routes to other roles with 403', async () => {
    await createUser('plain-notary');
    const token = await t.login('plain-notary', 'a-long-enough-password');
    const res = await t.http().get('/api/audit').set('Authorization', `Bearer ${token}`).expect(403);
    expect(res.body.code).toBe('FORBIDDEN_ROLE');
  });

  it('signs tokens with EdDSA that verify against /.well-known/jwks.json alone', async () => {
    const token = await t.login();
    const jwks = (await fetch(`${t.url}/.well-known/jwks.json`).then((r) => r.json())) as JSONWebKeySet;
    expect(jwks.keys.every((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && !('d' in k))).toBe(true);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: t.config.publicBaseUrl,
      audience: 'remote-notary:staff',
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(jwks.keys.map((k) => k.kid)).toContain(protectedHeader.kid);
    expect(payload.role).toBe('admin');
  });

  it('refuses unknown fields, wrong types and missing fields with 400 VALIDATION_FAILED naming the field', async () => {
    const extra = await t
      .http()
      .post('/api/auth/login')
      .send({ ...ADMIN, isAdmin: true })
      .expect(400);
    expect(extra.body.code).toBe('VALIDATION_FAILED');
    expect(extra.body.details).toEqual([{ field: 'isAdmin', problems: ['property isAdmin should not exist'] }]);
    const missing = await t.http().post('/api/auth/login').send({ username: 'admin' }).expect(400);
    expect(missing.body.details[0].field).toBe('password');
  });

  it('refuses malformed JSON and oversized bodies with a clear 4xx', async () => {
    const bad = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    expect(bad.body.code).toBe('MALFORMED_BODY');
    const big = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sends security headers', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('never writes passwords or tokens to the log', async () => {
    const token = await t.login();
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    const logs = t.logs();
    expect(logs).toContain('/api/auth/login');
    expect(logs).not.toContain(ADMIN.password);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.split('.')[2]);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/auth/me', '/api/audit', '/api/audit/verify']),
    );
    const ui = await t.http().get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});
