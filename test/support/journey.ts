/**
 * A case taken through the API the way the consoles take it: an office whose notary works all
 * week with an approved simulated terminal, then booking, check-in, session, notice, record,
 * signature and (unless told not to) the finished recording — a session ready for approval.
 */
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../../src/session/terminal-simulator.js';
import type { TestApp } from './app.js';
import { adminPost, ALL_WEEK, buildWorld, ID_NUMBERS, type World } from './fixtures.js';
import { uploadRecording } from './recording.js';

/** A 1×1 PNG: the applicant's handwritten signature. */
export const SIGNATURE_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export interface OfficeWithTerminal {
  world: World;
  terminal: SimulatedTerminal;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** An office with one point, one notary scheduled all week, and an approved simulated terminal. */
export async function officeWithTerminal(t: TestApp, label = '1号模拟终端'): Promise<OfficeWithTerminal> {
  const world = await buildWorld(t, { notaries: 1, hours: ALL_WEEK });
  await t
    .http()
    .put(`/api/notaries/${world.notaries[0].id}/schedule`)
    .set(bearer(world.adminToken))
    .send({ weekly: ALL_WEEK, exceptions: [] })
    .expect(200);
  const terminal = await createSimulatedTerminal();
  terminal.kid = (
    await adminPost(t, world.adminToken, `/api/points/${world.pointId}/terminals`, { label, publicKeyJwk: terminal.publicJwk })
  ).kid;
  return { world, terminal };
}

/** A session brought to `signing` through the API, with its recording finished unless `recording` is false. */
export async function signedSession(
  t: TestApp,
  { world: w, terminal }: OfficeWithTerminal,
  o: { start: Date; now: Date; name?: string; idNumber?: string; recording?: boolean },
) {
  const name = o.name ?? '王堃';
  const idNumber = o.idNumber ?? ID_NUMBERS[0];
  const assistant = bearer(w.assistant.token);
  const notary = bearer(w.notaries[0].token);
  const booking = (
    await t
      .http()
      .post('/api/bookings')
      .set(assistant)
      .send({
        pointId: w.pointId,
        matterCode: 'declaration',
        start: o.start.toISOString(),
        applicant: { name, idNumber, phone: '13912345678' },
      })
      .expect(201)
  ).body as { id: string; caseNo: string; accessCode: string };
  const reading = {
    bookingId: booking.id,
    idCard: { name, idNumber, validUntil: '2036-01-01' },
    faceMatch: { score: 0.95, liveness: true },
    photo: new Uint8Array([1, 2, 3]),
  };
  await t
    .http()
    .post(`/api/bookings/${booking.id}/check-in`)
    .set(assistant)
    .send({ attestation: await attest(terminal, reading, { now: o.now }) })
    .expect(200);
  const session = (await t.http().post('/api/sessions').set(assistant).send({ bookingId: booking.id }).expect(201)).body as { id: string };
  await t.http().get(`/api/sessions/${session.id}/join`).set(notary).expect(200);
  await t.http().post(`/api/sessions/${session.id}/notice-ack`).set(assistant).expect(200);
  const record = (
    await t
      .http()
      .put(`/api/sessions/${session.id}/record`)
      .set(notary)
      .send({ entries: [{ question: '声明内容是否出于您的真实意愿？', answer: '是。' }] })
      .expect(200)
  ).body as { recordSha256: string };
  await t
    .http()
    .post(`/api/sessions/${session.id}/signature`)
    .set(assistant)
    .send({ imagePng: SIGNATURE_PNG, recordSha256: record.recordSha256 })
    .expect(200);
  if (o.recording !== false) await uploadRecording(t, w.assistant.token, session.id);
  return { booking, sessionId: session.id };
}
