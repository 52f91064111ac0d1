import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LogService } from '../src/audit/log/log.service.js';
import { verifyEntryProof } from '../src/audit/log/log-proof.js';
import { TokenService } from '../src/auth/token.service.js';
import { extractReceipt, LOG_PROOF_ATTACHMENT } from '../src/certificate/pdf/receipt.js';
import { ShiftedClock } from '../src/common/clock.js';
import { BLOB_STORE, type BlobStore } from '../src/storage/blob-store.js';
import { startTestApp, type TestApp } from './support/app.js';
import { officeWithTerminal, signedSession, type OfficeWithTerminal } from './support/journey.js';
import { RECORDING_DURATION_MS, recordingChunks } from './support/recording.js';
import { startS3, type TestS3 } from './support/s3.js';

/**
 * Recordings in S3-compatible object storage (s3rver on loopback): chunks become objects and
 * nothing lands under DATA_DIR; finish checks the objects; playback streams them with ranges,
 * through a signed same-origin URL that needs no bearer header.
 */
const NOW = new Date('2026-11-30T08:00:00+08:00');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('recordings in S3-compatible object storage', () => {
  let s3: TestS3;
  let t: TestApp;
  let office: OfficeWithTerminal;
  let other: OfficeWithTerminal;
  let sessionId: string;
  const webm = Buffer.concat(recordingChunks());

  beforeAll(async () => {
    s3 = await startS3();
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: '86400', ...s3.env('notary-office') }, { clock: new ShiftedClock(NOW) });
    office = await officeWithTerminal(t);
    other = await officeWithTerminal(t, '2号模拟终端');
    sessionId = (await signedSession(t, office, { start: new Date(NOW.getTime() + 3 * 3600_000), now: NOW })).sessionId;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await s3?.stop();
  });

  it('stores each chunk as an object under the prefix, confirmed, and nothing under DATA_DIR', async () => {
    expect(t.config.objectStore).toMatchObject({ bucket: s3.bucket, prefix: 'notary-office', forcePathStyle: true });
    expect(await s3.keys()).toEqual([0, 1, 2].map((seq) => `notary-office/${sessionId}/00000${seq}.bin`));
    const dataDir = await readdir(t.config.dataDir);
    expect(dataDir).not.toContain('recordings');
    const m = (await t.http().get(`/api/sessions/${sessionId}/recordings`).set(bearer(office.world.assistant.token)).expect(200)).body;
    expect(m.finished).toMatchObject({ chunkCount: 3, bytes: webm.length, durationMs: RECORDING_DURATION_MS });
  });

  it('finds at finish a chunk whose object is gone, and names it', async () => {
    const s = await signedSession(t, office, { start: new Date(NOW.getTime() + 4 * 3600_000), now: NOW, recording: false });
    const chunks = recordingChunks();
    for (const [seq, chunk] of chunks.entries())
      await t
        .http()
        .post(`/api/sessions/${s.sessionId}/recordings?seq=${seq}`)
        .set(bearer(office.world.assistant.token))
        .set('Content-Type', 'application/octet-stream')
        .send(chunk)
        .expect(201);
    // The object of chunk 1 lost in the store (a bucket not shared, a lifecycle rule, an operator).
    await t.app.get<BlobStore>(BLOB_STORE).delete(`${s.sessionId}/000001.bin`);
    const res = await t
      .http()
      .post(`/api/sessions/${s.sessionId}/recordings/finish`)
      .set(bearer(office.world.assistant.token))
      .send({ chunkCount: 3, durationMs: RECORDING_DURATION_MS });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 409,
      body: { code: 'RECORDING_INCOMPLETE', details: { missing: [1], nextSeq: 1 } },
    });
  });

  describe('signed playback URL', () => {
    const urlFor = async (token: string, id = sessionId) =>
      (await t.http().get(`/api/sessions/${id}/recording/url`).set(bearer(token)).expect(200)).body as { url: string; expiresAt: string };
    const fetchUrl = (url: string, range?: string) => {
      const r = t
        .http()
        .get(url)
        .buffer(true)
        .parse((res, cb) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('end', () => cb(null, Buffer.concat(parts)));
        });
      return range ? r.set('Range', range) : r;
    };

    it('gives a same-origin URL valid for the recording’s length plus 30 minutes', async () => {
      const { url, expiresAt } = await urlFor(office.world.notaries[0].token);
      expect(url).toMatch(new RegExp(`^/api/sessions/${sessionId}/recording\\?token=[A-Za-z0-9_.-]+$`));
      const seconds = (new Date(expiresAt).getTime() - NOW.getTime()) / 1000;
      // ShiftedClock runs on from NOW, so the link was made a few seconds after it.
      expect(seconds).toBeGreaterThanOrEqual(Math.ceil(RECORDING_DURATION_MS / 1000) + 1800);
      expect(seconds).toBeLessThan(Math.ceil(RECORDING_DURATION_MS / 1000) + 1800 + 600);
      expect(expiresAt).toMatch(/\+08:00$/);
    });

    it('streams the recording without a bearer header, whole and by ranges, and ffprobe reads it', async () => {
      const { url } = await urlFor(office.world.notaries[0].token);
      const whole = await fetchUrl(url).expect(200);
      expect(whole.headers['content-type']).toBe('video/webm');
      expect(whole.headers['accept-ranges']).toBe('bytes');
      expect((whole.body as Buffer).equals(webm)).toBe(true);
      const size = recordingChunks()[0].length;
      for (const [header, start, end] of [
        ['bytes=0-0', 0, 0],
        [`bytes=${size - 10}-${size + 10}`, size - 10, size + 10], // across two objects
        ['bytes=-100', webm.length - 100, webm.length - 1],
      ] as const) {
        const res = await fetchUrl(url, header).expect(206);
        expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${webm.length}`);
        expect((res.body as Buffer).equals(webm.subarray(start, end + 1))).toBe(true);
      }
      expect((await fetchUrl(url, `bytes=${webm.length}-`)).status).toBe(416);
      const dir = await mkdtemp(path.join(tmpdir(), 'played-'));
      try {
        await writeFile(path.join(dir, 'played.webm'), whole.body as Buffer);
        const probe = JSON.parse(
          (
            await promisify(execFile)('ffprobe', [
              '-v',
              'error',
              '-show_entries',
              'stream=codec_type:format=duration',
              '-of',
              'json',
              path.join(dir, 'played.webm'),
            ])
          ).stdout,
        ) as { streams: { codec_type: string }[]; format: { duration: string } };
        expect(probe.streams.map((x) => x.codec_type).sort()).toEqual(['audio', 'video']);
        expect(Math.abs(Number(probe.format.duration) * 1000 - RECORDING_DURATION_MS)).toBeLessThan(100);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('refuses a link for another session (403), an expired or forged one (401), each with its code', async () => {
      const second = await signedSession(t, office, { start: new Date(NOW.getTime() + 5 * 3600_000), now: NOW });
      const { url } = await urlFor(office.world.notaries[0].token, second.sessionId);
      const token = new URL(url, t.url).searchParams.get('token')!;
      const foreign = await t.http().get(`/api/sessions/${sessionId}/recording?token=${token}`);
      expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 403, code: 'PLAYBACK_LINK_OTHER_SESSION' });

      const tokens = t.app.get(TokenService);
      const expired = await tokens.sign('playback', office.world.notaries[0].id, { sid: sessionId }, -60);
      const late = await t.http().get(`/api/sessions/${sessionId}/recording?token=${expired}`);
      expect({ status: late.status, code: late.body.code }).toEqual({ status: 401, code: 'PLAYBACK_LINK_EXPIRED' });

      // A sign-in token is not a playback link, and a playback link is not a sign-in token.
      const staff = await t.http().get(`/api/sessions/${sessionId}/recording?token=${office.world.notaries[0].token}`);
      expect({ status: staff.status, code: staff.body.code }).toEqual({ status: 401, code: 'INVALID_TOKEN' });
      const asBearer = await t.http().get(`/api/sessions/${sessionId}/recording`).set(bearer(token));
      expect({ status: asBearer.status, code: asBearer.body.code }).toEqual({ status: 401, code: 'INVALID_TOKEN' });
      const forged = await t.http().get(`/api/sessions/${sessionId}/recording?token=${token.slice(0, -4)}AAAA`);
      expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 401, code: 'INVALID_TOKEN' });
      const none = await t.http().get(`/api/sessions/${sessionId}/recording`);
      expect({ status: none.status, code: none.body.code }).toEqual({ status: 401, code: 'AUTH_REQUIRED' });
      const twice = await t.http().get(`/api/sessions/${sessionId}/recording?token=a&token=b`);
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('keeps the access rule behind a link: a user who may not play gets 404, in either way', async () => {
      const outsider = other.world.notaries[0];
      const asked = await t.http().get(`/api/sessions/${sessionId}/recording/url`).set(bearer(outsider.token));
      expect({ status: asked.status, code: asked.body.code }).toEqual({ status: 404, code: 'RECORDING_NOT_FOUND' });
      // A link minted for someone who may not play (as if their rights changed after it was made).
      const minted = await t.app.get(TokenService).sign('playback', outsider.id, { sid: sessionId }, 600);
      const played = await t.http().get(`/api/sessions/${sessionId}/recording?token=${minted}`);
      expect({ status: played.status, code: played.body.code }).toEqual({ status: 404, code: 'RECORDING_NOT_FOUND' });
    });
  });

  // Here rather than in a file of its own, to spare CI one more application start.
  describe('late evidence-log proofs', () => {
    const FIELDS = {
      documentTitle: '放弃继承权声明书',
      declarationSummary: '自愿放弃对父亲王某某遗产的继承权',
      signingMethod: '以电子签名方式签名',
    };
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const pdfOf = async (id: string) =>
      (
        await t
          .http()
          .get(`/api/certificates/${id}/pdf`)
          .set(bearer(office.world.notaries[0].token))
          .buffer(true)
          .parse((res, cb) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => parts.push(d));
            res.on('end', () => cb(null, Buffer.concat(parts)));
          })
          .expect(200)
      ).body as Buffer;
    const proofOf = (id: string, token = office.world.notaries[0].token) =>
      t.http().get(`/api/certificates/${id}/log-proof`).set(bearer(token));

    it('serves the proof of a certificate issued with the integrator stopped once it runs again, leaving the PDF as signed', async () => {
      const log = t.app.get(LogService);
      const s = await signedSession(t, office, { start: new Date(NOW.getTime() + 6 * 3600_000), now: NOW });
      await log.integrator.stop();
      let certificateId: string;
      let pdf: Buffer;
      try {
        certificateId = (
          await t
            .http()
            .post(`/api/sessions/${s.sessionId}/approve`)
            .set(bearer(office.world.notaries[0].token))
            .send({ fields: FIELDS })
            .expect(201)
        ).body.certificateId as string;
        pdf = await pdfOf(certificateId);
        expect(await extractReceipt(new Uint8Array(pdf), LOG_PROOF_ATTACHMENT)).toBeUndefined();
        const pending = await proofOf(certificateId);
        expect({ status: pending.status, code: pending.body.code }).toEqual({ status: 404, code: 'LOG_PROOF_PENDING' });
        expect(pending.headers['retry-after']).toBe('10');
      } finally {
        log.integrator.start();
      }
      // A ceiling, not a speed claim: the integrator's next batch, then the late-proof pass it triggers.
      let served: { status: number; text: string } = { status: 0, text: '' };
      for (let i = 0; i < 400 && served.status !== 200; i++) {
        const [{ stored }] = await t.db.query(`SELECT log_proof IS NOT NULL AS stored FROM certificates WHERE id = $1`, [certificateId]);
        if (stored) served = await proofOf(certificateId);
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(served.status).toBe(200);
      expect(served.text).toMatch(/^c2sp\.org\/tlog-proof@v1\nextra [A-Za-z0-9+/=]+\nindex \d+\n/);
      const [c] = await t.db.query(`SELECT audit_hash AS "auditHash", pdf_sha256 AS "pdfSha256" FROM certificates WHERE id = $1`, [
        certificateId,
      ]);
      expect(
        verifyEntryProof(
          served.text,
          { log: await log.verifierKey() },
          { entryHash: c.auditHash, action: 'certificate.issued', subjectId: certificateId },
        ),
      ).toMatchObject({
        ok: true,
      });
      // The signed PDF is the one issued, byte for byte; the proof lives beside it.
      const again = await pdfOf(certificateId);
      expect(sha(again)).toBe(sha(pdf));
      expect(sha(again)).toBe(c.pdfSha256);
      // The public verify page now shows the inclusion (POST /api/verify answers from the same stored proof).
      const page = await t.http().get(`/verify/${certificateId}`).expect(200);
      expect(page.text).toMatch(/号叶，包含于/);
      // Stored once: the database refuses to change it afterwards.
      await expect(t.db.query(`UPDATE certificates SET log_proof = 'x' WHERE id = $1`, [certificateId])).rejects.toThrow(
        /cannot be changed/,
      );
      const audits = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_entries WHERE subject_id = $1 AND action = 'certificate.log-proof.stored'`,
        [certificateId],
      );
      expect(audits[0].n).toBe(1);
    });

    it('keeps the proof to those who may read the certificate', async () => {
      const [{ id }] = await t.db.query(`SELECT id FROM certificates LIMIT 1`);
      const outsider = await proofOf(id, other.world.notaries[0].token);
      expect({ status: outsider.status, code: outsider.body.code }).toEqual({ status: 404, code: 'CERTIFICATE_NOT_FOUND' });
      const anonymous = await t.http().get(`/api/certificates/${id}/log-proof`);
      expect(anonymous.status).toBe(401);
    });
  });
});
