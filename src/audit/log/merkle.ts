import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 (= RFC 9162 §2.1.1) Merkle tree hashing and the RFC 9162 §2.1.3.2 / §2.1.4.2
 * proof verification algorithms. Pure; shared by the service, the CLIs, the witness and the demo.
 */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() */
export const EMPTY_ROOT = createHash('sha256').digest();

/** Leaf hash: SHA-256(0x00 ‖ leaf data). */
export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** Largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes, straight from the RFC's recursive definition (for tests and small trees). */
export function rootFromLeafHashes(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(rootFromLeafHashes(leaves.slice(0, k)), rootFromLeafHashes(leaves.slice(k)));
}

/** A range of leaves [start, end) whose Merkle tree hash is one proof element. */
export type Range = readonly [start: number, end: number];

/** RFC 6962 §2.1.1 PATH(m, D[0:n]) as the leaf ranges whose hashes form the proof, leaf's sibling first. */
export function inclusionRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m < n)) throw new RangeError(`index ${m} is not inside a tree of size ${n}`);
  const out: Range[] = [];
  const walk = (m: number, start: number, end: number): void => {
    if (end - start <= 1) return;
    const k = splitPoint(end - start);
    if (m < k) {
      walk(m, start, start + k);
      out.push([start + k, end]);
    } else {
      walk(m - k, start + k, end);
      out.push([start, start + k]);
    }
  };
  walk(m, 0, n);
  return out;
}

/** RFC 6962 §2.1.2 PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) as leaf ranges. */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`size ${m} is not within 0..${n}`);
  const out: Range[] = [];
  if (m === 0 || m === n) return out;
  const sub = (m: number, start: number, end: number, b: boolean): void => {
    const size = end - start;
    if (m === size) {
      if (!b) out.push([start, end]);
      return;
    }
    const k = splitPoint(size);
    if (m <= k) {
      sub(m, start, start + k, b);
      out.push([start + k, end]);
    } else {
      sub(m - k, start + k, end, false);
      out.push([start, start + k]);
    }
  };
  sub(m, 0, n, true);
  return out;
}

/**
 * The perfect subtrees that make up a range as RFC 6962 splits it, left to right:
 * `{ level, index }` covers leaves [index·2^level, (index+1)·2^level).
 */
export function perfectSubtrees([start, end]: Range): { level: number; index: number }[] {
  const out: { level: number; index: number }[] = [];
  let s = start;
  while (s < end) {
    // RFC 6962 splits at the largest power of two below the size: the left part is perfect.
    const size = highestPowerOfTwo(end - s);
    const level = Math.log2(size);
    if (s % size !== 0) throw new RangeError(`range [${start}, ${end}) is not RFC 6962-aligned`);
    out.push({ level, index: s / size });
    s += size;
  }
  return out;
}

function highestPowerOfTwo(n: number): number {
  let k = 1;
  while (k * 2 <= n) k *= 2;
  return k;
}

/** Hash of a range from the hashes of its perfect subtrees (as `perfectSubtrees` lists them). */
export function foldSubtrees(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) throw new RangeError('empty range');
  let h = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i], h);
  return h;
}

export class ProofError extends Error {}

const isHash = (h: Uint8Array) => h.length === HASH_SIZE;

/** RFC 9162 §2.1.3.2: recompute the root from a leaf hash and its inclusion proof. */
export function rootFromInclusionProof(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new ProofError(`index ${index} is not inside a tree of size ${size}`);
  }
  if (!isHash(leaf) || !proof.every(isHash)) throw new ProofError('hashes must be 32 bytes');
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) throw new ProofError('inclusion proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('inclusion proof is too short');
  return r;
}

export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  if (!isHash(root)) throw new ProofError('root must be 32 bytes');
  const r = rootFromInclusionProof(index, size, leaf, proof);
  if (!r.equals(root)) throw new ProofError('inclusion proof does not lead to the root');
}

/** RFC 9162 §2.1.4.2: check that the tree of size `n1` with `root1` is a prefix of the tree of size `n2` with `root2`. */
export function verifyConsistency(n1: number, n2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): void {
  if (!Number.isSafeInteger(n1) || !Number.isSafeInteger(n2) || n1 < 0 || n2 < n1) {
    throw new ProofError(`sizes ${n1} → ${n2} cannot be consistent`);
  }
  if (!proof.every(isHash)) throw new ProofError('hashes must be 32 bytes');
  // As transparency-dev/merkle: callers treat the empty tree (consistent with anything) themselves.
  if (n1 === 0) throw new ProofError('a consistency proof from the empty tree is meaningless');
  if (n1 === n2) {
    if (proof.length !== 0) throw new ProofError('proof must be empty for equal sizes');
    if (!Buffer.from(root1).equals(root2)) throw new ProofError('roots differ at equal sizes');
    return;
  }
  if (!isHash(root1) || !isHash(root2)) throw new ProofError('hashes must be 32 bytes');
  if (proof.length === 0) throw new ProofError('empty consistency proof');
  const path = [...proof];
  // If n1 is an exact power of two, root1 is the first node of the path.
  if ((n1 & (n1 - 1)) === 0) path.unshift(root1);
  let fn = n1 - 1;
  let sn = n2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('consistency proof is too long');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('consistency proof is too short');
  if (!fr.equals(root1)) throw new ProofError('consistency proof does not lead to the old root');
  if (!sr.equals(root2)) throw new ProofError('consistency proof does not lead to the new root');
}
