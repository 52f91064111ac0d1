import type { DataSource } from 'typeorm';
import { entryHash, entryLeafHash, GENESIS_HASH, type ChainProblem, type VerifyResult } from '../audit-encoding.js';
import { LogRepository, type Sql } from './log.repository.js';
import { consistencyRanges, EMPTY_ROOT, HASH_SIZE, verifyConsistency } from './merkle.js';
import { NoteSigner, openNote, parseCheckpoint, parseVerifierKey } from './note.js';
import { TiledTree, TileEdge, TILE_WIDTH } from './tiles.js';

export interface RememberedCheckpoint {
  size: number;
  root: Buffer;
}

const PAGE = 2000;

/**
 * `audit:verify` and GET /api/audit/verify (docs/evidence.md, "Verifying"): in one snapshot,
 * recompute every integrated entry's leaf hash from its columns, compare it with the stored
 * level-0 tiles, rebuild the tree from scratch and compare its root with the signed checkpoint;
 * entries of the v1 chain also keep their prevHash links. With a remembered checkpoint, the
 * recomputed tree must contain it (and the tiles must prove it consistent).
 */
export async function verifyLog(
  db: DataSource,
  remembered?: { seq: number; hash: string },
  rememberedCheckpoint?: RememberedCheckpoint,
): Promise<VerifyResult> {
  const log = new LogRepository(db);
  return log.inSnapshot((sql) => walk(log, sql, remembered, rememberedCheckpoint));
}

async function walk(
  log: LogRepository,
  sql: Sql,
  remembered?: { seq: number; hash: string },
  rc?: RememberedCheckpoint,
): Promise<VerifyResult> {
  // Before the service's first start there is no log yet: every entry is pending.
  const state = (await log.state(sql)) ?? {
    origin: '',
    keySeed: Buffer.alloc(0),
    size: 0,
    root: EMPTY_ROOT,
    checkpoint: '',
    cosignedSize: null,
    cosignedCheckpoint: null,
  };
  const read = log.tiles(sql);
  const edge = TileEdge.empty();
  let failure: { index: number; seq?: number; problem: ChainProblem } | undefined;
  const fail = (index: number, problem: ChainProblem, seq?: number) => {
    failure ??= { index, seq, problem };
  };
  let chainHead = GENESIS_HASH;
  let lastHash = GENESIS_HASH;
  let rememberedRoot: Buffer | undefined;
  let tile: { n: number; hashes: Buffer } | undefined;
  let after = -1;
  outer: for (;;) {
    const page = await log.integrated(sql, after, PAGE);
    for (const e of page) {
      const i = e.leafIndex!;
      if (i !== edge.size) {
        fail(edge.size, 'SEQ_GAP', e.seq);
        break outer;
      }
      if (e.prevHash !== null) {
        // v1 chain entries: seq runs 1, 2, 3 … and each names its predecessor.
        if (e.seq !== i + 1) fail(i, 'SEQ_GAP', e.seq);
        else if (e.prevHash !== chainHead) fail(i, 'PREV_HASH_MISMATCH', e.seq);
        chainHead = e.hash;
      }
      if (entryHash(e) !== e.hash) fail(i, 'HASH_MISMATCH', e.seq);
      const leaf = entryLeafHash(e);
      const n = Math.floor(i / TILE_WIDTH);
      if (i < state.size) {
        if (tile?.n !== n) {
          const width = Math.min(TILE_WIDTH, state.size - n * TILE_WIDTH);
          tile = { n, hashes: await read(0, n, width).catch(() => Buffer.alloc(0)) };
        }
        const off = (i - n * TILE_WIDTH) * HASH_SIZE;
        if (!tile.hashes.subarray(off, off + HASH_SIZE).equals(leaf)) fail(i, 'HASH_MISMATCH', e.seq);
      }
      if (failure) break outer;
      edge.append([leaf]);
      lastHash = e.hash;
      if (rc && edge.size === rc.size) rememberedRoot = edge.root();
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].leafIndex!;
  }
  const root = edge.root();
  if (!failure) {
    let signed: { size: number; root: Buffer } | undefined = state.checkpoint ? undefined : { size: 0, root: EMPTY_ROOT };
    if (state.checkpoint)
      try {
        const verifier = new NoteSigner(state.origin, state.keySeed).verifierKey;
        signed = parseCheckpoint(openNote(state.checkpoint, parseVerifierKey(verifier)).text);
      } catch {
        signed = undefined;
      }
    if (!signed || signed.size !== state.size || !signed.root.equals(state.root))
      fail(Math.min(edge.size, state.size), 'CHECKPOINT_MISMATCH');
    else if (edge.size !== state.size) fail(Math.min(edge.size, state.size), 'CHECKPOINT_MISMATCH');
    else if (!root.equals(state.root)) fail(edge.size, 'ROOT_MISMATCH');
  }
  if (!failure && remembered) {
    const e = await log.entry(remembered.seq, sql);
    if (!e || e.hash !== remembered.hash || e.leafIndex === null || e.leafIndex! >= edge.size) {
      fail(e?.leafIndex ?? edge.size, 'REMEMBERED_HEAD_MISMATCH', remembered.seq);
    }
  }
  if (!failure && rc) {
    let consistent = rc.size === 0 ? true : rememberedRoot?.equals(rc.root) === true;
    if (consistent && rc.size > 0 && rc.size < state.size) {
      // Also as an outside auditor would: the consistency proof from the stored tiles.
      try {
        const tree = new TiledTree(state.size, read);
        const proof = await Promise.all(consistencyRanges(rc.size, state.size).map((r) => tree.range(r)));
        verifyConsistency(rc.size, state.size, proof, rc.root, state.root);
      } catch {
        consistent = false;
      }
    }
    if (!consistent) fail(Math.min(rc.size, edge.size), 'INCONSISTENT_WITH_REMEMBERED');
  }
  // Entries not yet integrated: their stored hash must still match their content.
  const pendingRows = await log.pending(sql);
  if (!failure) {
    const bad = pendingRows.find((e) => entryHash(e) !== e.hash);
    if (bad) fail(edge.size, 'HASH_MISMATCH', bad.seq);
  }
  const pending = pendingRows.length;
  const base = {
    length: edge.size,
    headHash: lastHash,
    treeSize: state.size,
    rootHash: state.root.toString('base64'),
    pending,
    checkpoint: state.checkpoint,
  };
  const f = failure as { index: number; seq?: number; problem: ChainProblem } | undefined;
  return f
    ? { ok: false, ...base, firstInvalidIndex: f.index, ...(f.seq !== undefined ? { firstInvalidSeq: f.seq } : {}), problem: f.problem }
    : { ok: true, ...base };
}
