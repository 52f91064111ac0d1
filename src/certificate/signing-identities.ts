/**
 * Which key signs an office's certificates, and which CA a signature must chain to.
 *
 * - Production, OFFICE_KEYS_DIR + SIGNING_CA_CERT: each office its own PKCS#12
 *   (pdf/office-keys.ts); an office without a file falls back to OFFICE_P12_PATH if that is set.
 * - OFFICE_P12_PATH alone (the older set-up): one identity for every office; its signatures are
 *   checked against SIGNING_CA_CERT when that is set, else against the issuer they carry.
 * - Neither: the development CA under DATA_DIR/signing issues each office a certificate on first use.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config/config.js';
import { loadOrCreateDevCa, loadOrCreateDevSigner, loadP12Signer, type PdfSigner } from './pdf/index.js';
import { certificatesOfPem, OfficeKeyStore } from './pdf/office-keys.js';
import { SigningCredentialError } from './pdf/sign.js';

export class SigningKeyMissingError extends SigningCredentialError {}

export class SigningIdentities {
  private store?: Promise<OfficeKeyStore>;
  private shared?: Promise<PdfSigner>;
  private trusted?: Promise<X509Certificate[] | undefined>;
  private readonly dev = new Map<string, Promise<PdfSigner>>();
  private devQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly now: () => Date,
  ) {}

  private get devDir(): string {
    return path.join(this.config.dataDir, 'signing');
  }

  private keyStore(): Promise<OfficeKeyStore> | undefined {
    const k = this.config.officeKeys;
    if (!k) return undefined;
    this.store ??= (async () => {
      const caPem = await readFile(k.caCertPath, 'utf8').catch((e: Error) => {
        throw new SigningCredentialError(`cannot read SIGNING_CA_CERT at ${k.caCertPath}: ${e.message}`);
      });
      const passphrase =
        k.passphrase ??
        (k.passphraseFile
          ? (
              await readFile(k.passphraseFile, 'utf8').catch((e: Error) => {
                throw new SigningCredentialError(`cannot read OFFICE_KEYS_PASSPHRASE_FILE: ${e.message}`);
              })
            ).replace(/\r?\n$/, '')
          : undefined);
      return new OfficeKeyStore({ dir: k.dir, passphrase, caPem, crlPath: k.crlPath });
    })();
    return this.store;
  }

  /**
   * At start-up: every office must have a key that opens and chains to the CA, or the service
   * refuses to start (rather than answer 500 at the first certificate).
   */
  async checkOffices(offices: Array<{ id: string; name: string }>): Promise<void> {
    const store = await this.keyStore();
    if (!store) return;
    const problems: string[] = [];
    for (const o of offices) {
      if (!(await store.has(o.id)) && this.config.officeP12Path) continue;
      await store.signerFor(o.id).catch((e: Error) => problems.push(`${o.name} (${o.id}): ${e.message}`));
    }
    if (problems.length)
      throw new SigningKeyMissingError(`OFFICE_KEYS_DIR ${this.config.officeKeys!.dir} has no usable key for:\n  ${problems.join('\n  ')}`);
  }

  async signerFor(office: { id: string; name: string }): Promise<PdfSigner> {
    const store = await this.keyStore();
    if (store && (!this.config.officeP12Path || (await store.has(office.id)))) {
      return store.signerFor(office.id).catch((e: Error) => {
        throw new SigningKeyMissingError(e.message);
      });
    }
    if (this.config.officeP12Path) {
      this.shared ??= loadP12Signer(this.config.officeP12Path, this.config.officeP12Passphrase ?? '');
      return this.shared;
    }
    // One at a time, so that two offices' first certificates do not race to create the CA.
    let signer = this.dev.get(office.name);
    if (!signer) {
      signer = this.devQueue.then(() => loadOrCreateDevSigner(this.devDir, { officeName: office.name }, { clock: this.now }));
      signer.catch(() => this.dev.delete(office.name));
      this.devQueue = signer.catch(() => undefined);
      this.dev.set(office.name, signer);
    }
    return signer;
  }

  /** The CAs an issued PDF's signer must chain to; undefined: none configured (OFFICE_P12_PATH alone). */
  trustedCas(): Promise<X509Certificate[] | undefined> {
    this.trusted ??= (async () => {
      const store = await this.keyStore();
      if (store) return store.trustedCas;
      if (this.config.officeP12Path) return undefined;
      return certificatesOfPem(await loadOrCreateDevCa(this.devDir, { now: this.now() }));
    })();
    return this.trusted;
  }
}
