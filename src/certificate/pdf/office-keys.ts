/**
 * Production signing identities, one per office: `OFFICE_KEYS_DIR/<officeId>.p12`, opened with
 * `OFFICE_KEYS_DIR/<officeId>.pass` when that file exists, else the shared passphrase
 * (OFFICE_KEYS_PASSPHRASE or the file named by OFFICE_KEYS_PASSPHRASE_FILE). Every office
 * certificate must be issued by SIGNING_CA_CERT. Only the signing code reads these files.
 *
 * Rotation: replace `<officeId>.p12` (and `.pass`) with the renewed key and certificate from the
 * same CA. The next signature uses it (the file is re-read when it changes); certificates signed
 * before keep verifying, because verification checks the chain to the CA, not the current key.
 */
import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { nativeCredential } from './pades.js';
import { SigningCredentialError, type PdfSigner } from './sign.js';

export interface OfficeKeysOptions {
  dir: string;
  /** The shared passphrase, for files without their own `.pass`. */
  passphrase?: string;
  /** PEM: the CA (or CAs) office certificates are issued by. */
  caPem: string;
  /** DER or PEM CRL of the CA, re-read when it changes, for the DSS. */
  crlPath?: string;
}

/** Every certificate in a PEM bundle. */
export function certificatesOfPem(pem: string): X509Certificate[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map((m) => new X509Certificate(m[0]));
}

export class OfficeKeyStore {
  private readonly cas: X509Certificate[];
  private readonly cache = new Map<string, { mtimeMs: number; signer: PdfSigner }>();
  private crl?: { mtimeMs: number; der: Buffer };

  constructor(private readonly options: OfficeKeysOptions) {
    this.cas = certificatesOfPem(options.caPem);
    if (this.cas.length === 0) throw new SigningCredentialError('SIGNING_CA_CERT holds no PEM certificate');
  }

  get trustedCas(): X509Certificate[] {
    return this.cas;
  }

  private file(officeId: string, ext: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(officeId)) throw new SigningCredentialError(`unusable office id for a key file: ${officeId}`);
    return path.join(this.options.dir, `${officeId}.${ext}`);
  }

  /** Whether the office has a key file (opening it is checked by signerFor). */
  async has(officeId: string): Promise<boolean> {
    return stat(this.file(officeId, 'p12')).then(
      () => true,
      () => false,
    );
  }

  /** The office's signer; the file is opened again when it was replaced (rotation). */
  async signerFor(officeId: string): Promise<PdfSigner> {
    const file = this.file(officeId, 'p12');
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      throw new SigningCredentialError(`no signing key for office ${officeId}: ${file} is missing`);
    }
    const hit = this.cache.get(officeId);
    if (hit && hit.mtimeMs === mtimeMs) return hit.signer;
    const p12 = await readFile(file);
    const passphrase = await readFile(this.file(officeId, 'pass'), 'utf8').then(
      (s) => s.replace(/\r?\n$/, ''),
      () => this.options.passphrase,
    );
    if (passphrase === undefined)
      throw new SigningCredentialError(`no passphrase for ${file}: add ${officeId}.pass or set OFFICE_KEYS_PASSPHRASE(_FILE)`);
    const credential = (() => {
      try {
        return nativeCredential(p12, passphrase);
      } catch (e) {
        throw new SigningCredentialError(`cannot open ${file}: ${(e as Error).message}`);
      }
    })();
    const own = new X509Certificate(credential.chain[0]);
    const ca = this.cas.find((c) => own.checkIssued(c) && own.verify(c.publicKey));
    if (!ca)
      throw new SigningCredentialError(`${file}: the office certificate (${own.subject.split('\n')[0]}) is not issued by SIGNING_CA_CERT`);
    const signer: PdfSigner = { p12, passphrase, caCertificatePem: ca.toString(), crls: () => this.crls() };
    this.cache.set(officeId, { mtimeMs, signer });
    return signer;
  }

  private async crls(): Promise<Buffer[]> {
    const file = this.options.crlPath;
    if (!file) return [];
    const { mtimeMs } = await stat(file);
    if (this.crl?.mtimeMs !== mtimeMs) {
      const raw = await readFile(file);
      const pem = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/.exec(raw.toString('latin1'));
      this.crl = { mtimeMs, der: pem ? Buffer.from(pem[1].replace(/\s/g, ''), 'base64') : raw };
    }
    return [this.crl.der];
  }
}
