import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalTsa, type LocalTsa } from '../../../test/support/tsa.js';
import { checkPdfSignature, signatureOfPdf } from '../signature-verify.js';
import { loadOrCreateDevSigner, type DevSigner } from './dev-credentials.js';
import { appendDss, readDss, vriKey } from './ltv.js';
import { pdfsig } from './poppler.js';
import { renderCertificatePdf } from './render.js';
import { sampleCertificateFacts } from './sample-certificate.js';
import { signPdf } from './sign.js';

const run = promisify(execFile);
const facts = sampleCertificateFacts();
const pem = (der: Buffer) => new X509Certificate(der).toString();

describe('PAdES B-LT: the DSS added after a time-stamped signature', () => {
  let dir: string;
  let tsa: LocalTsa;
  let signer: DevSigner;
  let unsigned: Uint8Array;
  let ltv: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ltv-'));
    tsa = await startLocalTsa();
    signer = await loadOrCreateDevSigner(dir, { officeName: facts.office.name });
    unsigned = await renderCertificatePdf(facts);
    ltv = await signPdf(unsigned, signer, {
      reason: '公证书电子签名',
      location: facts.office.name,
      name: facts.office.name,
      signingTime: new Date(),
      tsaUrl: tsa.url,
    });
  });

  afterAll(async () => {
    await tsa?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the signature valid for pdfsig, with its time-stamp, and the file clean for qpdf', async () => {
    const report = await pdfsig(ltv);
    expect(report).toContain('Signature Type: ETSI.CAdES.detached');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toMatch(/Signing Time: /);
    // The signature covers every byte up to the DSS update, and the update is all that follows.
    expect(report).toContain('Not total document signed');
    const file = path.join(dir, 'ltv.pdf');
    await writeFile(file, ltv);
    const { stdout } = await run('qpdf', ['--check', file]);
    expect(stdout).toContain('No syntax or stream encoding errors found');
  });

  it('carries the signer chain, the TSA chain and the CA’s CRL, with a VRI entry for the signature', async () => {
    const dss = readDss(ltv)!;
    expect(dss).toBeDefined();
    const names = dss.certs.map((c) => new X509Certificate(c).subject.split('\n')[0]);
    expect(names).toEqual([
      `CN=${facts.office.name}`,
      'CN=Remote Notary Development CA — NOT FOR PRODUCTION',
      'CN=Test TSA',
      'CN=Test TSA Root',
    ]);
    const office = new X509Certificate(signer.certificatePem);
    const ca = new X509Certificate(signer.caCertificatePem);
    const has = (cert: X509Certificate) => dss.certs.some((c) => c.equals(cert.raw));
    expect(has(office)).toBe(true);
    expect(has(ca)).toBe(true);
    expect(has(new X509Certificate(await readFile(tsa.certFile)))).toBe(true);
    expect(has(new X509Certificate(await readFile(tsa.caFile)))).toBe(true);
    expect(new Set(dss.certs.map((c) => createHash('sha256').update(c).digest('hex'))).size).toBe(dss.certs.length);

    // The CRL is the development CA's, signed by it, and current.
    expect(dss.crls).toHaveLength(1);
    await writeFile(path.join(dir, 'crl.der'), dss.crls[0]);
    await writeFile(path.join(dir, 'ca.pem'), signer.caCertificatePem);
    const crl = await run('openssl', [
      'crl',
      '-inform',
      'DER',
      '-in',
      path.join(dir, 'crl.der'),
      '-CAfile',
      path.join(dir, 'ca.pem'),
      '-noout',
      '-issuer',
      '-nextupdate',
    ]);
    expect(crl.stderr).toContain('verify OK');
    expect(crl.stdout).toContain('Remote Notary Development CA');
    expect(dss.crls[0].equals(await readFile(path.join(dir, 'dev-ca', 'ca', 'ca.crl')))).toBe(true);
    expect(pem(dss.certs[0])).toBe(office.toString());

    // VRI key: SHA-1 of the signature's /Contents.
    expect(dss.vri).toEqual([vriKey(ltv)]);
    expect(dss.vri[0]).toMatch(/^[0-9A-F]{40}$/);
  });

  it('is B-LT in the signature check; B-T without the DSS, B-B without a TSA', async () => {
    const trusted = [new X509Certificate(signer.caCertificatePem)];
    expect(checkPdfSignature(ltv, { trustedCas: trusted })).toMatchObject({ ok: true, level: 'B-LT', timestamp: { tsa: 'Test TSA' } });
    const [, , c, d] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(ltv.toString('latin1'))!.slice(1).map(Number);
    const bt = ltv.subarray(0, c + d);
    expect(readDss(bt)).toBeUndefined();
    expect(checkPdfSignature(bt, { trustedCas: trusted })).toMatchObject({ ok: true, level: 'B-T' });
    const bb = await signPdf(unsigned, signer, { reason: 'r', location: 'l', name: 'n' });
    expect(readDss(bb)).toBeUndefined();
    expect(checkPdfSignature(bb, { trustedCas: trusted })).toMatchObject({ ok: true, level: 'B-B' });
  });

  it('sizes the /Contents placeholder to the signature: little zero padding left, B-B and B-T alike', async () => {
    const padding = (pdf: Buffer) => {
      const [, b, c] = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)/.exec(pdf.toString('latin1'))!.slice(1).map(Number);
      const hole = (c - b - 2) / 2;
      return hole - signatureOfPdf(pdf.subarray(0, pdf.length))!.cms.length;
    };
    // The authority's token size is known from the signature made in beforeAll.
    const bt = await signPdf(unsigned, signer, { reason: 'r', location: 'l', name: 'n', tsaUrl: tsa.url });
    const bb = await signPdf(unsigned, signer, { reason: 'r', location: 'l', name: 'n' });
    expect(padding(bb)).toBeGreaterThanOrEqual(0);
    expect(padding(bb)).toBeLessThanOrEqual(16);
    expect(padding(bt)).toBeGreaterThanOrEqual(0);
    expect(padding(bt)).toBeLessThanOrEqual(16 + 32 + 32);
  });

  it('refuses a file changed after the signature by anything other than the DSS update', () => {
    const trusted = [new X509Certificate(signer.caCertificatePem)];
    const text = ltv.toString('latin1');
    // Another incremental update after the DSS, redefining the first page's content stream.
    const extra = Buffer.from('\n5 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\n', 'latin1');
    expect(checkPdfSignature(Buffer.concat([ltv, extra]), { trustedCas: trusted })).toMatchObject({ ok: false });
    // A second DSS update is refused when written, and a DSS whose catalog changes more than /DSS fails the check.
    expect(() => appendDss(ltv, { certs: [], crls: [] })).toThrow(/already has a DSS/);
    const changed = Buffer.from(text.replace(/\/DSS (\d+) 0 R/, '/DSS $1 0 R /OpenAction 3 0 R'), 'latin1');
    expect(checkPdfSignature(changed, { trustedCas: trusted })).toMatchObject({ ok: false });
  });
});
