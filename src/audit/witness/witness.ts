import { EMPTY_ROOT, ProofError, verifyConsistency } from '../log/merkle.js';
import { NoteError, NoteSigner, parseCheckpoint, parseNote, verifiedSignatures, type NoteVerifier } from '../log/note.js';

/** What the witness remembers per log origin: the latest checkpoint it cosigned. */
export type WitnessState = Record<string, { size: number; root: string }>;

export interface WitnessReply {
  status: number;
  contentType: string;
  body: string;
}

const text = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): WitnessReply => ({ status, contentType, body });

/**
 * C2SP tlog-witness `add-checkpoint`, decided in memory: the caller persists `next` (if any)
 * before it sends the reply, and runs one request at a time so that the size check and the
 * update are atomic (the spec's rollback race).
 */
export function addCheckpoint(
  body: string,
  logs: readonly NoteVerifier[],
  state: WitnessState,
  signer: NoteSigner,
  now: () => number,
): { reply: WitnessReply; next?: WitnessState } {
  const blank = body.indexOf('\n\n');
  if (!body.startsWith('old ') || blank < 0) return { reply: text(400, 'body is: old <size>, proof lines, blank line, checkpoint\n') };
  const head = body.slice(0, blank).split('\n');
  const oldLine = /^old (0|[1-9]\d{0,15})$/.exec(head[0]);
  if (!oldLine) return { reply: text(400, 'malformed old line\n') };
  const oldSize = Number(oldLine[1]);
  const proofLines = head.slice(1);
  if (proofLines.length > 63) return { reply: text(400, 'more than 63 proof lines\n') };
  const proof: Buffer[] = [];
  for (const l of proofLines) {
    const h = Buffer.from(l, 'base64');
    if (h.length !== 32 || h.toString('base64') !== l) return { reply: text(400, 'malformed proof line\n') };
    proof.push(h);
  }
  let note;
  let checkpoint;
  try {
    note = parseNote(body.slice(blank + 2));
    checkpoint = parseCheckpoint(note.text);
  } catch (err) {
    return { reply: text(400, `${(err as Error).message}\n`) };
  }
  const keys = logs.filter((l) => l.name === checkpoint.origin);
  if (keys.length === 0) return { reply: text(404, 'unknown log origin\n') };
  try {
    if (!keys.some((k) => verifiedSignatures(note, k).length > 0)) return { reply: text(403, 'no signature from a trusted log key\n') };
  } catch (err) {
    if (err instanceof NoteError) return { reply: text(403, `${err.message}\n`) };
    throw err;
  }
  if (oldSize > checkpoint.size) return { reply: text(400, 'old size exceeds the checkpoint size\n') };
  const known = state[checkpoint.origin] ?? { size: 0, root: EMPTY_ROOT.toString('base64') };
  if (oldSize !== known.size) return { reply: text(409, `${known.size}\n`, 'text/x.tlog.size') };
  if (checkpoint.size === 0 && !checkpoint.root.equals(EMPTY_ROOT)) return { reply: text(422, 'an empty tree has the empty root\n') };
  if (oldSize === 0) {
    if (proof.length) return { reply: text(422, 'no proof from the empty tree\n') };
  } else if (oldSize === checkpoint.size) {
    if (proof.length || known.root !== checkpoint.root.toString('base64'))
      return { reply: text(422, 'same size, different root: a fork\n') };
  } else {
    try {
      verifyConsistency(oldSize, checkpoint.size, proof, Buffer.from(known.root, 'base64'), checkpoint.root);
    } catch (err) {
      if (err instanceof ProofError) return { reply: text(422, `not consistent with the checkpoint of size ${oldSize}: ${err.message}\n`) };
      throw err;
    }
  }
  const next = { ...state, [checkpoint.origin]: { size: checkpoint.size, root: checkpoint.root.toString('base64') } };
  return { reply: text(200, signer.cosign(note.text, now())), next };
}
