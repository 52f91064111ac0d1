import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import forge from 'node-forge';
import { DEV_CA_COMMON_NAME, loadOrCreateDevSigner, loadP12Signer } from './dev-credentials.js';
import { openP12, SigningCredentialError } from './sign.js';

const OFFICE = '江苏省丹阳市公证处';

function commonName(cert: forge.pki.Certificate, of: 'subject' | 'issuer'): string {
  const value = cert[of].getField('CN').value as string;
  // forge hands UTF8String values over as their raw UTF-8 bytes.
  return forge.util.decodeUtf8(value);
}

describe('loadOrCreateDevSigner', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dev-ca-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('makes a development CA and an office certificate under it, fit for signing', async () => {
    const s = await loadOrCreateDevSigner(dir, { officeName: OFFICE });
    const ca = forge.pki.certificateFromPem(s.caCertificatePem);
    const office = forge.pki.certificateFromPem(s.certificatePem);
    expect(commonName(ca, 'subject')).toBe(DEV_CA_COMMON_NAME);
    expect(commonName(office, 'subject')).toBe(OFFICE);
    expect(commonName(office, 'issuer')).toBe(DEV_CA_COMMON_NAME);
    expect(ca.verify(office)).toBe(true);
    expect((ca.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048);
    expect((office.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048);
    expect(office.getExtension('keyUsage')).toMatchObject({ digitalSignature: true, nonRepudiation: true, keyCertSign: false });
    expect(office.getExtension('basicConstraints')).toMatchObject({ cA: false });
    expect(ca.getExtension('basicConstraints')).toMatchObject({ cA: true });

    const opened = openP12(s.p12, s.passphrase);
    expect(forge.pki.certificateToPem(opened.certificate)).toBe(s.certificatePem);
    expect(opened.certificates).toHaveLength(2);
    expect(await readdir(path.join(dir, 'dev-ca'))).toEqual(expect.arrayContaining(['ca']));
  });

  it('reuses what it made: the same certificate, key file and passphrase the second time', async () => {
    const first = await loadOrCreateDevSigner(dir, { officeName: OFFICE });
    const second = await loadOrCreateDevSigner(dir, { officeName: OFFICE });
    expect(second.certificatePem).toBe(first.certificatePem);
    expect(second.caCertificatePem).toBe(first.caCertificatePem);
    expect(second.p12.equals(first.p12)).toBe(true);
    expect(second.passphrase).toBe(first.passphrase);
  });

  it('gives two processes starting together the same credentials', async () => {
    const all = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateDevSigner(dir, { officeName: OFFICE })));
    expect(new Set(all.map((s) => s.certificatePem)).size).toBe(1);
    expect(new Set(all.map((s) => s.caCertificatePem)).size).toBe(1);
    const onDisk = await loadOrCreateDevSigner(dir, { officeName: OFFICE });
    expect(onDisk.certificatePem).toBe(all[0].certificatePem);
  });

  it('keeps one CA for several offices', async () => {
    const a = await loadOrCreateDevSigner(dir, { officeName: OFFICE });
    const b = await loadOrCreateDevSigner(dir, { officeName: '江苏省镇江市京口公证处' });
    expect(b.caCertificatePem).toBe(a.caCertificatePem);
    expect(b.certificatePem).not.toBe(a.certificatePem);
  });

  it('replaces an office certificate that has expired, under the same CA', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const first = await loadOrCreateDevSigner(dir, { officeName: OFFICE }, { now });
    const later = new Date(now.getTime() + 4 * 365 * 24 * 3600_000);
    const renewed = await loadOrCreateDevSigner(dir, { officeName: OFFICE }, { now: later });
    expect(renewed.certificatePem).not.toBe(first.certificatePem);
    expect(renewed.caCertificatePem).toBe(first.caCertificatePem);
    expect(forge.pki.certificateFromPem(renewed.certificatePem).validity.notAfter.getTime()).toBeGreaterThan(later.getTime());
  });
});

describe('loadP12Signer', () => {
  it('opens a PKCS#12 file with its passphrase and names the signing certificate', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dev-ca-'));
    try {
      const dev = await loadOrCreateDevSigner(dir, { officeName: OFFICE });
      const officeDir = (await readdir(path.join(dir, 'dev-ca'))).find((d) => d.startsWith('office-'))!;
      const file = path.join(dir, 'dev-ca', officeDir, 'office.p12');
      const loaded = await loadP12Signer(file, dev.passphrase);
      expect(loaded.certificatePem).toBe(dev.certificatePem);
      await expect(loadP12Signer(file, 'wrong')).rejects.toThrow(SigningCredentialError);
      await expect(loadP12Signer(path.join(dir, 'missing.p12'), 'x')).rejects.toThrow(SigningCredentialError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
