import { createHash } from 'node:crypto';
import { leafHash, ProofError, verifyInclusion } from './merkle.js';
import { NoteError, openNote, parseCheckpoint, parseVerifierKey } from './note.js';

/**
 * A log entry's offline proof in the C2SP tlog-proof@v1 text format:
 *
 *     c2sp.org/tlog-proof@v1
 *     extra <base64 of the entry's canonical bytes (its leaf data)>
 *     index <leaf index>
 *     <inclusion proof, one base64 hash a line>
 *     <blank line>
 *     <the checkpoint, a signed note with the witnesses' cosignatures>
 *
 * The `extra` line carries the leaf data so that the leaf hash can be recomputed; it is bound to a
 * certificate by the SHA-256 its receipt names (docs/evidence.md, "Certificate receipts").
 */
export function formatEntryProof(p: { leafData: Buffer; index: number; proof: string[]; checkpoint: string }): string {
  return `c2sp.org/tlog-proof@v1\nextra ${p.leafData.toString('base64')}\nindex ${p.index}\n${p.proof.map((h) => `${h}\n`).join('')}\n${p.checkpoint}`;
}

export interface EntryProofCheck {
  ok: boolean;
  origin?: string;
  index?: number;
  treeSize?: number;
  leafHash?: string;
  /** Witness names whose cosignatures verified. */
  cosignedBy: string[];
  problem?: string;
}

/**
 * Checks a tlog-proof with nothing but the log's and witnesses' verifier keys: the checkpoint's
 * signature, the cosignatures, the inclusion of SHA-256(0x00 ‖ extra) at the index, and (when
 * given) that the leaf is the entry a receipt names: SHA-256(extra) = entryHash, and its action
 * and subject. Used by the service, the offline CLI and the client demo alike.
 */
export function verifyEntryProof(
  text: string,
  keys: { log: string; witnesses?: readonly string[] },
  expect?: { entryHash?: string; action?: string; subjectId?: string },
): EntryProofCheck {
  const fail = (problem: string, more: Partial<EntryProofCheck> = {}): EntryProofCheck => ({ ok: false, cosignedBy: [], ...more, problem });
  const blank = text.indexOf('\n\n');
  if (blank < 0) return fail('not a tlog-proof: no blank line before the checkpoint');
  const lines = text.slice(0, blank).split('\n');
  if (lines[0] !== 'c2sp.org/tlog-proof@v1') return fail('not a c2sp.org/tlog-proof@v1');
  let k = 1;
  let extra: Buffer | undefined;
  if (lines[k]?.startsWith('extra ')) extra = Buffer.from(lines[k++].slice(6), 'base64');
  const idx = /^index (0|[1-9]\d{0,15})$/.exec(lines[k++] ?? '');
  if (!idx) return fail('malformed index line');
  const index = Number(idx[1]);
  const proof = lines.slice(k).map((l) => Buffer.from(l, 'base64'));
  if (!extra) return fail('the proof carries no leaf data (extra line)');
  try {
    const log = parseVerifierKey(keys.log);
    const witnesses = (keys.witnesses ?? []).map(parseVerifierKey);
    const opened = openNote(text.slice(blank + 2), log, witnesses);
    const c = parseCheckpoint(opened.text);
    const leaf = leafHash(extra);
    const base = {
      origin: c.origin,
      index,
      treeSize: c.size,
      leafHash: leaf.toString('base64'),
      cosignedBy: opened.cosigned.map((w) => w.name),
    };
    if (c.origin !== log.name) return fail('the checkpoint is from another log', base);
    verifyInclusion(index, c.size, leaf, proof, c.root);
    if (expect?.entryHash && createHash('sha256').update(extra).digest('hex') !== expect.entryHash) {
      return fail('the logged entry is not the one the receipt names', base);
    }
    if (expect?.action || expect?.subjectId) {
      const entry = JSON.parse(extra.toString('utf8')) as { action?: string; subjectId?: string };
      if ((expect.action && entry.action !== expect.action) || (expect.subjectId && entry.subjectId !== expect.subjectId)) {
        return fail('the logged entry is about something else', base);
      }
    }
    return { ok: true, ...base };
  } catch (err) {
    if (err instanceof NoteError || err instanceof ProofError || err instanceof SyntaxError) return fail(err.message);
    throw err;
  }
}
