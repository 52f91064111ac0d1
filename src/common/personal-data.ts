import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';

/**
 * Personal data at rest (ID and phone numbers): AES-256-GCM for what must be read back,
 * and a keyed HMAC-SHA256 for lookups and audit references (an unkeyed hash of an
 * 18-character ID number could be reversed by trying every birth date and sequence).
 * The key comes from DATA_ENCRYPTION_KEY; without it one is generated under DATA_DIR,
 * which suits a single instance. Several instances must share DATA_ENCRYPTION_KEY.
 */
@Injectable()
export class PersonalData implements OnModuleInit {
  private key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
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
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  decrypt(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1') throw new Error('unknown personal-data envelope');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** A stable keyed digest (hex) for matching and for audit payloads. */
  digest(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(`${purpose}\u0000${value}`).digest('hex');
  }
}
