import { Injectable } from '@nestjs/common';
import type { JWK } from 'jose';
import { DataSource, type EntityManager } from 'typeorm';

export type KeyPurpose = 'token' | 'receipt';

export interface SigningKeyRow {
  kid: string;
  purpose: KeyPurpose;
  publicJwk: JWK;
  privateJwk: JWK;
  retiredAt: Date | null;
}

/** The SQL of `signing_keys`. Methods that take an EntityManager run in the caller's transaction. */
@Injectable()
export class KeysRepository {
  constructor(private readonly db: DataSource) {}

  /** Every key, oldest first. */
  async all(): Promise<SigningKeyRow[]> {
    return (await this.db.query(
      `SELECT kid, purpose, public_jwk AS "publicJwk", private_jwk AS "privateJwk", retired_at AS "retiredAt"
         FROM signing_keys ORDER BY created_at`,
    )) as SigningKeyRow[];
  }

  /**
   * Inserts a key unless the partial unique index already holds an active one of its purpose (two
   * instances starting at once); true when this one was inserted.
   */
  async insert(
    m: EntityManager,
    key: { kid: string; purpose: KeyPurpose; alg: string; publicJwk: JWK; privateJwk: JWK },
  ): Promise<boolean> {
    const inserted = (await m.query(
      `INSERT INTO signing_keys (kid, purpose, alg, public_jwk, private_jwk) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING kid`,
      [key.kid, key.purpose, key.alg, JSON.stringify(key.publicJwk), JSON.stringify(key.privateJwk)],
    )) as unknown[];
    return inserted.length > 0;
  }
}
