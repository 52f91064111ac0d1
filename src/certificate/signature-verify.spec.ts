import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentInfo, id_signedData, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
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
    expect(checkPdfSignature(pdf)).toEqual({
      ok: true,
      level: 'B-B',
      signer: facts.office.name,
      signerSerial: new X509Certificate(signer.certificatePem).serialNumber,
      signedAt: '2026-12-01T02:20:00.000Z',
    });
  });

  it('reports B-LT with the authority and its time when the signature is time-stamped (with the DSS after it)', async () => {
    const pdf = await signPdf(unsigned, signer, { ...info, tsaUrl: tsa.url });
    const check = checkPdfSignature(pdf);
    expect(check).toMatchObject({ ok: true, level: 'B-LT', signer: facts.office.name, timestamp: { tsa: 'Test TSA' } });
    expect(Math.abs(Date.parse(check.timestamp!.time) - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('checks the signer against the configured CA: the development CA passes, another CA does not', async () => {
    const pdf = await signPdf(unsigned, signer, { ...info, tsaUrl: tsa.url });
    expect(checkPdfSignature(pdf, { trustedCas: [new X509Certificate(signer.caCertificatePem)] })).toMatchObject({
      ok: true,
      issuer: 'Remote Notary Development CA — NOT FOR PRODUCTION',
    });
    const otherDir = await mkdtemp(path.join(tmpdir(), 'sigcheck-other-'));
    try {
      const other = await loadOrCreateDevSigner(otherDir, { officeName: facts.office.name });
      expect(checkPdfSignature(pdf, { trustedCas: [new X509Certificate(other.caCertificatePem)] })).toEqual({
        ok: false,
        problem: 'the signer certificate does not chain to the configured CA',
      });
      // The same office name signed under the other CA does not pass under ours either.
      const forged = await signPdf(unsigned, other, info);
      expect(checkPdfSignature(forged, { trustedCas: [new X509Certificate(signer.caCertificatePem)] })).toMatchObject({ ok: false });
      expect(checkPdfSignature(forged)).toMatchObject({ ok: true }); // without a configured CA only the carried issuer is checked
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('fails a time-stamp token that is not over this signature', async () => {
    const a = await signPdf(unsigned, signer, { ...info, tsaUrl: tsa.url });
    // b signs other bytes (another location): RSA PKCS#1 v1.5 is deterministic, so over equal bytes the
    // two signature values, and hence what a's token covers, could be the same.
    const b = await signPdf(unsigned, signer, { ...info, location: `${info.location}（另一处）`, tsaUrl: tsa.url });
    // Put a's token into b's CMS, written back into b's /Contents (the hole is not signed, and has room to spare).
    const parse = (pdf: Buffer) => AsnConvert.parse(AsnConvert.parse(signatureOfPdf(pdf)!.cms, ContentInfo).content, SignedData);
    const target = parse(b);
    target.signerInfos[0].unsignedAttrs![0].attrValues[0] = parse(a).signerInfos[0].unsignedAttrs![0].attrValues[0];
    const cms = Buffer.from(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(target) })));
    const [, from, to] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(b.toString('latin1'))!.slice(1).map(Number);
    const holeHex = to - from - 2;
    const swapped = Buffer.concat([
      b.subarray(0, from + 1),
      Buffer.from(cms.toString('hex').padEnd(holeHex, '0'), 'latin1'),
      b.subarray(to - 1),
    ]);
    expect(swapped.length).toBe(b.length);
    expect(swapped.equals(b)).toBe(false);
    expect(checkPdfSignature(swapped)).toEqual({ ok: false, problem: 'the time-stamp is not over this signature' });
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
