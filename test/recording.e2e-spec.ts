import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ShiftedClock } from '../src/common/clock.js';
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { startTestApp, type TestApp } from './support/app.js';
import { adminPost, buildWorld, ID_NUMBERS, type World } from './support/fixtures.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const MAX = 8 * 1024 * 1024;

describe('session recording upload', () => {
  let t: TestApp;
  let w: World;
  let terminal: SimulatedTerminal;
  let recordingsDir: string;
  let sessionId: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

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
    const start = new Date(NOW.getTime() + 2 * 3600_000);
    const b = (
      await t
        .http()
        .post('/api/bookings')
        .set(bearer(w.assistant.token))
        .send({
          pointId: w.pointId,
          matterCode: 'declaration',
          start: start.toISOString(),
          applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
        })
        .expect(201)
    ).body as { id: string };
    const reading = {
      bookingId: b.id,
      idCard: { name: '王堃', idNumber: ID_NUMBERS[0], validUntil: '2036-01-01' },
      faceMatch: { score: 0.93, liveness: true },
      photo: new TextEncoder().encode('simulated camera frame'),
    };
    await t
      .http()
      .post(`/api/bookings/${b.id}/check-in`)
      .set(bearer(w.assistant.token))
      .send({ attestation: await attest(terminal, reading, { now: NOW }) })
      .expect(200);
    sessionId = (await t.http().post('/api/sessions').set(bearer(w.assistant.token)).send({ bookingId: b.id }).expect(201)).body.id;
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
});
