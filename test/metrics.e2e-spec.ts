import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiftedClock } from '../src/common/clock.js';
import { MetricsModule } from '../src/metrics/metrics.module.js';
import { waitFor } from './support/process.js';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, ID_NUMBERS, type World } from './support/fixtures.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
// Monday 2026-11-30 08:00 in Shanghai; the booking goes to Tuesday.
const NOW = new Date('2026-11-30T08:00:00+08:00');

/** Value of one sample line of the Prometheus text format, e.g. `notary_bookings{kind="appointment",status="confirmed"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[4]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN, METRICS_PORT: '0' }, { clock: new ShiftedClock(NOW) });
    w = await buildWorld(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const scrape = async () => {
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  it('refuses a scrape without the token, with a wrong one, or with a staff token', async () => {
    const none = await t.http().get('/metrics');
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'METRICS_TOKEN_INVALID' });
    const wrong = await t
      .http()
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN.slice(1)}x`);
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: 'METRICS_TOKEN_INVALID' });
    const staff = await t.http().get('/metrics').set('Authorization', `Bearer ${w.adminToken}`);
    expect(staff.status).toBe(401);
  });

  it('counts HTTP requests by route pattern and status, never by raw path', async () => {
    const before =
      sample(await scrape(), 'notary_http_request_duration_seconds_count', { method: 'GET', route: '/api/bookings/:id', status: '400' }) ??
      0;
    await t.http().get('/api/bookings/not-a-uuid').set('Authorization', `Bearer ${w.adminToken}`).expect(400);
    await t.http().get('/api/bookings/also-not-a-uuid').set('Authorization', `Bearer ${w.adminToken}`).expect(400);
    await t.http().get('/no/such/path/at/all').expect(404);
    const text = await scrape();
    expect(sample(text, 'notary_http_request_duration_seconds_count', { method: 'GET', route: '/api/bookings/:id', status: '400' })).toBe(
      before + 2,
    );
    expect(
      sample(text, 'notary_http_request_duration_seconds_count', { method: 'GET', route: '(unmatched)', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('not-a-uuid');
    expect(text).not.toContain('/no/such/path');
  });

  it('reports bookings by status, sessions, the audit head, the pool and signalling from live state', async () => {
    const booked = await t
      .http()
      .post('/api/bookings')
      .set('X-Forwarded-For', '10.9.0.1')
      .send({
        pointId: w.pointId,
        matterCode: 'declaration',
        start: '2026-12-01T09:00:00+08:00',
        applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
      });
    expect(booked.status).toBe(201);
    const [{ n: confirmed }] = (await t.db.query(`SELECT count(*)::int AS n FROM bookings WHERE status = 'confirmed'`)) as { n: number }[];
    const [{ entries }] = (await t.db.query('SELECT count(*)::int AS entries FROM audit_entries')) as { entries: number }[];
    // Lag is 0 once the integrator has put every committed entry into a signed checkpoint.
    await waitFor(
      async () =>
        (await t.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE leaf_index IS NULL`))[0].n === 0 ? true : undefined,
      30_000,
    );
    const text = await scrape();
    expect(sample(text, 'notary_bookings', { kind: 'appointment', status: 'confirmed' })).toBe(confirmed);
    expect(confirmed).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'notary_audit_entries')).toBeGreaterThanOrEqual(entries);
    expect(sample(text, 'notary_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'notary_signalling_peers')).toBe(0);
    expect(sample(text, 'notary_signalling_relayed_messages_total')).toBe(0);
    expect(sample(text, 'notary_audit_integration_lag_seconds')).toBe(0);
    for (const family of ['notary_sessions', 'notary_certificate_issuance_seconds', 'notary_process_resident_memory_bytes']) {
      expect(text).toContain(`# TYPE ${family} `);
    }
  });

  it('serves the same metrics without a token on METRICS_PORT, bound to loopback', async () => {
    const addr = t.app.get(MetricsModule).address();
    expect(addr?.host).toBe('127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${addr!.port}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE notary_http_request_duration_seconds histogram');
    expect((await fetch(`http://127.0.0.1:${addr!.port}/other`)).status).toBe(404);
  });
});

describe('GET /metrics without METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not exist (404), even for an admin', async () => {
    const token = await t.login();
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('notary_');
  });
});
