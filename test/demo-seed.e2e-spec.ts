import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { RETIRED_DEMO_PASSWORD } from '../src/registry/demo-data.js';
import { DemoSeedService } from '../src/registry/demo-seed.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { ID_NUMBERS, adminPost, writeCounters } from './support/fixtures.js';
import { exportJWK, generateKeyPair } from 'jose';

describe('demo seed', () => {
  let t: TestApp;
  // Generated at seeding; the first demo release's fixed password is gone.
  let demoPassword: string;
  beforeAll(async () => {
    t = await startTestApp();
    demoPassword = (await t.app.get(DemoSeedService).seed())[0].password!;
  });
  afterAll(() => t.close());

  it('covers 6 of Danyang’s 12 townships: rate 0.5', async () => {
    const res = await t.http().get('/api/coverage?region=321181&target=0.3').expect(200);
    expect(res.body).toMatchObject({
      region: { code: '321181', name: '丹阳市' },
      townships: 12,
      townshipsWithActivePoint: 6,
      rate: 0.5,
      belowTarget: false,
    });
    expect(res.body.points).toHaveLength(6);
  });

  it('sums Zhenjiang with one row per county-level division', async () => {
    const res = await t.http().get('/api/coverage?region=321100').expect(200);
    expect(res.body).toMatchObject({ townships: 12, townshipsWithActivePoint: 6 });
    expect(res.body.children).toHaveLength(6);
  });

  it('marks the made-up township codes as illustrative', async () => {
    const towns = (await t.http().get('/api/regions?parent=321181').expect(200)).body;
    expect(towns).toHaveLength(12);
    expect(towns.every((r: { illustrative: boolean }) => r.illustrative)).toBe(true);
    const counties = (await t.http().get('/api/regions?parent=321100').expect(200)).body;
    expect(counties.every((r: { illustrative: boolean }) => !r.illustrative)).toBe(true);
  });

  it('gives working demo logins for notaries and assistants', async () => {
    await t.login('demo.notary1', demoPassword);
    const token = await t.login('demo.assistant1', demoPassword);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.pointId).toBeTruthy();
  });

  it('takes a citizen’s booking of the first free time right after seeding, with no staff action', async () => {
    const points = (await t.http().get('/api/points?region=321181').expect(200)).body as { id: string; name: string }[];
    const point = points.find((p) => p.name.includes('司徒镇'))!;
    const first = await firstFreeStart(point.id);
    expect(first).toBeDefined();
    const booking = (
      await t
        .http()
        .post('/api/bookings')
        .set('X-Forwarded-For', '10.71.0.1')
        .send({
          pointId: point.id,
          matterCode: 'declaration',
          start: first,
          applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
        })
        .expect(201)
    ).body;
    expect(booking).toMatchObject({ status: 'confirmed', start: first, point: { id: point.id } });
    // The booked place is the point's seat, not a signing key.
    const [row] = (await t.db.query(`SELECT t.kind, t.kid FROM bookings b JOIN terminals t ON t.id = b.terminal_id WHERE b.id = $1`, [
      booking.id,
    ])) as { kind: string; kid: string | null }[];
    expect(row).toEqual({ kind: 'seat', kid: null });

    // A signing key enrolled later (as the assistant's browser does) signs check-ins but adds no
    // second place: the same time is now taken at that point, although a second notary is free.
    const admin = await t.login();
    const { publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    await adminPost(t, admin, `/api/points/${point.id}/terminals`, { label: '演示终端', publicKeyJwk: await exportJWK(publicKey) });
    const again = await t
      .http()
      .post('/api/bookings')
      .set('X-Forwarded-For', '10.71.0.2')
      .send({
        pointId: point.id,
        matterCode: 'declaration',
        start: first,
        applicant: { name: '李四', idNumber: ID_NUMBERS[1], phone: '13912345679' },
      });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'SLOT_TAKEN' });
    // The key-terminal listing shows keys only: the seat is a place, not a key.
    const listed = (await t.http().get(`/api/points/${point.id}/terminals`).set('Authorization', `Bearer ${admin}`).expect(200)).body;
    expect(listed.map((x: { label: string }) => x.label)).toEqual(['演示终端']);
  });

  /** The first start any demo matter can be booked at, day by day through the booking horizon. */
  async function firstFreeStart(pointId: string): Promise<string | undefined> {
    const today = new Date(Date.now() + 8 * 3600_000);
    for (let d = 0; d <= 31; d++) {
      const date = new Date(today.getTime() + d * 86_400_000).toISOString().slice(0, 10);
      const slots = (await t.http().get(`/api/points/${pointId}/slots?date=${date}&matter=declaration`).expect(200)).body as {
        start: string;
      }[];
      if (slots.length) return slots[0].start;
    }
    return undefined;
  }

  it('changes nothing when run again', async () => {
    const before = await writeCounters(t);
    const logins = await t.app.get(DemoSeedService).seed();
    expect(logins).toHaveLength(8);
    expect(await writeCounters(t)).toEqual(before);
  });

  it('gives demo staff a password of this installation, not one printed in the README', async () => {
    expect(demoPassword).not.toBe(RETIRED_DEMO_PASSWORD);
    expect(demoPassword.length).toBeGreaterThanOrEqual(16);
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.70.0.1')
      .send({ username: 'demo.notary1', password: RETIRED_DEMO_PASSWORD });
    expect(res.status).toBe(401);
    // A second run shows no password: the accounts exist, theirs was shown once.
    expect((await t.app.get(DemoSeedService).seed()).every((l) => l.password === null)).toBe(true);
  });

  it('says loudly at start while enabled demo accounts exist, and stops once they are disabled', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const seeded = await startTestApp({ SEED_DEMO: 'true' }).finally(() => spy.mockRestore());
    try {
      expect(written.join('')).toContain('DEMO ACCOUNTS ARE ENABLED');
      // The generated demo password was shown once, on the terminal.
      expect(written.join('')).toMatch(/Demo logins, password [A-Za-z0-9_-]{16} \(shown only now\)/);
      // Three steps, one per console, before the logins.
      expect(written.join('')).toMatch(
        /1\. Citizen: .*#\/book.*\n {4}2\. Assistant: .*demo\.assistant1.*\n {4}3\. Notary: .*demo\.notary1/,
      );
      const admin = await seeded.login();
      const users = (await seeded.db.query(`SELECT id FROM users WHERE username LIKE 'demo.%'`)) as { id: string }[];
      for (const u of users) await seeded.http().post(`/api/users/${u.id}/disable`).set('Authorization', `Bearer ${admin}`).expect(200);
      expect(await seeded.app.get(DemoSeedService).warnAboutDemoAccounts()).toEqual([]);
    } finally {
      await seeded.close();
    }
  });
});
