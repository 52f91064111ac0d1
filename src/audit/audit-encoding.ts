import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Every field of an entry except its own hash. */
export interface AuditRecord {
  seq: number;
  /** UTC, microsecond precision: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: { [key: string]: Json };
  prevHash: string;
}

export interface AuditEntry extends AuditRecord {
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
export const ENCODING_VERSION = 1;

/**
 * The bytes that are hashed: the UTF-8 of the RFC 8785 (JSON Canonicalization Scheme)
 * serialisation of `{ v: 1, seq, occurredAt, actor, action, subjectType, subjectId, payload, prevHash }`.
 * JCS fixes key order, number format and string escaping, so any language with a JCS
 * implementation reproduces the same bytes (README, "Audit chain").
 */
export function canonicalEncoding(r: AuditRecord): Buffer {
  const text = canonicalize({
    v: ENCODING_VERSION,
    seq: r.seq,
    occurredAt: r.occurredAt,
    actor: r.actor,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    payload: r.payload,
    prevHash: r.prevHash,
  });
  if (text === undefined) throw new Error('audit record cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

export function entryHash(r: AuditRecord): string {
  return createHash('sha256').update(canonicalEncoding(r)).digest('hex');
}

/** Microseconds since the epoch → `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
export function formatMicros(micros: bigint): string {
  const ms = micros / 1000n;
  const sub = (micros % 1000n).toString().padStart(3, '0');
  return new Date(Number(ms)).toISOString().replace(/Z$/, `${sub}Z`);
}

/** Drops what JSON cannot carry (undefined, functions) so that what is hashed is what is stored. */
export function toJsonPayload(payload: object): { [key: string]: Json } {
  return JSON.parse(JSON.stringify(payload)) as { [key: string]: Json };
}

export type ChainProblem =
  | 'SEQ_GAP'
  | 'PREV_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'HEAD_MISMATCH'
  | 'REMEMBERED_HEAD_MISMATCH';

export interface VerifyResult {
  ok: boolean;
  length: number;
  headHash: string;
  firstInvalidSeq?: number;
  problem?: ChainProblem;
}

/**
 * Checks entries fed in `seq` order: seq runs 1, 2, 3 … with no gap, each prevHash is the
 * previous entry's hash (64 zeros for the first), and each hash is recomputed.
 * Stops recording at the first problem; `firstInvalidSeq` names where the chain breaks.
 */
export class ChainVerifier {
  private length = 0;
  private headHash = GENESIS_HASH;
  private hashes = new Map<number, string>();
  private failure?: { seq: number; problem: ChainProblem };

  constructor(private readonly remembered?: { seq: number; hash: string }) {}

  push(e: AuditEntry): void {
    if (this.failure) return;
    const expectedSeq = this.length + 1;
    if (e.seq !== expectedSeq) return this.fail(expectedSeq, 'SEQ_GAP');
    if (e.prevHash !== this.headHash) return this.fail(e.seq, 'PREV_HASH_MISMATCH');
    if (entryHash(e) !== e.hash) return this.fail(e.seq, 'HASH_MISMATCH');
    this.length = e.seq;
    this.headHash = e.hash;
    if (this.remembered?.seq === e.seq) this.hashes.set(e.seq, e.hash);
  }

  /** `storedHead`: the chain-head row, which must point at the last entry. */
  result(storedHead?: { seq: number; hash: string }): VerifyResult {
    if (!this.failure && storedHead && (storedHead.seq !== this.length || storedHead.hash !== this.headHash)) {
      this.fail(Math.min(storedHead.seq, this.length + 1), 'HEAD_MISMATCH');
    }
    const r = this.remembered;
    if (!this.failure && r && this.hashes.get(r.seq) !== r.hash) {
      // A cut tail, or a rewritten chain: the head someone remembered is no longer there.
      this.fail(Math.min(r.seq, this.length + 1), 'REMEMBERED_HEAD_MISMATCH');
    }
    const base = { length: this.length, headHash: this.headHash };
    return this.failure
      ? { ok: false, ...base, firstInvalidSeq: this.failure.seq, problem: this.failure.problem }
      : { ok: true, ...base };
  }

  private fail(seq: number, problem: ChainProblem): void {
    this.failure = { seq, problem };
  }
}
