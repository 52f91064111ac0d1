import { performance } from 'node:perf_hooks';
import { benchApp, benchOffice, BENCH_NOW, ID_NUMBER } from './journey.js';
import { rate } from './support.js';

const BOOKINGS = 400;
const WORKERS = 8;
const RACE = 200;

/**
 * Confirmed bookings per second over HTTP, spread over 20 notaries and 20 points' slots, and
 * the same-slot race (200 at once, one notary); beside a raw INSERT of the same rows.
 */
export default async function bench(): Promise<void> {
  const b = await benchApp();
  try {
    const office = await benchOffice(b, { notaries: 20, points: 20, tag: '甲', code: '51' });
    console.log(`database: ${b.kind}; ${BOOKINGS} bookings by ${WORKERS} concurrent clients over HTTP`);
    let next = 0;
    const statuses: string[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let i = next++; i < BOOKINGS; i = next++) {
          const point = office.points[i % office.points.length];
          // Each point's one terminal takes a booking every half hour, from the next morning on.
          const start = new Date(BENCH_NOW.getTime() + (24 * 60 + 30 * Math.floor(i / office.points.length)) * 60_000);
          const res = await b.call<{ code?: string }>('POST', '/api/bookings', point.assistantToken, {
            pointId: point.id,
            matterCode: 'declaration',
            start: start.toISOString(),
            applicant: { name: '王堃', idNumber: ID_NUMBER, phone: '13912345678' },
          });
          statuses.push(res.status === 201 ? '201' : `${res.status} ${res.body.code}`);
        }
      }),
    );
    const bookingMs = performance.now() - started;
    const confirmed = statuses.filter((s) => s === '201').length;
    const refused = Object.entries(statuses.filter((s) => s !== '201').reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}));

    const ds = b.db;
    await ds.query(`CREATE TABLE bench_raw (id bigserial PRIMARY KEY, point_id uuid, notary_id uuid, during tstzrange, applicant text, created_at timestamptz DEFAULT now())`);
    next = 0;
    const rawStarted = performance.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let i = next++; i < BOOKINGS; i = next++) {
          await ds.query(`INSERT INTO bench_raw (point_id, notary_id, during, applicant) VALUES ($1, $2, tstzrange(now(), now() + interval '20 minutes'), 'x')`, [
            office.points[i % 20].id,
            office.notaries[i % 20].id,
          ]);
        }
      }),
    );
    const rawMs = performance.now() - rawStarted;
    console.log(
      `bookings: ${confirmed}/${BOOKINGS} confirmed${refused.length ? ` (refused: ${refused.map(([k, v]) => `${v} × ${k}`).join(', ')})` : ''}, ${rate(confirmed, bookingMs)} (${(bookingMs / BOOKINGS).toFixed(1)} ms each)  |  raw INSERT ${rate(BOOKINGS, rawMs)}  |  ratio ${(bookingMs / rawMs).toFixed(1)}× slower`,
    );

    const solo = await benchOffice(b, { notaries: 1, points: 1, tag: '乙', code: '52' });
    const point = solo.points[0];
    const raceStarted = performance.now();
    const race = await Promise.all(
      Array.from({ length: RACE }, () =>
        b.call<{ code?: string }>('POST', '/api/bookings', point.assistantToken, {
          pointId: point.id,
          matterCode: 'declaration',
          start: new Date(BENCH_NOW.getTime() + 26 * 3600_000).toISOString(),
          applicant: { name: '王堃', idNumber: ID_NUMBER, phone: '13912345678' },
        }),
      ),
    );
    const raceMs = performance.now() - raceStarted;
    const won = race.filter((r) => r.status === 201).length;
    const taken = race.filter((r) => r.status === 409 && r.body.code === 'SLOT_TAKEN').length;
    console.log(`same-slot race: ${RACE} concurrent requests in ${Math.round(raceMs)} ms → ${won} confirmed, ${taken} × 409 SLOT_TAKEN, ${RACE - won - taken} other`);
  } finally {
    await b.close();
  }
}
