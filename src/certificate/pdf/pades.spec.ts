import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadOrCreateDevSigner, type DevSigner } from './dev-credentials.js';
import { pdfsig } from './poppler.js';
import { renderCertificatePdf } from './render.js';
import { sampleCertificateFacts } from './sample-certificate.js';
import { signPdf } from './sign.js';
import { readTimestampToken, TimestampError } from './timestamp.js';
import { startLocalTsa, type LocalTsa } from '../../../test/support/tsa.js';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';

const run = promisify(execFile);
const facts = sampleCertificateFacts();

/** The ByteRange's hole: the hex DER of the CMS in /Contents, without its zero padding. */
function extractSignature(pdf: Buffer): { cms: Buffer; signedBytes: Buffer } {
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(pdf.toString('latin1'));
  if (!m) throw new Error('no ByteRange');
  const [a, b, c, d] = m.slice(1).map(Number);
  const hex = pdf.subarray(a + b + 1, c - 1).toString('latin1');
  const der = Buffer.from(hex, 'hex');
  // DER SEQUENCE with a long-form length: the declared length says where the CMS ends.
  const lenBytes = der[1] & 0x7f;
  const len = der[1] < 0x80 ? der[1] : der.subarray(2, 2 + lenBytes).reduce((n, x) => n * 256 + x, 0);
  const cms = der.subarray(0, 2 + (der[1] < 0x80 ? 0 : lenBytes) + len);
  return { cms, signedBytes: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]) };
}

describe('PAdES baseline B-B signature', () => {
  let dir: string;
  let signer: DevSigner;
  let signed: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pades-'));
    signer = await loadOrCreateDevSigner(dir, { officeName: facts.office.name });
    signed = await signPdf(await renderCertificatePdf(facts), signer, {
      reason: '公证书电子签名',
      location: facts.office.name,
      name: facts.office.name,
      signingTime: new Date('2026-12-01T02:20:00Z'),
    });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is an ETSI.CAdES.detached signature that pdfsig validates', async () => {
    expect(signed.toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');
    const report = await pdfsig(signed);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Total document signed');
  });

  it('verifies with openssl cms against the development CA over the ByteRange', async () => {
    const { cms, signedBytes } = extractSignature(signed);
    await writeFile(path.join(dir, 'sig.der'), cms);
    await writeFile(path.join(dir, 'content.bin'), signedBytes);
    await writeFile(path.join(dir, 'ca.pem'), signer.caCertificatePem);
    const { stderr } = await run('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'sig.der'),
      '-content',
      path.join(dir, 'content.bin'),
      '-CAfile',
      path.join(dir, 'ca.pem'),
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(stderr).toContain('Verification successful');
    // A changed byte of the signed content fails the same check.
    signedBytes[20] ^= 1;
    await writeFile(path.join(dir, 'content.bin'), signedBytes);
    await expect(
      run('openssl', [
        'cms',
        '-verify',
        '-binary',
        '-inform',
        'DER',
        '-in',
        path.join(dir, 'sig.der'),
        '-content',
        path.join(dir, 'content.bin'),
        '-CAfile',
        path.join(dir, 'ca.pem'),
        '-purpose',
        'any',
        '-out',
        '/dev/null',
      ]),
    ).rejects.toThrow(/Verification failure|digest failure/i);
  });

  it('is DER that @peculiar/asn1-cms reads and encodes back to the same bytes (SignedData is put together by hand)', () => {
    const { cms } = extractSignature(signed);
    const info = AsnConvert.parse(cms, ContentInfo);
    const data = AsnConvert.parse(info.content, SignedData);
    expect(data.certificates?.length).toBe(2);
    expect(data.signerInfos.length).toBe(1);
    const again = Buffer.from(
      AsnConvert.serialize(new ContentInfo({ contentType: info.contentType, content: AsnConvert.serialize(data) })),
    );
    expect(again.equals(cms)).toBe(true);
  });

  it('carries signing-certificate-v2 for the signer and no signing-time attribute', async () => {
    const { cms } = extractSignature(signed);
    await writeFile(path.join(dir, 'sig2.der'), cms);
    const { stdout } = await run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', path.join(dir, 'sig2.der')]);
    expect(stdout).toMatch(/signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/);
    expect(stdout).not.toMatch(/signingTime/);
    // The certificate hash in the attribute (ESSCertIDv2.certHash) is the signer certificate's SHA-256.
    const certDer = Buffer.from(signer.certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(cms.includes(createHash('sha256').update(certDer).digest())).toBe(true);
  });

  it('leaves a certificate signed before the office certificate was renewed verifiable under the same CA', async () => {
    const rotDir = await mkdtemp(path.join(tmpdir(), 'pades-rotation-'));
    try {
      const signedAt = new Date(Date.now() - (3 * 365 + 30) * 86_400_000);
      const old = await loadOrCreateDevSigner(rotDir, { officeName: facts.office.name }, { now: signedAt });
      const info = { reason: '公证书电子签名', location: facts.office.name, name: facts.office.name, signingTime: signedAt };
      const oldPdf = await signPdf(await renderCertificatePdf(facts), old, info);
      const renewed = await loadOrCreateDevSigner(rotDir, { officeName: facts.office.name });
      expect(renewed.certificatePem).not.toBe(old.certificatePem);
      expect(renewed.caCertificatePem).toBe(old.caCertificatePem);
      const newPdf = await signPdf(await renderCertificatePdf(facts), renewed, { ...info, signingTime: new Date() });

      await writeFile(path.join(rotDir, 'ca.pem'), renewed.caCertificatePem);
      const verify = async (pdf: Buffer, at: Date) => {
        const { cms, signedBytes } = extractSignature(pdf);
        await writeFile(path.join(rotDir, 'sig.der'), cms);
        await writeFile(path.join(rotDir, 'content.bin'), signedBytes);
        const { stderr } = await run('openssl', [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          path.join(rotDir, 'sig.der'),
          '-content',
          path.join(rotDir, 'content.bin'),
          '-CAfile',
          path.join(rotDir, 'ca.pem'),
          '-purpose',
          'any',
          '-attime',
          String(Math.floor(at.getTime() / 1000)),
          '-out',
          '/dev/null',
        ]);
        return stderr;
      };
      // The old signature checks at the time it was made (what a B-T timestamp attests), the new one now.
      expect(await verify(oldPdf, new Date(signedAt.getTime() + 60_000))).toContain('Verification successful');
      expect(await verify(newPdf, new Date())).toContain('Verification successful');
      expect(await pdfsig(oldPdf)).toContain('Signature Validation: Signature is Valid.');
      const signerOf = async (pdf: Buffer) => /Signer Certificate Common Name: (.*)/.exec(await pdfsig(pdf))?.[1];
      expect(await signerOf(oldPdf)).toBe(facts.office.name);
      expect(await signerOf(newPdf)).toBe(facts.office.name);
    } finally {
      await rm(rotDir, { recursive: true, force: true });
    }
  });

  describe('with a time-stamping authority (B-T)', () => {
    let tsa: LocalTsa;
    let stamped: Buffer;

    beforeAll(async () => {
      tsa = await startLocalTsa();
      stamped = await signPdf(await renderCertificatePdf(facts), signer, {
        reason: '公证书电子签名',
        location: facts.office.name,
        name: facts.office.name,
        signingTime: new Date(),
        tsaUrl: tsa.url,
      });
    });

    afterAll(async () => {
      await tsa?.stop();
    });

    it('is still a signature pdfsig validates, now with a signature time-stamp', async () => {
      const report = await pdfsig(stamped);
      expect(report).toContain('Signature Type: ETSI.CAdES.detached');
      expect(report).toContain('Signature Validation: Signature is Valid.');
      expect(tsa.requests).toBe(1);
    });

    it('carries a token that openssl ts -verify accepts for the signature value', async () => {
      const { cms } = extractSignature(stamped);
      const signedData = AsnConvert.parse(AsnConvert.parse(cms, ContentInfo).content, SignedData);
      const signerInfo = signedData.signerInfos[0];
      const attr = signerInfo.unsignedAttrs?.find((a) => a.attrType === '1.2.840.113549.1.9.16.2.14');
      expect(attr).toBeDefined();
      await writeFile(path.join(dir, 'token.der'), Buffer.from(attr!.attrValues[0]));
      await writeFile(path.join(dir, 'sigvalue.bin'), Buffer.from(signerInfo.signature.buffer));
      const { stdout } = await run('openssl', [
        'ts',
        '-verify',
        '-token_in',
        '-in',
        path.join(dir, 'token.der'),
        '-data',
        path.join(dir, 'sigvalue.bin'),
        '-CAfile',
        tsa.caFile,
        '-untrusted',
        tsa.certFile,
      ]);
      expect(stdout).toContain('Verification: OK');
      const info = readTimestampToken(Buffer.from(attr!.attrValues[0]));
      expect(Math.abs(info.genTime.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      // The same token does not fit other data.
      await writeFile(path.join(dir, 'other.bin'), Buffer.from('other'));
      await expect(
        run('openssl', [
          'ts',
          '-verify',
          '-token_in',
          '-in',
          path.join(dir, 'token.der'),
          '-data',
          path.join(dir, 'other.bin'),
          '-CAfile',
          tsa.caFile,
          '-untrusted',
          tsa.certFile,
        ]),
      ).rejects.toThrow();
    });

    it('refuses to sign, rather than fall back silently, when the authority cannot be reached', async () => {
      await expect(
        signPdf(await renderCertificatePdf(facts), signer, {
          reason: 'r',
          location: 'l',
          name: 'n',
          tsaUrl: `${tsa.url.replace(/\/tsa$/, '')}:1/none`,
        }),
      ).rejects.toThrow(TimestampError);
    });
  });
});
