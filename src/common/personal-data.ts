import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * Personal data at rest (ID and phone numbers): AES-256-GCM for what must be read back,
 * and a keyed HMAC-SHA256 for lookups and audit references (an unkeyed hash of an
 * 18-character ID number could be reversed by trying every birth date and sequence).
 * The key comes from DATA_ENCRYPTION_KEY; without it one is generated under DATA_DIR,
 * which suits a single instance. Several instances must share DATA_ENCRYPTION_KEY.
 */
const BYTES_MAGIC = Buffer.from('PDB1');

@Injectable()
export class PersonalData implements OnModuleInit {
  private key: Buffer;
  /**
   * The same key as a KeyObject, made once: given a Buffer, every cipher and HMAC imports the key
   * again (about half of a booking's sealing time).
   */
  private secret: KeyObject;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.loadKey();
    this.secret = createSecretKey(this.key);
    await this.checkFingerprint();
  }

  /**
   * The key's fingerprint is stored at first start; a later start with another key (a changed
   * DATA_ENCRYPTION_KEY, a lost DATA_DIR/keys file) stops here instead of failing on every
   * decryption.
   */
  private async checkFingerprint(): Promise<void> {
    const fingerprint = createHmac('sha256', this.key)
      .update('remote-notary data-encryption-key fingerprint v1')
      .digest('hex')
      .slice(0, 32);
    await this.db.query(
      `INSERT INTO key_fingerprints (purpose, fingerprint) VALUES ('data-encryption', $1) ON CONFLICT (purpose) DO NOTHING`,
      [fingerprint],
    );
    const [row] = (await this.db.query(`SELECT fingerprint FROM key_fingerprints WHERE purpose = 'data-encryption'`)) as {
      fingerprint: string;
    }[];
    if (row.fingerprint !== fingerprint) {
      const source = this.config.dataEncryptionKey
        ? 'DATA_ENCRYPTION_KEY'
        : `the key file ${path.join(this.config.dataDir, 'keys', 'data-encryption.key')}`;
      throw new Error(
        `The data-encryption key (${source}) is not the key this database's personal data was encrypted with ` +
          `(fingerprint ${fingerprint}, expected ${row.fingerprint}). Start with the original key: set DATA_ENCRYPTION_KEY ` +
          `to it, or restore the key file. Nothing was changed. 数据加密密钥与数据库不符，请使用原密钥启动。`,
      );
    }
  }

  private async loadKey(): Promise<void> {
    if (this.config.dataEncryptionKey) {
      this.key = Buffer.from(this.config.dataEncryptionKey, 'base64');
      return;
    }
    const file = path.join(this.config.dataDir, 'keys', 'data-encryption.key');
    try {
      this.key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    } catch {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      this.key = randomBytes(32);
      await writeFile(file, this.key.toString('base64'), { mode: 0o600, flag: 'wx' }).catch(async () => {
        // Another process wrote it first: use theirs.
        this.key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
      });
    }
  }

  /** `v1.<iv>.<tag>.<ciphertext>` in base64url. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secret, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1') throw new Error('unknown personal-data envelope');
    const decipher = createDecipheriv('aes-256-gcm', this.secret, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /**
   * Binary personal data at rest (identity images): `PDB1` | iv (12) | tag (16) | ciphertext,
   * AES-256-GCM with the same key, so a blob store (a directory, object storage) holds only ciphertext.
   */
  encryptBytes(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.secret, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([BYTES_MAGIC, iv, cipher.getAuthTag(), body]);
  }

  decryptBytes(sealed: Buffer): Buffer {
    if (sealed.length < 32 || !sealed.subarray(0, 4).equals(BYTES_MAGIC)) throw new Error('unknown personal-data envelope');
    const decipher = createDecipheriv('aes-256-gcm', this.secret, sealed.subarray(4, 16));
    decipher.setAuthTag(sealed.subarray(16, 32));
    return Buffer.concat([decipher.update(sealed.subarray(32)), decipher.final()]);
  }

  /** A stable keyed digest (hex) for matching and for audit payloads. */
  digest(purpose: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${purpose}\u0000${value}`).digest('hex');
  }
}
