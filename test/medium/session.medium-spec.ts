import { beforeAll, describe, expect, it } from '@jest/globals';
import { BookingService } from '../../src/booking/booking.service.js';
import { RecordingService } from '../../src/session/recording.service.js';
import { SessionService } from '../../src/session/session.service.js';
import { RECORDING_DURATION_MS, recordingChunks } from '../support/recording.js';
import { SIGNATURE_PNG } from '../support/world.js';
import { hoursFromNow, refusal, useMedium, type Medium } from './support.js';

/** The session's moves and the recording's finish, through the services on a real database. */
describe('session (medium)', () => {
  let m: Medium;
  let sessions: SessionService;
  let recordings: RecordingService;
  let bookings: BookingService;
  const medium = useMedium();
  beforeAll(() => {
    m = medium();
    sessions = m.get(SessionService);
    recordings = m.get(RecordingService);
    bookings = m.get(BookingService);
  });

  const statusOf = async (id: string) =>
    ((await m.db.query(`SELECT status FROM sessions WHERE id = $1`, [id])) as { status: string }[])[0].status;
  const bookingStatus = async (id: string) => (await bookings.find(id))!.status;

  describe('moves', () => {
    it('opens a session only for a checked-in booking, once; the booking goes in_session', async () => {
      const o = await m.world();
      const { booking, sessionId, point } = await m.openCase(o);
      expect(await statusOf(sessionId)).toBe('waiting_notary');
      expect(await bookingStatus(booking.id)).toBe('in_session');
      const again = await refusal(sessions.create(point.assistant.as, booking.id));
      expect({ status: again.status, code: again.code }).toEqual({ status: 409, code: 'SESSION_EXISTS' });
      const fresh = await m.steps.book(point.assistant.as, {
        pointId: point.id,
        matterCode: 'declaration',
        start: hoursFromNow(m.clock, 5).toISOString(),
        applicant: { name: '王堃', idNumber: '321181199003070013', phone: '13912345678' },
      });
      expect((await refusal(sessions.create(point.assistant.as, fresh.id))).code).toBe('NOT_CHECKED_IN');
    });

    // Moved from test/session.e2e-spec.ts ("refuses illegal moves with 409 naming the current state").
    it('refuses illegal moves with 409 ILLEGAL_TRANSITION naming the current state', async () => {
      const o = await m.world();
      const { booking, sessionId, notary, point } = await m.openCase(o);
      const assistant = point.assistant.as;
      const record = await refusal(sessions.writeRecord(notary.as, sessionId, [{ question: 'q', answer: 'a' }]));
      expect({ status: record.status, code: record.code, state: (record.details as { status?: string }).status }).toEqual({
        status: 409,
        code: 'ILLEGAL_TRANSITION',
        state: 'waiting_notary',
      });
      await sessions.acknowledgeNotice(assistant, sessionId);
      const sign = await refusal(sessions.sign(assistant, sessionId, SIGNATURE_PNG, 'a'.repeat(64)));
      expect({ status: sign.status, code: sign.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
      const reject = await refusal(sessions.reject(notary.as, sessionId, 'x'));
      expect({ status: reject.status, code: reject.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
      await sessions.abort(assistant, sessionId, '申请人离开');
      const after = await refusal(sessions.abort(assistant, sessionId, 'again'));
      expect({ status: after.status, code: after.code, state: (after.details as { status?: string }).status }).toEqual({
        status: 409,
        code: 'ILLEGAL_TRANSITION',
        state: 'aborted',
      });
      // The aborted session gives the booking back (confirmed) and its check-in stands: a new attempt opens.
      expect(await bookingStatus(booking.id)).toBe('confirmed');
      const retry = await sessions.create(assistant, booking.id);
      expect(retry.status).toBe('waiting_notary');
      expect(await bookingStatus(booking.id)).toBe('in_session');
    });

    it('goes waiting_notary → live (the notary joins) → signing (the applicant signs the record shown); reject ends the case', async () => {
      const o = await m.world();
      const { booking, sessionId, notary, point } = await m.openCase(o);
      await sessions.join(notary.as, sessionId);
      expect(await statusOf(sessionId)).toBe('live');
      await sessions.acknowledgeNotice(point.assistant.as, sessionId);
      const v1 = await sessions.writeRecord(notary.as, sessionId, [{ question: '是否自愿？', answer: '是。' }]);
      const v2 = await sessions.writeRecord(notary.as, sessionId, [{ question: '是否自愿？', answer: '是，自愿。' }]);
      expect(v2.version).toBe(v1.version + 1);
      const stale = await refusal(sessions.sign(point.assistant.as, sessionId, SIGNATURE_PNG, v1.recordSha256));
      expect(stale.status).toBe(409);
      expect(await sessions.sign(point.assistant.as, sessionId, SIGNATURE_PNG, v2.recordSha256)).toMatchObject({ status: 'signing' });
      const locked = await refusal(sessions.writeRecord(notary.as, sessionId, [{ question: 'q', answer: 'a' }]));
      expect(locked.code).toBe('ILLEGAL_TRANSITION');
      await sessions.reject(notary.as, sessionId, '材料不全');
      expect(await statusOf(sessionId)).toBe('rejected');
      expect(await bookingStatus(booking.id)).toBe('completed');
      const trail = (await m.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [sessionId])) as {
        action: string;
      }[];
      expect(trail.map((r) => r.action)).toEqual([
        'session.created',
        'session.live',
        'session.notice.acknowledged',
        'session.record.written',
        'session.record.written',
        'session.signed',
        'session.rejected',
      ]);
    });
  });

  describe('recording finish', () => {
    const upload = async (actor: Parameters<RecordingService['addChunk']>[0], id: string, chunks: Buffer[], from = 0) => {
      for (let seq = from; seq < chunks.length; seq++) await recordings.addChunk(actor, id, seq, () => Promise.resolve(chunks[seq]));
    };

    it('finishes only what it holds: a gap is named and nothing is finished', async () => {
      const o = await m.world();
      const { sessionId, point } = await m.openCase(o);
      const chunks = recordingChunks();
      await upload(point.assistant.as, sessionId, chunks.slice(0, 2));
      const gap = await refusal(recordings.finish(point.assistant.as, sessionId, chunks.length, RECORDING_DURATION_MS));
      expect({ status: gap.status, code: gap.code }).toEqual({ status: 409, code: 'RECORDING_INCOMPLETE' });
      expect(gap.details).toMatchObject({ missing: [2], nextSeq: 2 });
      expect(await m.db.query(`SELECT count(*)::int AS n FROM recording_finishes WHERE session_id = $1`, [sessionId])).toEqual([{ n: 0 }]);
      const order = await refusal(recordings.addChunk(point.assistant.as, sessionId, 5, () => Promise.resolve(chunks[2])));
      expect(order.code).toBe('RECORDING_OUT_OF_ORDER');
    });

    it('answers a repeated finish with the same manifest, other values with 409, and takes no chunk after it', async () => {
      const o = await m.world();
      const { sessionId, point } = await m.openCase(o);
      const chunks = recordingChunks();
      await upload(point.assistant.as, sessionId, chunks);
      const first = await recordings.finish(point.assistant.as, sessionId, chunks.length, RECORDING_DURATION_MS);
      expect(first.created).toBe(true);
      expect(first.manifest).toMatchObject({
        chunkCount: chunks.length,
        durationMs: RECORDING_DURATION_MS,
        bytes: Buffer.concat(chunks).length,
      });
      const again = await recordings.finish(point.assistant.as, sessionId, chunks.length, RECORDING_DURATION_MS);
      expect(again).toEqual({ created: false, manifest: first.manifest });
      const other = await refusal(recordings.finish(point.assistant.as, sessionId, chunks.length, RECORDING_DURATION_MS + 1));
      expect(other.code).toBe('RECORDING_ALREADY_FINISHED');
      const late = await refusal(recordings.addChunk(point.assistant.as, sessionId, chunks.length, () => Promise.resolve(chunks[0])));
      expect(late.code).toBe('RECORDING_FINISHED');
    });
  });
});
