import { Injectable, OnModuleInit } from '@nestjs/common';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Random } from '../common/random.js';
import { KeysRepository, type KeyPurpose, type SigningKeyRow } from './keys.repository.js';

const ALG = 'EdDSA';

/**
 * Ed25519 signing keys, one active per purpose, created on first start and kept in the
 * database so that every instance signs and verifies alike and tokens survive restarts.
 * Public keys are published at /.well-known/jwks.json.
 */
@Injectable()
export class KeyStore implements OnModuleInit {
  private keys = new Map<string, SigningKeyRow>();
  private privateKeys = new Map<string, CryptoKey>();

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly random: Random,
    private readonly repository: KeysRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.ensureActive('token');
    await this.ensureActive('receipt');
  }

  async signingKey(purpose: KeyPurpose): Promise<{ kid: string; key: CryptoKey; alg: string }> {
    const k = [...this.keys.values()].find((s) => s.purpose === purpose && !s.retiredAt) ?? (await this.ensureActive(purpose));
    let key = this.privateKeys.get(k.kid);
    if (!key) {
      key = (await importJWK(k.privateJwk, ALG)) as CryptoKey;
      this.privateKeys.set(k.kid, key);
    }
    return { kid: k.kid, key, alg: ALG };
  }

  /**
   * The public JWK for a kid of this purpose; reloads once from the database for a kid another
   * instance made. Keys are kept per purpose: a receipt key never verifies a token, nor a token
   * key a receipt (a receipt must not pass for a login), whatever the kid a signer puts in its header.
   */
  async publicJwk(kid: string, purpose: KeyPurpose): Promise<JWK | undefined> {
    if (!this.keys.has(kid)) await this.reload();
    const k = this.keys.get(kid);
    return k?.purpose === purpose ? k.publicJwk : undefined;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.reload();
    return { keys: [...this.keys.values()].map((k) => k.publicJwk) };
  }

  private async reload(): Promise<void> {
    const rows = await this.repository.all();
    this.keys = new Map(rows.map((r) => [r.kid, r]));
  }

  private async ensureActive(purpose: KeyPurpose): Promise<SigningKeyRow> {
    await this.reload();
    const active = [...this.keys.values()].find((k) => k.purpose === purpose && !k.retiredAt);
    if (active) return active;
    const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const kid = `${purpose}-${this.random.bytes(8).toString('hex')}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    await this.db.transaction(async (m) => {
      // Two instances starting at once: the partial unique index lets one key win per purpose.
      if (await this.repository.insert(m, { kid, purpose, alg: ALG, publicJwk, privateJwk })) {
        await this.audit.append(m, {
          actor: 'system',
          action: 'auth.key.created',
          subjectType: 'signing_key',
          subjectId: kid,
          payload: { purpose, alg: ALG, publicJwk },
        });
      }
    });
    await this.reload();
    return [...this.keys.values()].find((k) => k.purpose === purpose && !k.retiredAt)!;
  }
}
