import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './support/app.js';

describe('GET /health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is 200 with the database up, outside the /api prefix', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    await t.http().get('/api/health').expect(404);
  });

  it('is 503 with the stable error shape when the database is unreachable', async () => {
    await t.db.destroy();
    const res = await t.http().get('/health').expect(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'UNHEALTHY',
      details: { status: 'error', error: { database: { status: 'down' } } },
    });
  });
});

describe('GET /', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the client demo page from the same origin', async () => {
    const res = await t.http().get('/').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('远程公证');
  });
});
