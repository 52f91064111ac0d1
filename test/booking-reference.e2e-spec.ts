import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiftedClock } from '../src/common/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, ID_NUMBERS, writeCounters, type World } from './support/fixtures.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const TUE = '2026-12-01';

/**
 * The booking path caches points, schedules, terminals and matters in the process. Changes made
 * past this instance (another instance, or SQL) must be seen by the very next request: here they
 * are made with raw SQL on the shared database, as another instance's writes would arrive.
 */
describe('booking reference cache', () => {
  let t: TestApp;
  let w: World;
  const slots = async () =>
    (await t.http().get(`/api/points/${w.pointId}/slots?date=${TUE}&matter=declaration`).expect(200)).body as { start: string }[];
  const book = (start: string) =>
    t
      .http()
      .post('/api/bookings')
      .set('Authorization', `Bearer ${w.assistant.token}`)
      .send({
        pointId: w.pointId,
        matterCode: 'declaration',
        start: `${TUE}T${start}:00+08:00`,
        applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
      });
  const version = async () => Number((await t.db.query(`SELECT version FROM booking_reference_version`))[0].version);

  beforeAll(async () => {
    t = await startTestApp({}, { clock: new ShiftedClock(NOW) });
    w = await buildWorld(t, { notaries: 1 });
  });
  afterAll(() => t?.close());

  async function refusedAfter(change: string, params: unknown[], code: string) {
    const before = await version();
    await t.db.query(change, params);
    expect(await version()).toBeGreaterThan(before);
    const counters = await writeCounters(t);
    const res = await book('10:00');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code });
    expect(await writeCounters(t)).toEqual(counters);
  }

  it('sees a schedule, a terminal and a point changed behind its back on the next request', async () => {
    expect((await slots()).length).toBeGreaterThan(10); // warm
    const [{ weekly }] = await t.db.query(`SELECT weekly FROM notaries WHERE user_id = $1`, [w.notaries[0].id]);

    await refusedAfter(`UPDATE notaries SET weekly = '{}' WHERE user_id = $1`, [w.notaries[0].id], 'NO_NOTARY_WORKING');
    expect(await slots()).toEqual([]);
    await t.db.query(`UPDATE notaries SET weekly = $2 WHERE user_id = $1`, [w.notaries[0].id, JSON.stringify(weekly)]);
    expect((await slots()).length).toBeGreaterThan(10);

    await refusedAfter(`UPDATE terminals SET status = 'disabled', disabled_at = now() WHERE point_id = $1`, [w.pointId], 'NO_TERMINAL');
    expect(await slots()).toEqual([]);
    await t.db.query(`UPDATE terminals SET status = 'active', disabled_at = NULL WHERE point_id = $1`, [w.pointId]);

    await refusedAfter(`UPDATE points SET status = 'suspended' WHERE id = $1`, [w.pointId], 'POINT_SUSPENDED');
    await t.db.query(`UPDATE points SET status = 'active' WHERE id = $1`, [w.pointId]);
    await refusedAfter(`UPDATE matters SET enabled = false WHERE code = 'declaration'`, [], 'MATTER_DISABLED');
    await t.db.query(`UPDATE matters SET enabled = true WHERE code = 'declaration'`);

    expect((await book('10:00')).status).toBe(201);
  });

  it('does not count a notary on duty or off as a reference change', async () => {
    const before = await version();
    await t
      .http()
      .put(`/api/notaries/${w.notaries[0].id}/duty`)
      .set('Authorization', `Bearer ${w.notaries[0].token}`)
      .send({ onDuty: true })
      .expect(200);
    expect(await version()).toBe(before);
  });
});
