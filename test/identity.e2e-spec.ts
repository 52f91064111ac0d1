import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiftedClock } from '../src/common/clock.js';
import { Random } from '../src/common/random.js';
import { IdentityRepository } from '../src/identity/identity.repository.js';
import { BLOB_STORE, type BlobStore } from '../src/storage/blob-store.js';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, ID_NUMBERS, type World } from './support/fixtures.js';
import { allRowCounts } from './support/row-counts.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const FACES = path.join(import.meta.dirname, 'fixtures/faces');
const b64 = (p: string) => readFileSync(path.join(FACES, p)).toString('base64');
const OBAMA_ID = b64('id-photos/obama-id.jpg');
const BIDEN_ID = b64('id-photos/biden-id.jpg');
// The live frames: a real photo (neutral) and, for the steps, synthetic pose changes made from it (fixtures README).
const NEUTRAL = b64('frames/neutral.jpg');
const FRAME: Record<string, string> = {
  turn_left: b64('frames/turn_left.jpg'),
  turn_right: b64('frames/turn_right.jpg'),
  open_mouth: b64('frames/open_mouth.jpg'),
};

describe('service-verified check-in (person–ID comparison and liveness)', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let w: World;
  let slot = 0;
  let passedCheckIn = '';
  /** Values the Random provider returns next (steps are drawn through it); empty: real randomness. */
  const draws: number[] = [];
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400' }, { clock });
    w = await buildWorld(t, { notaries: 2, hours: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] } });
    for (const n of w.notaries)
      await t
        .http()
        .put(`/api/notaries/${n.id}/schedule`)
        .set(bearer(w.adminToken))
        .send({ weekly: { mon: [['00:00', '24:00']], tue: [['00:00', '24:00']] }, exceptions: [] })
        .expect(200);
    const random = t.app.get(Random);
    const real = random.int.bind(random);
    random.int = (n: number) => (draws.length ? draws.shift()! : real(n));
  });
  afterAll(() => t.close());

  async function booking(i = 0) {
    const start = new Date(NOW.getTime() + (2 * 60 + 30 * slot++) * 60_000);
    const res = await t
      .http()
      .post('/api/bookings')
      .set(bearer(w.assistant.token))
      .send({
        pointId: w.pointId,
        matterCode: 'declaration',
        start: start.toISOString(),
        applicant: { name: '王堃', idNumber: ID_NUMBERS[i], phone: '13912345678' },
      })
      .expect(201);
    return res.body as { id: string; caseNo: string; terminalId: string };
  }

  /** Draws turn_left, turn_right, open_mouth (the steps with fixture frames). */
  async function challenge(bookingId: string) {
    draws.push(1, 0, 0, 1);
    const res = await t.http().post(`/api/bookings/${bookingId}/identity/challenge`).set(bearer(w.assistant.token)).expect(201);
    expect(res.body.steps).toEqual(['turn_left', 'turn_right', 'open_mouth']);
    return res.body as { challengeId: string; steps: string[]; expiresAt: string };
  }

  const card = (photo = OBAMA_ID, over: Record<string, string> = {}) => ({
    name: '王堃',
    idNumber: ID_NUMBERS[0],
    validUntil: '2036-01-01',
    photo,
    source: 'reader',
    ...over,
  });
  const liveFrames = (steps: string[]) => [{ step: 'neutral', image: NEUTRAL }, ...steps.map((s) => ({ step: s, image: FRAME[s] }))];
  const check = (bookingId: string, body: unknown, token = w.assistant.token) =>
    t
      .http()
      .post(`/api/bookings/${bookingId}/identity`)
      .set(bearer(token))
      .send(body as object);
  const failures = async (bookingId: string) =>
    ((await t.db.query(`SELECT check_in_failures AS n FROM bookings WHERE id = $1`, [bookingId])) as { n: number }[])[0].n;

  it('shows the biometric consent notice with its hash', async () => {
    const res = await t.http().get('/api/identity/consent-notice').set(bearer(w.assistant.token)).expect(200);
    expect(res.body.text).toContain('敏感个人信息');
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a challenge: 2–3 distinct steps, valid for two minutes, stored and audited', async () => {
    const b = await booking();
    const res = await t.http().post(`/api/bookings/${b.id}/identity/challenge`).set(bearer(w.assistant.token)).expect(201);
    expect(res.body.steps.length).toBeGreaterThanOrEqual(2);
    expect(res.body.steps.length).toBeLessThanOrEqual(3);
    expect(new Set(res.body.steps).size).toBe(res.body.steps.length);
    for (const s of res.body.steps) expect(['turn_left', 'turn_right', 'blink', 'open_mouth']).toContain(s);
    expect(new Date(res.body.expiresAt).getTime() - clock.now().getTime()).toBeGreaterThan(110_000);
    expect(new Date(res.body.expiresAt).getTime() - clock.now().getTime()).toBeLessThanOrEqual(120_000);
    const [row] = (await t.db.query(`SELECT booking_id, used_at FROM identity_challenges WHERE id = $1`, [res.body.challengeId])) as {
      booking_id: string;
      used_at: Date | null;
    }[];
    expect(row).toEqual({ booking_id: b.id, used_at: null });
  });

  it('checks in the same person: 200, images encrypted at rest, evidence without images or the clear ID number', async () => {
    const b = await booking();
    const c = await challenge(b.id);
    const res = await check(b.id, { consent: true, challengeId: c.challengeId, idCard: card(), frames: liveFrames(c.steps) }).expect(200);
    expect(res.body).toMatchObject({
      status: 'checked_in',
      identity: { threshold: 0.6, liveness: 'passed', steps: ['turn_left', 'turn_right', 'open_mouth'] },
    });
    expect(res.body.identity.distance).toBeLessThan(0.6);
    expect(res.body.identity.model).toContain('1.7.15');
    passedCheckIn = res.body.identity.id;

    const [ci] = (await t.db.query(`SELECT method, terminal_id, outcome, jti, face_distance::float AS d FROM check_ins WHERE id = $1`, [
      res.body.identity.id,
    ])) as { method: string; terminal_id: string; outcome: string; jti: string | null; d: number }[];
    expect(ci).toEqual({
      method: 'service_verified',
      terminal_id: b.terminalId,
      outcome: 'checked_in',
      jti: null,
      d: res.body.identity.distance,
    });
    const images = (await t.db.query(`SELECT name, step, best, blob_key FROM identity_images WHERE check_in_id = $1 ORDER BY name`, [
      res.body.identity.id,
    ])) as { name: string; step: string; best: boolean; blob_key: string }[];
    expect(images.map((i) => [i.name, i.step, i.best])).toEqual([
      ['frame-0', 'neutral', true],
      ['frame-1', 'turn_left', false],
      ['frame-2', 'turn_right', false],
      ['frame-3', 'open_mouth', false],
      ['photo', 'id_photo', false],
    ]);
    const stored = await t.app.get<BlobStore>(BLOB_STORE).get(images[4].blob_key);
    expect(stored.includes(Buffer.from(OBAMA_ID, 'base64').subarray(0, 64))).toBe(false);
    expect(stored.subarray(0, 4).toString()).toBe('PDB1');

    const [audit] = (await t.db.query(`SELECT payload FROM audit_entries WHERE action = 'session.check_in.succeeded' AND subject_id = $1`, [
      b.id,
    ])) as { payload: Record<string, unknown> }[];
    expect(audit.payload).toMatchObject({ method: 'service_verified', outcome: 'checked_in', liveness: true, faceThreshold: 0.6 });
    expect(JSON.stringify(audit.payload)).not.toContain(ID_NUMBERS[0]);
    expect(JSON.stringify(audit.payload)).not.toContain(OBAMA_ID.slice(0, 40));
    expect(t.logs()).not.toContain(OBAMA_ID.slice(0, 40));

    // Both paths end in the same state: the session opens on it, and the notary of the case sees the images.
    const s = (await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: b.id }).expect(201)).body as {
      id: string;
      notaryId?: string;
    };
    const [{ notary_id }] = (await t.db.query(`SELECT notary_id FROM sessions WHERE id = $1`, [s.id])) as { notary_id: string }[];
    const notary = w.notaries.find((n) => n.id === notary_id)!;
    const other = w.notaries.find((n) => n.id !== notary_id)!;
    // The session view carries the check's result (no images, no ID number) for the notary's console.
    const view = (await t.http().get(`/api/sessions/${s.id}`).set(bearer(notary.token)).expect(200)).body as { checkIn: unknown };
    expect(view.checkIn).toEqual({
      method: 'service_verified',
      checkedAt: expect.any(String),
      faceScore: null,
      distance: res.body.identity.distance,
      threshold: 0.6,
      liveness: 'passed',
      steps: ['turn_left', 'turn_right', 'open_mouth'],
      model: res.body.identity.model,
      cardSource: 'reader',
      images: true,
    });
    const photo = await t.http().get(`/api/sessions/${s.id}/identity/images/id-photo`).set(bearer(notary.token)).buffer(true).expect(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(photo.body as Buffer, Buffer.from(OBAMA_ID, 'base64'))).toBe(0);
    const frame = await t
      .http()
      .get(`/api/sessions/${s.id}/identity/images/live-frame`)
      .set(bearer(w.assistant.token))
      .buffer(true)
      .expect(200);
    expect(Buffer.compare(frame.body as Buffer, Buffer.from(NEUTRAL, 'base64'))).toBe(0);
    expect((await t.http().get(`/api/sessions/${s.id}/identity/images/id-photo`).set(bearer(other.token))).status).toBeGreaterThanOrEqual(
      403,
    );
    await t.http().get(`/api/sessions/${s.id}/identity/images/passport`).set(bearer(notary.token)).expect(400);
  });

  it('keeps the images until their retention ends (npm run identity:expired lists them then); the rows cannot be changed', async () => {
    expect(passedCheckIn).not.toBe('');
    expect((await new IdentityRepository(t.db).expired(new Date())).map((r) => r.checkInId)).not.toContain(passedCheckIn);
    const later = await new IdentityRepository(t.db).expired(new Date(Date.UTC(2100, 0, 1)));
    expect(later.find((r) => r.checkInId === passedCheckIn)).toMatchObject({
      images: 5,
      keys: expect.arrayContaining([`identity/${passedCheckIn}/photo.bin`]),
    });
    await expect(t.db.query(`DELETE FROM identity_images WHERE check_in_id = $1`, [passedCheckIn])).rejects.toThrow(/retained until/);
    await expect(t.db.query(`UPDATE identity_images SET best = false WHERE check_in_id = $1`, [passedCheckIn])).rejects.toThrow(
      /cannot be changed/,
    );
  });

  it('FACE_MISMATCH for another person’s ID photo, with the distance and threshold; it counts', async () => {
    const b = await booking();
    const c = await challenge(b.id);
    const res = await check(b.id, {
      consent: true,
      challengeId: c.challengeId,
      idCard: card(BIDEN_ID),
      frames: liveFrames(c.steps),
    }).expect(422);
    expect(res.body.code).toBe('FACE_MISMATCH');
    expect(res.body.details.threshold).toBe(0.6);
    expect(res.body.details.distance).toBeGreaterThan(0.6);
    expect(await failures(b.id)).toBe(1);
    expect((await check(b.id, { consent: true, challengeId: c.challengeId, idCard: card(), frames: liveFrames(c.steps) })).body.code).toBe(
      'CHALLENGE_USED',
    );
  });

  it('LIVENESS_FAILED for one still frame repeated for every step, naming the steps', async () => {
    const b = await booking();
    const c = await challenge(b.id);
    const frames = [{ step: 'neutral', image: NEUTRAL }, ...c.steps.map((s) => ({ step: s, image: NEUTRAL }))];
    const res = await check(b.id, { consent: true, challengeId: c.challengeId, idCard: card(), frames }).expect(422);
    expect(res.body.code).toBe('LIVENESS_FAILED');
    expect(res.body.details.failedSteps).toEqual(c.steps);
    expect(await failures(b.id)).toBe(1);
  });

  it('NO_FACE and MULTIPLE_FACES name the image, use the challenge up and do not count', async () => {
    const b = await booking();
    let c = await challenge(b.id);
    const blank = liveFrames(c.steps);
    blank[2] = { step: blank[2].step, image: b64('negatives/blank.png') };
    const none = await check(b.id, { consent: true, challengeId: c.challengeId, idCard: card(), frames: blank }).expect(422);
    expect(none.body).toMatchObject({ code: 'NO_FACE', details: { image: 'frames[2]' } });
    expect((await check(b.id, { consent: true, challengeId: c.challengeId, idCard: card(), frames: liveFrames(c.steps) })).body.code).toBe(
      'CHALLENGE_USED',
    );
    c = await challenge(b.id);
    const two = await check(b.id, {
      consent: true,
      challengeId: c.challengeId,
      idCard: card(b64('negatives/two-faces.jpg')),
      frames: liveFrames(c.steps),
    }).expect(422);
    expect(two.body).toMatchObject({ code: 'MULTIPLE_FACES', details: { image: 'idCard.photo', faces: 2 } });
    expect(await failures(b.id)).toBe(0);
  });

  it('ID_MISMATCH counts; an expired challenge is refused without writing', async () => {
    const b = await booking();
    let c = await challenge(b.id);
    const res = await check(b.id, {
      consent: true,
      challengeId: c.challengeId,
      idCard: card(OBAMA_ID, { idNumber: ID_NUMBERS[1] }),
      frames: liveFrames(c.steps),
    });
    expect(res.body.code).toBe('ID_MISMATCH');
    expect(await failures(b.id)).toBe(1);
    c = await challenge(b.id);
    clock.advance(121_000);
    const before = await allRowCounts(t);
    const late = await check(b.id, { consent: true, challengeId: c.challengeId, idCard: card(), frames: liveFrames(c.steps) }).expect(422);
    expect(late.body.code).toBe('CHALLENGE_EXPIRED');
    expect(await allRowCounts(t)).toEqual(before);
  });

  it('bad input is refused with a 400 (or 413) naming the problem, writing nothing', async () => {
    const b = await booking();
    const c = await challenge(b.id);
    const ok = { consent: true, challengeId: c.challengeId, idCard: card(), frames: liveFrames(c.steps) };
    const before = await allRowCounts(t);
    const bad: [unknown, number, string][] = [
      [{ ...ok, consent: false }, 400, 'CONSENT_REQUIRED'],
      [{ ...ok, idCard: card('not base64!') }, 400, 'IMAGE_INVALID'],
      [
        { ...ok, frames: [{ step: 'neutral', image: Buffer.from('GIF89a....').toString('base64') }, ...ok.frames.slice(1)] },
        400,
        'IMAGE_INVALID',
      ],
      [
        {
          ...ok,
          frames: [
            { step: 'neutral', image: Buffer.concat([Buffer.from([0xff, 0xd8]), Buffer.alloc(310 * 1024)]).toString('base64') },
            ...ok.frames.slice(1),
          ],
        },
        400,
        'IMAGE_TOO_LARGE',
      ],
      [{ ...ok, frames: Array.from({ length: 9 }, () => ({ step: 'neutral', image: NEUTRAL })) }, 400, 'VALIDATION_FAILED'],
      [{ ...ok, frames: liveFrames(['turn_left']) }, 400, 'FRAMES_DO_NOT_MATCH_CHALLENGE'],
      [{ ...ok, challengeId: undefined }, 400, 'CHALLENGE_REQUIRED'],
      [{ ...ok, idCard: { ...card(), source: 'fax' } }, 400, 'VALIDATION_FAILED'],
      [{ ...ok, extra: 1 }, 400, 'VALIDATION_FAILED'],
      [{ ...ok, frames: Array.from({ length: 8 }, () => ({ step: 'neutral', image: 'A'.repeat(560_000) })) }, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [body, status, code] of bad) {
      const res = await check(b.id, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    const notJson = await t
      .http()
      .post(`/api/bookings/${b.id}/identity`)
      .set(bearer(w.assistant.token))
      .set('Content-Type', 'application/json')
      .send('{"consent": tru');
    expect([notJson.status, notJson.body.code]).toEqual([400, 'INVALID_JSON']);
    expect(await allRowCounts(t)).toEqual(before);
    // The challenge survived every refusal above.
    await check(b.id, ok).expect(200);
  });

  it('three counting failures lock the booking until the notary overrides; the body is not read then', async () => {
    const b = await booking();
    for (let i = 0; i < 3; i++) {
      const c = await challenge(b.id);
      expect(
        (await check(b.id, { consent: true, challengeId: c.challengeId, idCard: card(BIDEN_ID), frames: liveFrames(c.steps) })).body.code,
      ).toBe('FACE_MISMATCH');
    }
    expect((await t.http().post(`/api/bookings/${b.id}/identity/challenge`).set(bearer(w.assistant.token))).body.code).toBe(
      'CHECK_IN_LOCKED',
    );
    const locked = await check(b.id, { consent: true, idCard: card(), frames: liveFrames([]) });
    expect([locked.status, locked.body.code]).toEqual([409, 'CHECK_IN_LOCKED']);
  });

  it('only the point’s assistant checks in; others are refused before the body is read', async () => {
    const b = await booking();
    expect((await check(b.id, { consent: true }, w.notaries[0].token)).status).toBe(403);
    expect((await t.http().post(`/api/bookings/${b.id}/identity`).send({ consent: true })).status).toBe(401);
    expect((await check('00000000-0000-4000-8000-000000000000', { consent: true })).status).toBe(404);
  });

  it('IDENTITY_LIVENESS=off: no challenge, the evidence says liveness was not checked', async () => {
    t.config.identityLiveness = 'off';
    try {
      const b = await booking();
      expect((await t.http().post(`/api/bookings/${b.id}/identity/challenge`).set(bearer(w.assistant.token))).body.code).toBe(
        'LIVENESS_OFF',
      );
      const res = await check(b.id, { consent: true, idCard: card(), frames: [{ step: 'neutral', image: NEUTRAL }] }).expect(200);
      expect(res.body.identity).toMatchObject({ liveness: 'not_checked', steps: [] });
      const [row] = (await t.db.query(`SELECT liveness, liveness_mode FROM check_ins WHERE id = $1`, [res.body.identity.id])) as object[];
      expect(row).toEqual({ liveness: null, liveness_mode: 'off' });
    } finally {
      t.config.identityLiveness = 'challenge';
    }
  });
});
