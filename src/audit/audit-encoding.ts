import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { leafHash } from './log/merkle.js';

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
  /** v1 (hash-chain) entries only; v2 entries are ordered by the Merkle tree instead. */
  prevHash: string | null;
}

export interface AuditEntry extends AuditRecord {
  hash: string;
  /** Position in the log's Merkle tree; null while pending integration. */
  leafIndex?: number | null;
}

export const GENESIS_HASH = '0'.repeat(64);
export const ENCODING_VERSION = 2;

/**
 * The entry's leaf data: the UTF-8 of the RFC 8785 (JSON Canonicalization Scheme) serialisation of
 * `{ v: 2, seq, occurredAt, actor, action, subjectType, subjectId, payload }`, or for an entry of the
 * v1 hash chain (it has a prevHash) `{ v: 1, …the same…, prevHash }`, exactly the bytes v1 hashed.
 * JCS fixes key order, number format and string escaping, so any language with a JCS
 * implementation reproduces the same bytes (docs/evidence.md).
 */
export function canonicalEncoding(r: AuditRecord): Buffer {
  const common = {
    seq: r.seq,
    occurredAt: r.occurredAt,
    actor: r.actor,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    payload: r.payload,
  };
  const text = canonicalize(r.prevHash === null ? { v: ENCODING_VERSION, ...common } : { v: 1, ...common, prevHash: r.prevHash });
  if (text === undefined) throw new Error('audit record cannot be canonicalised');
  return Buffer.from(text, 'utf8');
}

/** RFC 6962 leaf hash of the entry: SHA-256(0x00 ‖ canonical bytes). */
export function entryLeafHash(r: AuditRecord): Buffer {
  return leafHash(canonicalEncoding(r));
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
  | 'ROOT_MISMATCH'
  | 'CHECKPOINT_MISMATCH'
  | 'INCONSISTENT_WITH_REMEMBERED'
  | 'PREV_HASH_MISMATCH'
  | 'HASH_MISMATCH'
  | 'HEAD_MISMATCH'
  | 'REMEMBERED_HEAD_MISMATCH';

export interface VerifyResult {
  ok: boolean;
  length: number;
  headHash: string;
  /** Evidence log v2: the signed checkpoint's tree size and root (base64), entries awaiting integration. */
  treeSize?: number;
  rootHash?: string;
  pending?: number;
  checkpoint?: string;
  firstInvalidIndex?: number;
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
    return this.failure ? { ok: false, ...base, firstInvalidSeq: this.failure.seq, problem: this.failure.problem } : { ok: true, ...base };
  }

  private fail(seq: number, problem: ChainProblem): void {
    this.failure = { seq, problem };
  }
}
