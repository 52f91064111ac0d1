import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { PDFDocument } from 'pdf-lib';
import { NoteSigner } from '../src/audit/log/note.js';
import { ShiftedClock } from '../src/common/clock.js';
import { extractReceipt, loadOrCreateDevCa, loadOrCreateDevSigner } from '../src/certificate/pdf/index.js';
import { createApp } from '../src/app.factory.js';
import { inkRatio, pdffonts, pdfsig, pdftotext, rasterizeGray } from '../src/certificate/pdf/poppler.js';
import { TITLE_BOX } from '../src/certificate/pdf/render.js';
import type { SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { startTestApp, type TestApp } from './support/app.js';
import { run } from './support/process.js';
import { ResponseContract } from './support/response-contract.js';
import { startLocalTsa, type LocalTsa } from './support/tsa.js';
import { officeWithTerminal, signedSession as signedSessionVia } from './support/journey.js';
import { prepareWitness, removeWitness, type TestWitness } from './support/witness.js';
import { adminPost, buildWorld, ID_NUMBERS, recordingChunks, type World } from './support/fixtures.js';

const NOW = new Date('2026-11-30T08:00:00+08:00');
const FIELDS = {
  documentTitle: '放弃继承权声明书',
  declarationSummary: '自愿放弃对父亲王某某遗产的继承权',
  signingMethod: '以电子签名方式签名',
};
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Office {
  world: World;
  terminal: SimulatedTerminal;
  slot: number;
}

describe('certificates', () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let main: Office;
  let witness: TestWitness;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  async function office(): Promise<Office> {
    return { ...(await officeWithTerminal(t)), slot: 0 };
  }

  /** A session brought to `signing` through the API, recording finished unless `recording` is false; the office's next half-hour slot. */
  const signedSession = (o: Office, name = '王堃', recording = true) =>
    signedSessionVia(t, o, { start: new Date(NOW.getTime() + (2 * 60 + 30 * o.slot++) * 60_000), now: clock.now(), name, recording });

  /** The office's notary approves the session, with the wording's fields unless `body` says otherwise. */
  const approve = (o: Office, sessionId: string, body: object = { fields: FIELDS }) =>
    t.http().post(`/api/sessions/${sessionId}/approve`).set(bearer(o.world.notaries[0].token)).send(body);

  /** A certificate's stored PDF, as the holder of `token` downloads it. */
  const download = async (certificateId: string, token: string) =>
    (await t.http().get(`/api/certificates/${certificateId}/pdf`).set(bearer(token)).buffer(true).parse(binary).expect(200)).body as Buffer;

  /** A new case of the office taken through signing and approved: its certificate and PDF. */
  async function issue(o: Office) {
    const { sessionId } = await signedSession(o);
    const c = (await approve(o, sessionId).expect(201)).body as { certificateId: string; certificateNo: string };
    return { ...c, sessionId, pdf: await download(c.certificateId, o.world.notaries[0].token) };
  }

  /** `POST /api/verify` with the PDF, from its own address (the route is throttled per address). */
  const verifyPdf = (pdf: Buffer, ip: string) =>
    t.http().post('/api/verify').set('X-Forwarded-For', ip).set('Content-Type', 'application/pdf').send(pdf);

  beforeAll(async () => {
    clock = new ShiftedClock(NOW);
    // A real witness cosigns the log, and approval may wait for it as long as the machine needs:
    // the certificate then always embeds a cosigned checkpoint (production waits at most 1 s).
    witness = await prepareWitness('witness.test/w1');
    t = await startTestApp(
      {
        ACCESS_TOKEN_TTL_SECONDS: '86400',
        PUBLIC_BASE_URL: 'https://notary.example.cn',
        WITNESS_URLS: witness.env,
        LOG_PROOF_WAIT_MS: '60000',
      },
      { clock },
    );
    await witness.start((await t.http().get('/log/verifier-key').expect(200)).text.trim());
    main = await office();
  });
  afterAll(async () => {
    await t?.close();
    await removeWitness(witness);
  });

  describe('an approved session', () => {
    let cert: { certificateId: string; certificateNo: string };
    let booking: { id: string; caseNo: string; accessCode: string };
    let sessionId: string;
    let citizen: string;
    let pdf: Buffer;

    beforeAll(async () => {
      ({ booking, sessionId } = await signedSession(main));
      await t
        .http()
        .put(`/api/sessions/${sessionId}/matter-fields`)
        .set(bearer(main.world.notaries[0].token))
        .send({ fields: FIELDS })
        .expect(200);
      cert = (await approve(main, sessionId, {}).expect(201)).body;
      citizen = (await t.http().post('/api/auth/case-access').send({ caseNo: booking.caseNo, accessCode: booking.accessCode }).expect(200))
        .body.accessToken;
      pdf = await download(cert.certificateId, citizen);
    });

    it('is numbered (year)prefix证字第N号 and moves the session to approved and the booking to completed', async () => {
      const [{ prefix }] = await t.db.query(`SELECT certificate_prefix AS prefix FROM offices WHERE id = $1`, [main.world.officeId]);
      expect(cert.certificateNo).toBe(`(2026)${prefix}证字第1号`);
      expect((await t.http().get(`/api/sessions/${sessionId}`).set(bearer(citizen)).expect(200)).body).toMatchObject({
        status: 'approved',
        certificateId: cert.certificateId,
      });
      expect((await t.http().get(`/api/bookings/${booking.id}`).set(bearer(citizen)).expect(200)).body).toMatchObject({
        status: 'completed',
        certificateId: cert.certificateId,
      });
      const again = await approve(main, sessionId, {});
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'ILLEGAL_TRANSITION' });
    });

    it('is a PDF whose text has the number, the applicant with a rare character, and the wording', async () => {
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdftotext(pdf)).replace(/\s+/g, '');
      expect(text).toContain('公证书');
      expect(text).toContain(cert.certificateNo);
      expect(text).toContain('王堃');
      expect(text).toContain('放弃继承权声明书');
      expect(text).toContain('二〇二六年十一月三十日');
      expect(text).toMatch(/远程视频/);
      expect(text).toContain('3211**********0013'); // the evidence page masks the ID number
    });

    it('prints the finished recording on the evidence page: manifest hash, duration and size', async () => {
      const m = (await t.http().get(`/api/sessions/${sessionId}/recordings`).set(bearer(main.world.assistant.token)).expect(200)).body;
      const bytes = recordingChunks().reduce((n, c) => n + c.length, 0);
      expect(m.finished).toMatchObject({ chunkCount: 3, bytes, durationMs: 2008 });
      const text = (await pdftotext(pdf)).replace(/\s+/g, '');
      expect(text).toContain(`录像清单SHA-256${m.finished.manifestSha256}`);
      expect(text).toContain('时长：0分02秒（2008毫秒）');
      expect(text).toContain(`大小：${bytes}字节，3段`);
      expect(text).toContain(`链尾哈希：${m.finished.finalHash}`);
      expect(text).not.toContain('录像豁免');
    });

    it('embeds every font (subsets) and draws the Chinese title with ink', async () => {
      const fonts = await pdffonts(pdf);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.every((f) => f.embedded && f.subset)).toBe(true);
      expect(inkRatio(await rasterizeGray(pdf, 1, 50), TITLE_BOX)).toBeGreaterThan(0.02);
    });

    it('carries a CMS signature that pdfsig reports valid', async () => {
      const out = await pdfsig(pdf);
      expect(out).toContain('Signature Validation: Signature is Valid.');
    });

    it('returns the same bytes every time, matching the recorded SHA-256', async () => {
      const notary = await download(cert.certificateId, main.world.notaries[0].token);
      expect(sha256(notary)).toBe(sha256(pdf));
      const meta = (await t.http().get(`/api/certificates/${cert.certificateId}`).set(bearer(main.world.assistant.token)).expect(200)).body;
      expect(meta).toMatchObject({ no: cert.certificateNo, status: 'valid', pdfSha256: sha256(pdf), holderMasked: '3211**********0013' });
    });

    it('hides the certificate (404) from everyone but its citizen, the office’s notaries and the point’s assistants', async () => {
      const other = await buildWorld(t);
      const otherCase = (
        await t
          .http()
          .post('/api/bookings')
          .set(bearer(other.assistant.token))
          .send({
            pointId: other.pointId,
            matterCode: 'declaration',
            start: '2026-12-01T09:00:00+08:00',
            applicant: { name: '李四', idNumber: ID_NUMBERS[1], phone: '13800000000' },
          })
          .expect(201)
      ).body;
      const otherCitizen = (
        await t.http().post('/api/auth/case-access').send({ caseNo: otherCase.caseNo, accessCode: otherCase.accessCode }).expect(200)
      ).body.accessToken;
      for (const token of [other.notaries[0].token, other.assistant.token, otherCitizen]) {
        const res = await t.http().get(`/api/certificates/${cert.certificateId}/pdf`).set(bearer(token));
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'CERTIFICATE_NOT_FOUND' });
        expect((await t.http().get(`/api/certificates/${cert.certificateId}`).set(bearer(token))).status).toBe(404);
      }
      await t.http().get(`/api/certificates/${cert.certificateId}/pdf`).expect(401);
      await t.http().get(`/api/certificates/${cert.certificateId}/pdf`).set(bearer(main.world.adminToken)).expect(200);
    });

    it('embeds a receipt that verifies offline with /.well-known/jwks.json alone', async () => {
      const jws = await extractReceipt(new Uint8Array(pdf));
      expect(jws).toBeDefined();
      const jwks = (await (await fetch(`${t.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      const { payload, protectedHeader } = await compactVerify(jws!, createLocalJWKSet(jwks));
      expect(protectedHeader.alg).toBe('EdDSA');
      const claims = JSON.parse(new TextDecoder().decode(payload));
      expect(claims).toMatchObject({
        certificateId: cert.certificateId,
        no: cert.certificateNo,
        matter: { code: 'declaration' },
        audit: { seq: expect.any(Number) },
      });
      expect(claims.holderHash).toBe(createHash('sha256').update(`${cert.certificateId}:${ID_NUMBERS[0]}:王堃`).digest('hex'));
      const [entry] = await t.db.query(`SELECT hash FROM audit_entries WHERE seq = $1`, [claims.audit.seq]);
      expect(entry.hash).toBe(claims.audit.hash);
    });

    it('embeds the issuing entry’s evidence-log proof against a witness-cosigned checkpoint, which verifies offline with the public keys alone', async () => {
      const proof = await extractReceipt(new Uint8Array(pdf), 'log-proof.tlog-proof');
      expect(proof).toMatch(/^c2sp\.org\/tlog-proof@v1\nextra [A-Za-z0-9+/=]+\nindex \d+\n/);
      expect(proof).toContain('\n— witness.test/w1 ');
      const logKey = (await t.http().get('/log/verifier-key').expect(200)).text.trim();
      const dir = await mkdtemp(path.join(tmpdir(), 'cert-log-'));
      const offline = async (...extra: string[]) => {
        const r = run('dist/src/certificate/verify-offline-cli.js', {}, [
          path.join(dir, 'c.pdf'),
          '--jwks',
          path.join(dir, 'jwks.json'),
          ...extra,
        ]);
        return { code: await r.exited, out: r.output() };
      };
      try {
        await writeFile(path.join(dir, 'c.pdf'), pdf);
        await writeFile(path.join(dir, 'jwks.json'), JSON.stringify(await (await fetch(`${t.url}/.well-known/jwks.json`)).json()));
        const ok = await offline('--log-key', logKey, '--witness-key', witness.key.verifierKey);
        expect(ok.code).toBe(0);
        expect(ok.out).toMatch(/evidence log: leaf \d+ included in notary\.example\.cn\/log at size \d+, cosigned by witness\.test\/w1/);
        // Another log's key does not vouch for it,
        expect((await offline('--log-key', 'notary.example.cn/log+00000000+AQ' + 'A'.repeat(43))).code).not.toBe(0);
        // nor does a witness that never cosigned it.
        const stranger = new NoteSigner('witness.test/w2', randomBytes(32), 'cosignature');
        const unwitnessed = await offline('--log-key', logKey, '--witness-key', stranger.verifierKey);
        expect(unwitnessed.code).not.toBe(0);
        expect(unwitnessed.out).toContain('no cosignature from the witnesses given');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('answers verification with the log proof checked: index, checkpoint size, cosigning witness', async () => {
      const r = (await verifyPdf(pdf, '10.5.0.77').expect(200)).body;
      expect(r.log).toMatchObject({ present: true, ok: true, origin: 'notary.example.cn/log', cosignedBy: ['witness.test/w1'] });
      expect(r.log.index).toBeLessThan(r.log.treeSize);
    });

    describe('verification', () => {
      const verify = (body: Buffer, ip = '10.5.0.1') => verifyPdf(body, ip);

      it('says valid for the issued bytes, with the certificate, signature and audit facts', async () => {
        const res = await verify(pdf).expect(200);
        expect(res.body).toMatchObject({
          valid: true,
          certificate: { no: cert.certificateNo, matter: '声明', holderMasked: '王*', status: 'valid' },
          signature: { cms: 'valid' },
          audit: { chainOk: true },
          log: { present: true, ok: true, origin: 'notary.example.cn/log' },
        });
        // The whole answer is what the OpenAPI document promises the verify pages and outside clients.
        const contract = new ResponseContract((await t.http().get('/api/docs-json').expect(200)).body);
        expect(contract.check('POST /api/verify', 200, res.body)).toEqual([]);
        expect(res.body.signature).toMatchObject({ signer: expect.any(String), signerSerial: expect.stringMatching(/^[0-9a-f]+$/i) });
      });

      it('accepts the PDF as multipart field "file" too', async () => {
        const res = await t
          .http()
          .post('/api/verify')
          .set('X-Forwarded-For', '10.5.0.2')
          .attach('file', pdf, 'certificate.pdf')
          .expect(200);
        expect(res.body.valid).toBe(true);
      });

      it('says TAMPERED when one byte changes', async () => {
        const copy = Buffer.from(pdf);
        // A fixed place, whatever the layout: a hex digit of the signature, which leaves the PDF readable
        // (a byte picked by position could land in a compressed stream and make it unreadable instead).
        const at = copy.indexOf('/Contents <') + '/Contents <'.length + 40;
        expect(at).toBeGreaterThan(100);
        copy[at] = copy[at] === 0x30 ? 0x31 : 0x30;
        const res = await verify(copy).expect(200);
        expect(res.body).toMatchObject({ valid: false, reason: 'TAMPERED', certificate: { no: cert.certificateNo } });
      });

      it('says UNKNOWN for a PDF we never issued, and 400 for something that is not a PDF', async () => {
        const doc = await PDFDocument.create();
        doc.addPage().drawText('Certificate of nothing');
        const res = await verify(Buffer.from(await doc.save())).expect(200);
        expect(res.body).toEqual({ valid: false, reason: 'UNKNOWN' });
        expect((await verify(Buffer.from('hello world')).expect(400)).body.code).toBe('NOT_A_PDF');
        expect((await t.http().post('/api/verify').set('X-Forwarded-For', '10.5.0.3').send({}).expect(400)).body.code).toBe('NO_PDF');
      });

      it('throttles verification per address', async () => {
        let last = 0;
        for (let i = 0; i < 32; i++) last = (await verify(Buffer.from('%PDF-1.7 x'), '10.6.0.1')).status;
        expect(last).toBe(429);
        expect((await verify(pdf, '10.6.0.2')).status).toBe(200);
      });

      it('serves a Chinese verification page for the QR code', async () => {
        const res = await t.http().get(`/verify/${cert.certificateId}`).expect(200);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.text).toContain('有效');
        expect(res.text).toContain(cert.certificateNo);
        expect(res.text).toContain(sha256(pdf));
        expect(res.text).not.toContain('王堃');
        // The evidence-log line: the issuing entry's leaf in a checkpoint the witness cosigned.
        expect(res.text).toMatch(
          /<dd id="log">第 \d+ 号叶，包含于 notary\.example\.cn\/log 树大小 \d+ 的签名检查点，见证人 witnessed by witness\.test\/w1/,
        );
        expect(res.text).toContain('/verify-assets/verify.js');
        expect((await t.http().get('/verify-assets/verify.js').expect(200)).headers['content-type']).toContain('javascript');
        expect((await t.http().get('/verify/00000000-0000-4000-8000-000000000000').expect(200)).text).toContain('未找到');
        // Plain words first, in one language; the bundled font from this origin; a switch to English.
        expect(res.text).toContain('出具记录已写入公开的存证日志');
        expect(res.text).toMatch(/<details><summary>技术详情<\/summary>[\s\S]*C2SP tlog-proof[\s\S]*<\/details>/);
        expect(res.text).toContain('href="/verify-assets/font/400.css"');
        expect((await t.http().get('/verify-assets/font/400.css').expect(200)).text).toContain("font-family: 'Noto Sans SC'");
        const en = await t.http().get(`/verify/${cert.certificateId}?lang=en`).expect(200);
        expect(en.text).toContain('<html lang="en">');
        expect(en.text).toContain('Valid: issued by this notary office');
        // A refusal like any other (sent under the page's HTML content type, so read as text).
        expect((await t.http().get(`/verify/${cert.certificateId}?lang=fr`).expect(400)).text).toContain('"code":"VALIDATION_FAILED"');
      });
    });

    describe('revocation', () => {
      it('is refused to a colleague of the issuing notary (issuing notary or admin only)', async () => {
        const colleague = await adminPost(t, main.world.adminToken, `/api/offices/${main.world.officeId}/notaries`, {
          username: 'colleague-notary',
          password: 'notary-password-2',
          displayName: '同事公证员',
          licenseNo: 'LIC-COLLEAGUE',
        });
        expect(colleague.id).toBeDefined();
        const token = await t.login('colleague-notary', 'notary-password-2');
        const res = await t.http().post(`/api/certificates/${cert.certificateId}/revoke`).set(bearer(token)).send({ reason: '越权撤销' });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'NOT_ISSUING_NOTARY' });
        expect((await t.db.query(`SELECT status FROM certificates WHERE id = $1`, [cert.certificateId]))[0].status).toBe('valid');
      });

      it('is for the office’s notaries; it shows at once in verification and on the page', async () => {
        await t
          .http()
          .post(`/api/certificates/${cert.certificateId}/revoke`)
          .set(bearer(main.world.assistant.token))
          .send({ reason: 'x' })
          .expect(403);
        const other = await buildWorld(t);
        await t
          .http()
          .post(`/api/certificates/${cert.certificateId}/revoke`)
          .set(bearer(other.notaries[0].token))
          .send({ reason: 'x' })
          .expect(404);
        const res = await t
          .http()
          .post(`/api/certificates/${cert.certificateId}/revoke`)
          .set(bearer(main.world.notaries[0].token))
          .send({ reason: '申请人提供虚假材料' })
          .expect(200);
        expect(res.body).toMatchObject({ status: 'revoked', revokeReason: '申请人提供虚假材料', revokedAt: expect.any(String) });
        const v = await verifyPdf(pdf, '10.5.0.9').expect(200);
        expect(v.body).toMatchObject({
          valid: false,
          reason: 'REVOKED',
          revokedAt: res.body.revokedAt,
          certificate: { status: 'revoked' },
        });
        expect((await t.http().get(`/verify/${cert.certificateId}`)).text).toContain('已撤销');
        const again = await t
          .http()
          .post(`/api/certificates/${cert.certificateId}/revoke`)
          .set(bearer(main.world.notaries[0].token))
          .send({ reason: 'again' });
        expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'ALREADY_REVOKED' });
        const actions = (await t.db.query(`SELECT action FROM audit_entries WHERE subject_id = $1 ORDER BY seq`, [cert.certificateId])).map(
          (r: { action: string }) => r.action,
        );
        expect(actions).toEqual(['certificate.issued', 'certificate.pdf.stored', 'certificate.revoked']);
      });
    });
  });

  describe('numbering', () => {
    it('refuses approval without the wording’s fields and before signing, consuming no number', async () => {
      const o = await office();
      const { sessionId } = await signedSession(o);
      const missing = await approve(o, sessionId, {});
      expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 400, code: 'MATTER_FIELDS_INVALID' });
      expect(await t.db.query(`SELECT * FROM certificate_counters WHERE office_id = $1`, [o.world.officeId])).toEqual([]);
      const ok = await approve(o, sessionId).expect(201);
      expect(ok.body.certificateNo).toMatch(/证字第1号$/);
    });
  });

  describe('recording and approval', () => {
    let o: Office;
    beforeAll(async () => {
      o = await office();
    });
    const statusOf = async (sessionId: string) => (await t.db.query(`SELECT status FROM sessions WHERE id = $1`, [sessionId]))[0].status;

    it('refuses approval without a recording with 409 RECORDING_INCOMPLETE, consuming no number', async () => {
      const { sessionId } = await signedSession(o, '王堃', false);
      const res = await approve(o, sessionId);
      expect({ status: res.status, code: res.body.code, details: res.body.details }).toEqual({
        status: 409,
        code: 'RECORDING_INCOMPLETE',
        details: { finished: false, chunks: 0, nextSeq: 0 },
      });
      expect(await t.db.query(`SELECT * FROM certificate_counters WHERE office_id = $1`, [o.world.officeId])).toEqual([]);
      expect(await statusOf(sessionId)).toBe('signing');
    });

    it('refuses approval while the recording is unfinished, and approves once it is finished', async () => {
      const { sessionId } = await signedSession(o, '王堃', false);
      const chunks = recordingChunks();
      for (const [seq, chunk] of chunks.slice(0, 2).entries())
        await t
          .http()
          .post(`/api/sessions/${sessionId}/recordings?seq=${seq}`)
          .set(bearer(o.world.assistant.token))
          .set('Content-Type', 'application/octet-stream')
          .send(chunk)
          .expect(201);
      const res = await approve(o, sessionId);
      expect({ status: res.status, code: res.body.code, details: res.body.details }).toEqual({
        status: 409,
        code: 'RECORDING_INCOMPLETE',
        details: { finished: false, chunks: 2, nextSeq: 2 },
      });
      // The console believes it sent three: finishing names the missing one, and finishes nothing.
      const gap = await t
        .http()
        .post(`/api/sessions/${sessionId}/recordings/finish`)
        .set(bearer(o.world.assistant.token))
        .send({ chunkCount: 3, durationMs: 2008 });
      expect({ status: gap.status, code: gap.body.code, missing: gap.body.details?.missing }).toEqual({
        status: 409,
        code: 'RECORDING_INCOMPLETE',
        missing: [2],
      });
      expect((await approve(o, sessionId)).status).toBe(409);
      expect(await t.db.query(`SELECT * FROM certificate_counters WHERE office_id = $1`, [o.world.officeId])).toEqual([]);
      await t
        .http()
        .post(`/api/sessions/${sessionId}/recordings?seq=2`)
        .set(bearer(o.world.assistant.token))
        .set('Content-Type', 'application/octet-stream')
        .send(chunks[2])
        .expect(201);
      await t
        .http()
        .post(`/api/sessions/${sessionId}/recordings/finish`)
        .set(bearer(o.world.assistant.token))
        .send({ chunkCount: 3, durationMs: 2008 })
        .expect(201);
      expect((await approve(o, sessionId)).status).toBe(201);
    });

    it('approves without a recording on the notary’s override, and prints the override and its reason on the evidence page', async () => {
      const { sessionId } = await signedSession(o, '王堃', false);
      const reason = '受理点网络中断，录像未能上传，经申请人同意继续办理';
      await t
        .http()
        .post(`/api/sessions/${sessionId}/recording-override`)
        .set(bearer(o.world.notaries[0].token))
        .send({ reason })
        .expect(201);
      const cert = (await approve(o, sessionId).expect(201)).body as { certificateId: string };
      const pdf = await download(cert.certificateId, o.world.notaries[0].token);
      const text = (await pdftotext(pdf)).replace(/\s+/g, '');
      expect(text).toContain('录像豁免');
      expect(text).toContain(`原因：${reason}`);
      const [{ name }] = await t.db.query(`SELECT display_name AS name FROM users WHERE id = $1`, [o.world.notaries[0].id]);
      expect(text).toContain(`公证员：${String(name).replace(/\s+/g, '')}`);
      expect(text).not.toContain('时长：');
    });
  });

  describe('signing identity', () => {
    // An app of its own with TSA_URL pointing at a local RFC 3161 authority (test/support/tsa.ts);
    // the helpers above use `t`, so it stands in for the main app while this block runs.
    let tsa: LocalTsa;
    let mainApp: TestApp;
    beforeAll(async () => {
      tsa = await startLocalTsa();
      mainApp = t;
      t = await startTestApp(
        { ACCESS_TOKEN_TTL_SECONDS: '86400', PUBLIC_BASE_URL: 'https://notary.example.cn', TSA_URL: tsa.url },
        { clock },
      );
    });
    afterAll(async () => {
      if (t !== mainApp) await t?.close();
      t = mainApp;
      await tsa?.stop();
    });

    it('signs each office’s certificates in that office’s own name, two offices two signers', async () => {
      const offices = [await office(), await office()];
      const signers: string[] = [];
      for (const o of offices) {
        const { pdf } = await issue(o);
        const report = await pdfsig(pdf);
        expect(report).toContain('Signature Validation: Signature is Valid.');
        expect(report).toContain('Signature Type: ETSI.CAdES.detached');
        signers.push(/Signer Certificate Common Name: (.*)/.exec(report)![1]);
      }
      const names = (await t.db.query(`SELECT name FROM offices WHERE id = ANY($1) ORDER BY array_position($1, id)`, [
        offices.map((o) => o.world.officeId),
      ])) as { name: string }[];
      expect(signers).toEqual(names.map((n) => n.name));
      expect(new Set(signers).size).toBe(2);
    });

    it('answers verification with the PAdES level, the signer and the time-stamp of the local TSA', async () => {
      const o = await office();
      const c = await issue(o);
      const pdf = c.pdf;
      const [{ name }] = await t.db.query(`SELECT name FROM offices WHERE id = $1`, [o.world.officeId]);
      const res = await verifyPdf(pdf, '10.6.0.1').expect(200);
      expect(res.body).toMatchObject({
        valid: true,
        signature: {
          cms: 'valid',
          level: 'B-LT',
          signer: name,
          issuer: 'Remote Notary Development CA — NOT FOR PRODUCTION',
          timestamp: { tsa: 'Test TSA' },
        },
      });
      expect(Date.parse(res.body.signature.timestamp.time)).toBeGreaterThan(0);
      const [{ issuedAt }] = await t.db.query(`SELECT issued_at AS "issuedAt" FROM certificates WHERE id = $1`, [c.certificateId]);
      expect(Date.parse(res.body.signature.signedAt)).toBe(Math.floor(issuedAt.getTime() / 1000) * 1000); // /M has whole seconds

      // Stored bytes whose hash matches but whose signature is broken are TAMPERED, not valid.
      const broken = Buffer.from(pdf);
      const hex = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(broken.toString('latin1'))!;
      const at = hex.index + hex[0].indexOf('<') + 1 + 600;
      broken[at] = broken[at] === 0x30 ? 0x31 : 0x30;
      await t.db.query(`UPDATE certificates SET pdf = $2, pdf_sha256 = $3 WHERE id = $1`, [c.certificateId, broken, sha256(broken)]);
      const tampered = await verifyPdf(broken, '10.6.0.2').expect(200);
      expect(tampered.body).toMatchObject({ valid: false, reason: 'TAMPERED', signature: { cms: 'invalid' } });
    });
  });
  describe('production signing keys (OFFICE_KEYS_DIR, SIGNING_CA_CERT)', () => {
    // A CA of its own (the development CA code, in a temporary directory) issues each office a
    // PKCS#12, written as OFFICE_KEYS_DIR/<officeId>.p12 with its passphrase in <officeId>.pass.
    let tsa: LocalTsa;
    let mainApp: TestApp;
    let dir: string;
    let keysDir: string;
    let caFile: string;
    const caDir = () => path.join(dir, 'ca-home');

    async function giveKey(o: Office, renew = false): Promise<string> {
      const [{ name }] = await t.db.query(`SELECT name FROM offices WHERE id = $1`, [o.world.officeId]);
      if (renew)
        await rm(path.join(caDir(), 'dev-ca', `office-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`), {
          recursive: true,
        });
      const s = await loadOrCreateDevSigner(caDir(), { officeName: name });
      await writeFile(path.join(keysDir, `${o.world.officeId}.p12`), s.p12, { mode: 0o600 });
      await writeFile(path.join(keysDir, `${o.world.officeId}.pass`), `${s.passphrase}\n`, { mode: 0o600 });
      // A replaced key file is told apart by its modification time, whatever the file system's resolution.
      const when = new Date(Date.now() + (renew ? 60_000 : 0));
      await utimes(path.join(keysDir, `${o.world.officeId}.p12`), when, when);
      return name;
    }

    const verify = async (pdf: Buffer, ip: string) => (await verifyPdf(pdf, ip).expect(200)).body;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'office-keys-'));
      keysDir = path.join(dir, 'keys');
      await mkdir(keysDir, { mode: 0o700 });
      caFile = path.join(dir, 'ca.pem');
      await writeFile(caFile, await loadOrCreateDevCa(caDir()));
      tsa = await startLocalTsa();
      mainApp = t;
      t = await startTestApp(
        { ACCESS_TOKEN_TTL_SECONDS: '86400', TSA_URL: tsa.url, OFFICE_KEYS_DIR: keysDir, SIGNING_CA_CERT: caFile },
        { clock },
      );
    });
    afterAll(async () => {
      if (t !== mainApp) await t?.close();
      t = mainApp;
      await tsa?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('signs two offices with two keys, B-LT, checked against SIGNING_CA_CERT; a renewed key leaves the old certificate valid', async () => {
      const a = await office();
      const b = await office();
      const nameA = await giveKey(a);
      const nameB = await giveKey(b);
      const { pdf: pdfA } = await issue(a);
      const { pdf: pdfB } = await issue(b);
      const va = await verify(pdfA, '10.7.0.1');
      const vb = await verify(pdfB, '10.7.0.2');
      const issuer = 'Remote Notary Development CA — NOT FOR PRODUCTION';
      expect(va).toMatchObject({
        valid: true,
        signature: { cms: 'valid', level: 'B-LT', signer: nameA, issuer, timestamp: { tsa: 'Test TSA' } },
      });
      expect(vb).toMatchObject({ valid: true, signature: { cms: 'valid', level: 'B-LT', signer: nameB, issuer } });
      expect(va.signature.signerSerial).not.toBe(vb.signature.signerSerial);

      // Rotation: office A gets a new key and certificate from the same CA.
      await giveKey(a, true);
      const { pdf: pdfA2 } = await issue(a);
      const va2 = await verify(pdfA2, '10.7.0.3');
      const vaAgain = await verify(pdfA, '10.7.0.4');
      expect(va2).toMatchObject({ valid: true, signature: { level: 'B-LT', signer: nameA, issuer } });
      expect(vaAgain).toMatchObject({ valid: true, signature: { level: 'B-LT', signer: nameA, signerSerial: va.signature.signerSerial } });
      expect(va2.signature.signerSerial).not.toBe(va.signature.signerSerial);
      for (const pdf of [pdfA, pdfA2, pdfB]) expect(await pdfsig(pdf)).toContain('Signature Validation: Signature is Valid.');

      // The offline CLI checks the same against the CA file given with --ca, and refuses another CA.
      await writeFile(path.join(dir, 'a.pdf'), pdfA);
      await writeFile(path.join(dir, 'jwks.json'), JSON.stringify(await (await fetch(`${t.url}/.well-known/jwks.json`)).json()));
      const cli = (ca: string) =>
        run('dist/src/certificate/verify-offline-cli.js', {}, [path.join(dir, 'a.pdf'), '--jwks', path.join(dir, 'jwks.json'), '--ca', ca]);
      const ok = cli(caFile);
      expect(await ok.exited).toBe(0);
      expect(ok.output()).toContain('"level": "B-LT"');
      expect(ok.output()).toContain(`PDF signature valid: B-LT, signed by ${nameA}, chaining to ${issuer}`);
      const wrongCa = cli(tsa.caFile);
      expect(await wrongCa.exited).toBe(1);
      expect(wrongCa.output()).toContain(
        'NOT VERIFIED: the PDF signature does not hold (the signer certificate does not chain to the configured CA)',
      );
    });

    it('answers 503 SIGNING_KEY_MISSING for an office added without a key, and refuses to start while it has none', async () => {
      const c = await office();
      const { sessionId } = await signedSession(c);
      const issued = (await approve(c, sessionId).expect(201)).body;
      const res = await t.http().get(`/api/certificates/${issued.certificateId}/pdf`).set(bearer(c.world.notaries[0].token)).expect(503);
      expect(res.body).toMatchObject({ code: 'SIGNING_KEY_MISSING' });

      // The same database and keys, started again: the start-up check names the office and refuses.
      const again = await createApp(t.config, { clock });
      try {
        await expect(again.init()).rejects.toThrow(/has no usable key for:[\s\S]*is missing/);
      } finally {
        await again.close().catch(() => undefined);
      }
      // With its key in place, the same configuration starts.
      await giveKey(c);
      const app = await createApp(t.config, { clock });
      try {
        await app.init();
      } finally {
        await app.close();
      }
    });
  });
});
