import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../src/registry/demo-data.js';
import { DemoSeedService } from '../src/registry/demo-seed.service.js';
import { startTestApp, type TestApp } from './support/app.js';
import { writeCounters } from './support/fixtures.js';

describe('demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(DemoSeedService).seed();
  });
  afterAll(() => t.close());

  it('covers 6 of Danyang’s 12 townships: rate 0.5', async () => {
    const res = await t.http().get('/api/coverage?region=321181&target=0.3').expect(200);
    expect(res.body).toMatchObject({ region: { code: '321181', name: '丹阳市' }, townships: 12, townshipsWithActivePoint: 6, rate: 0.5, belowTarget: false });
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
    await t.login('demo.notary1', DEMO_PASSWORD);
    const token = await t.login('demo.assistant1', DEMO_PASSWORD);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.pointId).toBeTruthy();
  });

  it('changes nothing when run again', async () => {
    const before = await writeCounters(t);
    const logins = await t.app.get(DemoSeedService).seed();
    expect(logins).toHaveLength(8);
    expect(await writeCounters(t)).toEqual(before);
  });
});
