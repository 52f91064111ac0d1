import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io } from 'socket.io-client';
import { ShiftedClock } from '../src/common/clock.js';
import { RecordingsRepository } from '../src/session/recordings.repository.js';
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminPost, buildWorld, ID_NUMBERS, RECORDING_DURATION_MS, recordingChunks, type World } from './support/fixtures.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const MAX = 8 * 1024 * 1024;

describe('session recording upload', () => {
  let t: TestApp;
  let w: World;
  let terminal: SimulatedTerminal;
  let recordingsDir: string;
  let sessionId: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  /** A session opened at the world's point: booking `slot` half-hours after 10:00, check-in, session. */
  async function newSession(world: World, term: SimulatedTerminal, slot: number) {
    const start = new Date(NOW.getTime() + (2 * 60 + 30 * slot) * 60_000);
    const b = (
      await t
        .http()
        .post('/api/bookings')
        .set(bearer(world.assistant.token))
        .send({
          pointId: world.pointId,
          matterCode: 'declaration',
          start: start.toISOString(),
          applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
        })
        .expect(201)
    ).body as { id: string; caseNo: string; accessCode: string; notary: { id: string } };
    const reading = {
      bookingId: b.id,
      idCard: { name: '王堃', idNumber: ID_NUMBERS[0], validUntil: '2036-01-01' },
      faceMatch: { score: 0.93, liveness: true },
      photo: new TextEncoder().encode('simulated camera frame'),
    };
    await t
      .http()
      .post(`/api/bookings/${b.id}/check-in`)
      .set(bearer(world.assistant.token))
      .send({ attestation: await attest(term, reading, { now: NOW }) })
      .expect(200);
    const id = (await t.http().post('/api/sessions').set(bearer(world.assistant.token)).send({ bookingId: b.id }).expect(201)).body
      .id as string;
    const notary = world.notaries.find((n) => n.id === b.notary.id)!;
    return { sessionId: id, booking: b, notary };
  }

  beforeAll(async () => {
    recordingsDir = await mkdtemp(path.join(tmpdir(), 'recordings-'));
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400', RECORDINGS_DIR: recordingsDir }, { clock: new ShiftedClock(NOW) });
    w = await buildWorld(t, { notaries: 2, hours: { mon: [['00:00', '24:00']] } });
    await t
      .http()
      .put(`/api/notaries/${w.notaries[0].id}/schedule`)
      .set(bearer(w.adminToken))
      .send({ weekly: { mon: [['00:00', '24:00']] }, exceptions: [] })
      .expect(200);
    terminal = await createSimulatedTerminal();
    terminal.kid = (
      await adminPost(t, w.adminToken, `/api/points/${w.pointId}/terminals`, { label: '模拟终端', publicKeyJwk: terminal.publicJwk })
    ).kid;
    sessionId = (await newSession(w, terminal, 0)).sessionId;
    // A ceiling, not a speed claim: embedded PGlite start-up and migrations on a loaded 2-core machine.
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await rm(recordingsDir, { recursive: true, force: true });
  });

  const up = (seq: number, body: Buffer, token = w.assistant.token) =>
    t
      .http()
      .post(`/api/sessions/${sessionId}/recordings?seq=${seq}`)
      .set(bearer(token))
      .set('Content-Type', 'application/octet-stream')
      .send(body);
  const chunkRows = async () =>
    (await t.db.query(`SELECT seq FROM recording_chunks WHERE session_id = $1 ORDER BY seq`, [sessionId])).map(
      (r: { seq: number }) => r.seq,
    );
  const chunkAudits = async () =>
    Number(
      (
        await t.db.query(`SELECT count(*) AS n FROM audit_entries WHERE subject_id = $1 AND action = 'session.recording.chunk'`, [
          sessionId,
        ])
      )[0].n,
    );

  /**
   * Sends the headers (and optionally part of a body) without finishing it, and resolves with the
   * status of the first response: a server that waited for the whole body would never answer.
   */
  function answerBeforeBody(
    headers: Record<string, string>,
    partial = Buffer.alloc(0),
  ): Promise<{ status: number; body: { code?: string } }> {
    const url = new URL(`${t.url}/api/sessions/${sessionId}/recordings?seq=0`);
    return new Promise((resolve, reject) => {
      const req = http.request({
        method: 'POST',
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        headers: { 'Content-Type': 'application/octet-stream', ...headers },
      });
      // A readiness ceiling only, so a regression fails instead of hanging.
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error('no answer while the body was still unsent'));
      }, 10_000);
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          clearTimeout(timer);
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
        });
      });
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.write(partial);
    });
  }

  it('refuses an unauthenticated or non-participant upload before reading its body', async () => {
    const anonymous = await answerBeforeBody({ 'Content-Length': String(1024 * 1024) }, Buffer.alloc(1024));
    expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({ status: 401, code: expect.any(String) });
    const admin = await answerBeforeBody({ 'Content-Length': String(1024 * 1024), ...bearer(w.adminToken) }, Buffer.alloc(1024));
    expect(admin.status).toBe(403);
    expect(await chunkRows()).toEqual([]);
    expect(await chunkAudits()).toBe(0);
  });

  it('refuses a chunk over the 8 MiB limit with 413, declared or streamed, and keeps nothing', async () => {
    const big = await up(0, Buffer.alloc(9.5 * 1024 * 1024, 1));
    expect({ status: big.status, code: big.body.code }).toEqual({ status: 413, code: 'CHUNK_TOO_LARGE' });
    // Declared too large: refused before any byte of the body arrives.
    const declared = await answerBeforeBody({ 'Content-Length': String(MAX + 1), ...bearer(w.assistant.token) });
    expect({ status: declared.status, code: declared.body.code }).toEqual({ status: 413, code: 'CHUNK_TOO_LARGE' });
    // No Content-Length (chunked transfer encoding): counted while it streams.
    const streamed = await answerBeforeBody({ 'Transfer-Encoding': 'chunked', ...bearer(w.assistant.token) }, Buffer.alloc(MAX + 1024, 2));
    expect({ status: streamed.status, code: streamed.body.code }).toEqual({ status: 413, code: 'CHUNK_TOO_LARGE' });
    expect(await chunkRows()).toEqual([]);
    expect(await chunkAudits()).toBe(0);
    expect(await readdir(recordingsDir)).toEqual([]);
  });

  it('stores each accepted chunk under RECORDINGS_DIR, byte for byte, with no temporary file left', async () => {
    const c0 = Buffer.from('first chunk');
    const c1 = Buffer.alloc(MAX, 7); // exactly at the limit is accepted
    await up(0, c0).expect(201);
    await up(1, c1).expect(201);
    expect(await chunkRows()).toEqual([0, 1]);
    const dir = path.join(recordingsDir, sessionId);
    expect(await readdir(dir)).toEqual(['000000.bin', '000001.bin']);
    expect((await readFile(path.join(dir, '000000.bin'))).equals(c0)).toBe(true);
    expect((await readFile(path.join(dir, '000001.bin'))).equals(c1)).toBe(true);
  });

  it('still refuses a wrong content type and an empty chunk, writing nothing', async () => {
    const text = await t
      .http()
      .post(`/api/sessions/${sessionId}/recordings?seq=2`)
      .set(bearer(w.assistant.token))
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect({ status: text.status, code: text.body.code }).toEqual({ status: 400, code: 'EXPECTED_OCTET_STREAM' });
    const empty = await up(2, Buffer.alloc(0));
    expect({ status: empty.status, code: empty.body.code }).toEqual({ status: 400, code: 'EMPTY_CHUNK' });
    expect(await chunkRows()).toEqual([0, 1]);
    expect(await chunkAudits()).toBe(2);
  });

  it('answers a chunk upload whose path has a trailing slash or other letter case, routed like the plain path', async () => {
    const other = (await newSession(w, terminal, 6)).sessionId;
    const paths = [
      `/api/sessions/${other}/recordings/?seq=0`,
      `/API/sessions/${other}/recordings?seq=1`,
      `/Api/Sessions/${other}/Recordings/?seq=2`,
    ];
    for (const [seq, p] of paths.entries()) {
      const res = await t
        .http()
        .post(p)
        .set(bearer(w.assistant.token))
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from(`chunk ${seq}`))
        // A ceiling so that a request left unanswered fails here instead of at the file's timeout.
        .timeout(30_000);
      expect({ path: p, status: res.status }).toEqual({ path: p, status: 201 });
    }
    const rows = await t.db.query(`SELECT seq FROM recording_chunks WHERE session_id = $1 ORDER BY seq`, [other]);
    expect(rows.map((r: { seq: number }) => r.seq)).toEqual([0, 1, 2]);
  });

  describe('playback', () => {
    const all = () => Buffer.concat([Buffer.from('first chunk'), Buffer.alloc(MAX, 7)]);
    const play = (token: string, range?: string) => {
      const r = t
        .http()
        .get(`/api/sessions/${sessionId}/recording`)
        .set(bearer(token))
        .buffer(true)
        .parse((res, cb) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => cb(null, Buffer.concat(parts)));
        });
      return range ? r.set('Range', range) : r;
    };

    it('serves the whole recording as WebM to the case notary, the point assistant and admins', async () => {
      const [{ notaryId }] = await t.db.query(`SELECT notary_id AS "notaryId" FROM sessions WHERE id = $1`, [sessionId]);
      const notary = w.notaries.find((n) => n.id === notaryId)!;
      for (const token of [notary.token, w.assistant.token, w.adminToken]) {
        const res = await play(token).expect(200);
        expect(res.headers['content-type']).toBe('video/webm');
        expect(res.headers['accept-ranges']).toBe('bytes');
        expect((res.body as Buffer).equals(all())).toBe(true);
      }
    });

    it('answers byte ranges with 206 and Content-Range, across chunk boundaries, and 416 past the end', async () => {
      const total = all().length;
      const cases: [string, number, number][] = [
        ['bytes=0-4', 0, 4],
        ['bytes=5-20', 5, 20], // spans chunk 0 and chunk 1
        ['bytes=-3', total - 3, total - 1],
        [`bytes=${total - 10}-`, total - 10, total - 1],
        [`bytes=3-${total + 100}`, 3, total - 1],
      ];
      for (const [header, start, end] of cases) {
        const res = await play(w.assistant.token, header).expect(206);
        expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${total}`);
        expect((res.body as Buffer).equals(all().subarray(start, end + 1))).toBe(true);
      }
      const past = await play(w.assistant.token, `bytes=${total}-`).expect(416);
      expect(past.headers['content-range']).toBe(`bytes */${total}`);
    });

    it('hides the recording (404) from another notary of the office and from a session without one', async () => {
      const [{ notaryId }] = await t.db.query(`SELECT notary_id AS "notaryId" FROM sessions WHERE id = $1`, [sessionId]);
      const other = w.notaries.find((n) => n.id !== notaryId)!;
      const res = await t.http().get(`/api/sessions/${sessionId}/recording`).set(bearer(other.token));
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'RECORDING_NOT_FOUND' });
      const missing = await t.http().get(`/api/sessions/00000000-0000-4000-8000-000000000000/recording`).set(bearer(w.adminToken));
      expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'RECORDING_NOT_FOUND' });
    });
  });

  describe('finish', () => {
    let s: Awaited<ReturnType<typeof newSession>>;
    const chunks = recordingChunks();
    const upTo = (id: string, seq: number, body: Buffer, token = w.assistant.token) =>
      t
        .http()
        .post(`/api/sessions/${id}/recordings?seq=${seq}`)
        .set(bearer(token))
        .set('Content-Type', 'application/octet-stream')
        .send(body);
    const finish = (id: string, body: object, token = w.assistant.token) =>
      t.http().post(`/api/sessions/${id}/recordings/finish`).set(bearer(token)).send(body);
    const manifest = async (id: string, token = w.assistant.token) =>
      (await t.http().get(`/api/sessions/${id}/recordings`).set(bearer(token)).expect(200)).body;
    /** A finish refused with 409 RECORDING_INCOMPLETE, its details holding at least `details` (lists compared whole). */
    const expectIncomplete = (res: { status: number; body: unknown }, details: Record<string, unknown>) =>
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 409, body: { code: 'RECORDING_INCOMPLETE', details } });

    beforeAll(async () => {
      s = await newSession(w, terminal, 1);
    });

    it('reports where to resume (nextSeq) and nothing finished or overridden before the first chunk', async () => {
      expect(await manifest(s.sessionId)).toEqual({
        sessionId: s.sessionId,
        chunks: [],
        totalBytes: 0,
        finalHash: '0'.repeat(64),
        nextSeq: 0,
        finished: null,
        override: null,
      });
      await upTo(s.sessionId, 0, chunks[0]).expect(201);
      await upTo(s.sessionId, 1, chunks[1]).expect(201);
      expect(await manifest(s.sessionId)).toMatchObject({
        nextSeq: 2,
        finished: null,
        override: null,
        totalBytes: chunks[0].length + chunks[1].length,
      });
    });

    it('detects a gap at finish: a chunk never sent, or counted but absent from RECORDINGS_DIR; finishes nothing', async () => {
      expectIncomplete(await finish(s.sessionId, { chunkCount: 3, durationMs: 2008 }), { missing: [2] });
      // A chunk counted in the database whose file this instance cannot see (storage not shared, or lost).
      const file = path.join(recordingsDir, s.sessionId, '000001.bin');
      const bytes = await readFile(file);
      await rm(file);
      try {
        expectIncomplete(await finish(s.sessionId, { chunkCount: 2, durationMs: 1000 }), { missing: [1], nextSeq: 1 });
      } finally {
        await writeFile(file, bytes);
      }
      // Fewer chunks named than the server holds: extra ones are not silently dropped.
      expectIncomplete(await finish(s.sessionId, { chunkCount: 1, durationMs: 1000 }), { missing: [], extra: [1] });
      // A claim of a million chunks: the answer names the first 1,000 missing and counts the rest.
      const huge = await finish(s.sessionId, { chunkCount: 1_000_000, durationMs: 1000 });
      expectIncomplete(huge, { missingCount: 999_998 });
      expect(huge.body.details.missing).toHaveLength(1000);
      expect(huge.body.details.missing.slice(0, 2)).toEqual([2, 3]);
      expect((await manifest(s.sessionId)).finished).toBeNull();
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM recording_finishes WHERE session_id = $1`, [s.sessionId]);
      expect(n).toBe(0);
    });

    it('stores a chunk on an instance whose directory lacks the earlier ones; finishing there names what it cannot see', async () => {
      const other = await newSession(w, terminal, 4);
      await upTo(other.sessionId, 0, chunks[0]).expect(201);
      // Another instance with its own (not shared) RECORDINGS_DIR: nothing of this session there yet.
      await rm(path.join(recordingsDir, other.sessionId), { recursive: true });
      await upTo(other.sessionId, 1, chunks[1]).expect(201);
      expect(await readdir(path.join(recordingsDir, other.sessionId))).toEqual(['000001.bin']);
      expectIncomplete(await finish(other.sessionId, { chunkCount: 2, durationMs: 1000 }), { missing: [0] });
    });

    it('refuses bad finish bodies with 400', async () => {
      for (const body of [
        {},
        { chunkCount: 0, durationMs: 1 },
        { chunkCount: 1.5, durationMs: 1 },
        { chunkCount: 3, durationMs: -1 },
        { chunkCount: '3', durationMs: 1 },
      ]) {
        const res = await finish(s.sessionId, body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('keeps finish to the session’s participants: 404 for another point’s assistant, 403 for others', async () => {
      const other = await buildWorld(t, { notaries: 1 });
      const foreign = await finish(s.sessionId, { chunkCount: 3, durationMs: 2008 }, other.assistant.token);
      expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'SESSION_NOT_FOUND' });
      const otherNotary = w.notaries.find((n) => n.id !== s.notary.id)!;
      const notMine = await finish(s.sessionId, { chunkCount: 3, durationMs: 2008 }, otherNotary.token);
      expect({ status: notMine.status, code: notMine.body.code }).toEqual({ status: 403, code: 'NOT_A_PARTICIPANT' });
      const admin = await finish(s.sessionId, { chunkCount: 3, durationMs: 2008 }, w.adminToken);
      expect(admin.status).toBe(403);
      const citizen = (
        await t.http().post('/api/auth/case-access').send({ caseNo: s.booking.caseNo, accessCode: s.booking.accessCode }).expect(200)
      ).body.accessToken as string;
      const byCitizen = await finish(s.sessionId, { chunkCount: 3, durationMs: 2008 }, citizen);
      expect(byCitizen.status).toBe(403);
      const foreignRead = await t.http().get(`/api/sessions/${s.sessionId}/recordings`).set(bearer(other.assistant.token));
      expect({ status: foreignRead.status, code: foreignRead.body.code }).toEqual({ status: 404, code: 'SESSION_NOT_FOUND' });
      expect((await manifest(s.sessionId)).finished).toBeNull();
    });

    it('pushes recording.progress to the session’s notary over /staff as chunks arrive and at finish', async () => {
      const socket = io(`${t.url}/staff`, { auth: { token: s.notary.token }, transports: ['websocket'], forceNew: true });
      try {
        const events: { sessionId: string; chunks: number; bytes: number; finished: boolean }[] = [];
        socket.on('recording.progress', (e: (typeof events)[number]) => events.push(e));
        await new Promise<void>((resolve, reject) => {
          socket.on('connect', () => resolve());
          socket.on('connect_error', reject);
        });
        await upTo(s.sessionId, 2, chunks[2]).expect(201);
        const total = chunks.reduce((n, c) => n + c.length, 0);
        const done = await finish(s.sessionId, { chunkCount: 3, durationMs: 2008 }, s.notary.token);
        expect(done.status).toBe(201);
        // A ceiling only: the events travel through the socket.io adapter.
        for (let i = 0; i < 200 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
        expect(events).toEqual([
          { sessionId: s.sessionId, chunks: 3, bytes: total, finished: false },
          { sessionId: s.sessionId, chunks: 3, bytes: total, finished: true },
        ]);
      } finally {
        socket.disconnect();
      }
    });

    it('answers a repeated finish with the same manifest (200), other values with 409, and takes no chunk after it', async () => {
      const m = await manifest(s.sessionId);
      const webm = Buffer.concat(chunks);
      expect(m.finished).toEqual({
        sessionId: s.sessionId,
        chunkCount: 3,
        bytes: webm.length,
        durationMs: 2008,
        finalHash: m.finalHash,
        manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        finishedAt: expect.stringMatching(/\+08:00$/),
      });
      expect(m.nextSeq).toBe(3);
      const again = await finish(s.sessionId, { chunkCount: 3, durationMs: 2008 });
      expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: m.finished });
      const other = await finish(s.sessionId, { chunkCount: 3, durationMs: 5000 });
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 409, code: 'RECORDING_ALREADY_FINISHED' });
      const late = await upTo(s.sessionId, 3, Buffer.from('late'));
      expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'RECORDING_FINISHED' });
      expect(await readdir(path.join(recordingsDir, s.sessionId))).toEqual(['000000.bin', '000001.bin', '000002.bin']);
      const audits = await t.db.query(`SELECT payload FROM audit_entries WHERE subject_id = $1 AND action = 'session.recording.finish'`, [
        s.sessionId,
      ]);
      expect(audits.length).toBe(1);
      expect(audits[0].payload).toMatchObject({ chunkCount: 3, durationMs: 2008, manifestSha256: m.finished.manifestSha256 });
    });

    it('plays the finished recording back as a WebM that ffprobe reads (video and audio)', async () => {
      const body = (
        await t
          .http()
          .get(`/api/sessions/${s.sessionId}/recording`)
          .set(bearer(s.notary.token))
          .buffer(true)
          .parse((res, cb) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => parts.push(d));
            res.on('end', () => cb(null, Buffer.concat(parts)));
          })
          .expect(200)
      ).body as Buffer;
      expect(body.equals(Buffer.concat(chunks))).toBe(true);
      const out = path.join(recordingsDir, 'played.webm');
      await writeFile(out, body);
      try {
        const probe = JSON.parse(
          (await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type:format=duration', '-of', 'json', out]))
            .stdout,
        ) as { streams: { codec_type: string }[]; format: { duration: string } };
        expect(probe.streams.map((x) => x.codec_type).sort()).toEqual(['audio', 'video']);
        expect(Math.abs(Number(probe.format.duration) * 1000 - RECORDING_DURATION_MS)).toBeLessThan(100);
      } finally {
        await rm(out, { force: true });
      }
    });
  });

  describe('override', () => {
    let s: Awaited<ReturnType<typeof newSession>>;
    beforeAll(async () => {
      s = await newSession(w, terminal, 2);
    });
    const override = (body: object, token: string) =>
      t.http().post(`/api/sessions/${s.sessionId}/recording-override`).set(bearer(token)).send(body);

    it('is the session’s notary’s alone, with a reason that is not blank', async () => {
      const byAssistant = await override({ reason: '摄像头故障' }, w.assistant.token);
      expect(byAssistant.status).toBe(403);
      const otherNotary = w.notaries.find((n) => n.id !== s.notary.id)!;
      const byOther = await override({ reason: '摄像头故障' }, otherNotary.token);
      expect({ status: byOther.status, code: byOther.body.code }).toEqual({ status: 403, code: 'NOT_ASSIGNED_NOTARY' });
      for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(301) }, { reason: 7 }]) {
        const res = await override(body, s.notary.token);
        expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      }
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM recording_overrides WHERE session_id = $1`, [s.sessionId]);
      expect(n).toBe(0);
    });

    it('is recorded once, audited, and shown by GET …/recordings', async () => {
      const res = await override({ reason: ' 受理点网络中断，录像无法上传 ' }, s.notary.token).expect(201);
      expect(res.body).toEqual({
        sessionId: s.sessionId,
        override: { reason: '受理点网络中断，录像无法上传', by: s.notary.id, at: expect.stringMatching(/\+08:00$/) },
      });
      const again = await override({ reason: '再次' }, s.notary.token);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'RECORDING_ALREADY_OVERRIDDEN' });
      const m = (await t.http().get(`/api/sessions/${s.sessionId}/recordings`).set(bearer(w.assistant.token)).expect(200)).body;
      expect(m.override).toEqual(res.body.override);
      const audits = await t.db.query(`SELECT payload FROM audit_entries WHERE subject_id = $1 AND action = 'session.recording.override'`, [
        s.sessionId,
      ]);
      expect(audits.map((a: { payload: unknown }) => a.payload)).toEqual([{ reason: '受理点网络中断，录像无法上传' }]);
    });
  });

  describe('retention', () => {
    it('stamps every recording row with RECORDING_RETENTION_YEARS (default 60) after its creation', async () => {
      const rows = await t.db.query(
        `SELECT created_at AS "createdAt", retain_until AS "retainUntil" FROM recording_chunks WHERE session_id = $1 ORDER BY seq`,
        [sessionId],
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows as { createdAt: Date; retainUntil: Date }[]) {
        const expected = new Date(r.createdAt);
        expected.setUTCFullYear(expected.getUTCFullYear() + 60);
        expect(new Date(r.retainUntil).toISOString()).toBe(expected.toISOString());
      }
    });

    it('refuses in the database to delete a recording row before its retention ends, or to change one', async () => {
      await expect(t.db.query(`DELETE FROM recording_chunks WHERE session_id = $1`, [sessionId])).rejects.toThrow(/retained until/);
      await expect(t.db.query(`DELETE FROM recording_finishes`)).rejects.toThrow(/retained until/);
      await expect(t.db.query(`DELETE FROM recording_overrides`)).rejects.toThrow(/retained until/);
      await expect(t.db.query(`UPDATE recording_chunks SET retain_until = now() WHERE session_id = $1`, [sessionId])).rejects.toThrow(
        /cannot be changed/,
      );
      await expect(t.db.query(`TRUNCATE recording_chunks CASCADE`)).rejects.toThrow(/cannot be truncated/);
      expect(await chunkRows()).toEqual([0, 1]);
    });

    it('lists what has passed its retention (npm run recordings:expired), and only then lets it be deleted', async () => {
      const old = await newSession(w, terminal, 3);
      // A recording made long ago: rows written as they would have been, with a retention that ended in 2000.
      await t.db.query(
        `INSERT INTO recording_chunks (session_id, seq, size, sha256, chain_hash, created_at, retain_until)
         VALUES ($1, 0, 5, $2, $2, '1940-01-01T00:00:00Z', '2000-01-01T00:00:00Z')`,
        [old.sessionId, 'a'.repeat(64)],
      );
      const now = new Date();
      const expiredRecordings = (at: Date) => new RecordingsRepository(t.db).expired(at);
      const expired = await expiredRecordings(now);
      expect(expired).toEqual([
        { sessionId: old.sessionId, caseNo: old.booking.caseNo, chunks: 1, bytes: 5, retainUntil: '2000-01-01T00:00:00.000Z' },
      ]);
      // Sixty years on, the recordings made today are listed too.
      const later = await expiredRecordings(new Date(Date.UTC(2100, 0, 1)));
      expect(later.map((r) => r.sessionId)).toEqual(expect.arrayContaining([old.sessionId, sessionId]));
      await t.db.query(`DELETE FROM recording_chunks WHERE session_id = $1`, [old.sessionId]);
      expect(await expiredRecordings(now)).toEqual([]);
    });
  });

  describe('ids and numbers as the database has them', () => {
    const post = (id: string, seq: string, body: Buffer) =>
      t
        .http()
        .post(`/api/sessions/${id}/recordings?seq=${seq}`)
        .set(bearer(w.assistant.token))
        .set('Content-Type', 'application/octet-stream')
        .send(body);
    const chunks = recordingChunks();

    it('keeps one folder per session whatever the letter case of the URL, and finishes it', async () => {
      const { sessionId: id } = await newSession(w, terminal, 5);
      const upper = id.toUpperCase();
      await post(upper, '0', chunks[0]).expect(201);
      await post(id, '1', chunks[1]).expect(201);
      await post(upper, '2', chunks[2]).expect(201);
      expect((await readdir(recordingsDir)).filter((d) => d.toLowerCase() === id)).toEqual([id]);
      expect(await readdir(path.join(recordingsDir, id))).toEqual(['000000.bin', '000001.bin', '000002.bin']);
      const done = await t
        .http()
        .post(`/api/sessions/${upper}/recordings/finish`)
        .set(bearer(w.assistant.token))
        .send({ chunkCount: 3, durationMs: 2008 });
      expect(done.status).toBe(201);
      expect(done.body.sessionId).toBe(id);
      const subjects = (await t.db.query(
        `SELECT DISTINCT subject_id AS s FROM audit_entries WHERE lower(subject_id) = $1 AND action LIKE 'session.recording.%'`,
        [id],
      )) as { s: string }[];
      expect(subjects).toEqual([{ s: id }]);
      const played = await t
        .http()
        .get(`/api/sessions/${upper}/recording`)
        .set(bearer(w.assistant.token))
        .buffer(true)
        .parse((res, cb) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => cb(null, Buffer.concat(parts)));
        })
        .expect(200);
      expect((played.body as Buffer).equals(Buffer.concat(chunks))).toBe(true);
    });

    it.each([[''], ['1e3'], ['0x1'], ['%2B1'], ['+1'], ['%201'], ['1.0'], ['-0'], ['0&seq=1'], ['12345678']])(
      'refuses seq=%s with 400 and stores nothing: plain decimal digits only',
      async (seq) => {
        const { allRowCounts } = await import('./support/row-counts.js');
        const before = await allRowCounts(t);
        const res = await post(sessionId, seq, Buffer.from('chunk'));
        expect({ seq, status: res.status, code: res.body.code }).toEqual({ seq, status: 400, code: 'VALIDATION_FAILED' });
        expect(await allRowCounts(t)).toEqual(before);
      },
    );

    it('compares a finish’s chunkCount with the stored count before looking at any chunk', async () => {
      const { sessionId: id } = await newSession(w, terminal, 7);
      await post(id, '0', chunks[0]).expect(201);
      await post(id, '1', chunks[1]).expect(201);
      // A file gone from this instance's directory: only a finish whose count matches goes looking.
      const file = path.join(recordingsDir, id, '000000.bin');
      const bytes = await readFile(file);
      await rm(file);
      try {
        const huge = await t
          .http()
          .post(`/api/sessions/${id}/recordings/finish`)
          .set(bearer(w.assistant.token))
          .send({ chunkCount: 1_000_000, durationMs: 1000 });
        expect({ status: huge.status, body: huge.body }).toMatchObject({
          status: 409,
          body: { code: 'RECORDING_INCOMPLETE', details: { missingCount: 999_998, extraCount: 0, nextSeq: 2 } },
        });
        expect(huge.body.details.missing).toHaveLength(1000);
        expect(huge.body.details.missing.slice(0, 2)).toEqual([2, 3]);
        const matching = await t
          .http()
          .post(`/api/sessions/${id}/recordings/finish`)
          .set(bearer(w.assistant.token))
          .send({ chunkCount: 2, durationMs: 1000 });
        expect({ status: matching.status, missing: matching.body.details?.missing }).toEqual({ status: 409, missing: [0] });
      } finally {
        await writeFile(file, bytes);
      }
    });
  });
});
