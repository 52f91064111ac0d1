import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalTsa, type LocalTsa } from '../../test/support/tsa.js';
import { loadOrCreateDevSigner, type DevSigner } from './pdf/dev-credentials.js';
import { renderCertificatePdf } from './pdf/render.js';
import { sampleCertificateFacts } from './pdf/sample-certificate.js';
import { signPdf } from './pdf/sign.js';
import { checkPdfSignature, signatureOfPdf } from './signature-verify.js';

const facts = sampleCertificateFacts();

describe('checkPdfSignature', () => {
  let dir: string;
  let signer: DevSigner;
  let tsa: LocalTsa;
  let unsigned: Uint8Array;
  const info = {
    reason: '公证书电子签名',
    location: facts.office.name,
    name: facts.office.name,
    signingTime: new Date('2026-12-01T02:20:00Z'),
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sigcheck-'));
    signer = await loadOrCreateDevSigner(dir, { officeName: facts.office.name });
    tsa = await startLocalTsa();
    unsigned = await renderCertificatePdf(facts);
  });

  afterAll(async () => {
    await tsa?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports B-B, the office as signer and the claimed time when there is no time-stamp', async () => {
    const pdf = await signPdf(unsigned, signer, info);
    expect(checkPdfSignature(pdf)).toEqual({ ok: true, level: 'B-B', signer: facts.office.name, signedAt: '2026-12-01T02:20:00.000Z' });
  });

  it('reports B-T with the authority and its time when the signature is time-stamped', async () => {
    const pdf = await signPdf(unsigned, signer, { ...info, tsaUrl: tsa.url });
    const check = checkPdfSignature(pdf);
    expect(check).toMatchObject({ ok: true, level: 'B-T', signer: facts.office.name, timestamp: { tsa: 'Test TSA' } });
    expect(Math.abs(Date.parse(check.timestamp!.time) - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('fails a broken signature value even though the signed bytes are untouched', async () => {
    const pdf = await signPdf(unsigned, signer, info);
    const { cms } = signatureOfPdf(pdf)!;
    // The RSA signature value is the last 256 bytes of a B-B CMS; flip one inside the hex of /Contents.
    const hexAt = pdf.indexOf(cms.toString('hex'), 0, 'latin1') + 2 * (cms.length - 10);
    const broken = Buffer.from(pdf);
    broken[hexAt] = broken[hexAt] === 0x30 ? 0x31 : 0x30;
    expect(checkPdfSignature(broken)).toMatchObject({ ok: false, problem: 'the signature value does not verify' });
  });

  it('fails when a signed byte changes', async () => {
    const pdf = Buffer.from(await signPdf(unsigned, signer, info));
    pdf[20] ^= 1;
    expect(checkPdfSignature(pdf)).toMatchObject({ ok: false, problem: 'the signed bytes do not match the message digest' });
  });

  it('finds no signature in an unsigned PDF', () => {
    expect(checkPdfSignature(Buffer.from(unsigned))).toMatchObject({ ok: false });
  });
});
