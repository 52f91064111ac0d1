import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Random } from '../../common/random.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { Integrator, INTEGRATOR_WAKE } from './integrator.js';
import { canonicalEncoding } from '../audit-encoding.js';
import { LogRepository, type LogState } from './log.repository.js';
import { formatEntryProof, verifyEntryProof, type EntryProofCheck } from './log-proof.js';
import { consistencyRanges, EMPTY_ROOT, inclusionRanges } from './merkle.js';
import { formatCheckpoint, NoteSigner, parseNote, verifiedSignatures } from './note.js';
import { cachedTileReader, TiledTree, tileWidth, type TileReader } from './tiles.js';
import { addCheckpoint, parseWitnessUrls, type WitnessConfig } from './witness-client.js';

/** Thrown for a proof request the current tree cannot answer (mapped to 400 by the controller). */
export class LogRangeError extends Error {}

/**
 * The evidence log's read side (checkpoint, tiles, proofs) and the owner of the integrator
 * and of the witness pushes (docs/evidence.md).
 */
@Injectable()
export class LogService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('EvidenceLog');
  private readonly tiles: TileReader;
  /** Perfect-subtree hashes already computed (immutable once complete). */
  private readonly nodes = new Map<string, Buffer>();
  readonly integrator: Integrator;
  private readonly witnesses: WitnessConfig[];
  private state?: { at: number; value: LogState };
  private pushing = false;
  private readonly waiters = new Map<number, { resolve: (i: number | undefined) => void; deadline: number }[]>();
  private polling?: Promise<void>;
  private pushAgain = false;
  /** Entries whose proof `proofForEntry` is making in this process (late proofs leave them be). */
  private readonly proving = new Map<number, number>();

  constructor(
    private readonly repository: LogRepository,
    private readonly random: Random,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.tiles = cachedTileReader(repository.tiles());
    this.witnesses = parseWitnessUrls(config.witnessUrls);
    this.integrator = new Integrator(repository, { databaseUrl: config.databaseUrl });
    this.integrator.on('error', (err: unknown) => this.log.warn(`integration failed: ${err instanceof Error ? err.message : String(err)}`));
    this.integrator.on('integrated', (size: number, seqs: number[], state: LogState) => {
      this.state = { at: performance.now(), value: state };
      this.integrated(size, seqs);
      void this.pushToWitnesses();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureState();
    if (this.config.logIntegrator !== false) this.integrator.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.integrator.stop();
  }

  /** The log's identity and key, made once, on the first start. */
  private async ensureState(): Promise<void> {
    if (await this.repository.state()) return;
    const url = new URL(this.config.publicBaseUrl);
    const origin = `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
    const seed = this.random.bytes(32);
    const body = formatCheckpoint({ origin, size: 0, root: EMPTY_ROOT });
    const note = `${body}\n${new NoteSigner(origin, seed).signNote(body)}`;
    await this.repository.createState({ origin, keySeed: seed, root: EMPTY_ROOT, checkpoint: note });
  }

  /** The latest state, read at most every 20 ms (proof serving stays off the database). */
  async current(maxAgeMs = 20): Promise<LogState> {
    const now = performance.now();
    if (this.state && now - this.state.at < maxAgeMs) return this.state.value;
    const value = await this.repository.state();
    if (!value) throw new Error('the evidence log is not initialised');
    this.state = { at: now, value };
    return value;
  }

  async origin(): Promise<string> {
    return (await this.current(60_000)).origin;
  }

  async verifierKey(): Promise<string> {
    const s = await this.current(60_000);
    return new NoteSigner(s.origin, s.keySeed).verifierKey;
  }

  witnessKeys(): string[] {
    return this.witnesses.map((w) => w.verifier.vkey);
  }

  /** The latest signed checkpoint, with the witnesses' cosignatures when they have cosigned it. */
  async checkpoint(): Promise<{ size: number; root: Buffer; note: string }> {
    const s = await this.current(0);
    const note = s.cosignedSize === s.size && s.cosignedCheckpoint ? s.cosignedCheckpoint : s.checkpoint;
    return { size: s.size, root: s.root, note };
  }

  /** Tile bytes, or undefined when the tile does not exist at that width in the published tree. */
  async tile(level: number, n: number, width: number): Promise<Buffer | undefined> {
    const s = await this.current();
    const have = tileWidth(level, n, s.size);
    if (width === 256 ? have !== 256 : have < width) return undefined;
    return this.tiles(level, n, width);
  }

  private async tree(size: number): Promise<TiledTree> {
    const s = await this.current();
    if (size > s.size) {
      const fresh = await this.current(0);
      if (size > fresh.size) throw new LogRangeError(`the log has ${fresh.size} entries; treeSize ${size} is beyond it`);
    }
    return new TiledTree(size, this.tiles, this.nodes);
  }

  async inclusionProof(index: number, treeSize: number): Promise<{ index: number; treeSize: number; leafHash: string; proof: string[] }> {
    if (index >= treeSize) throw new LogRangeError('index must be below treeSize');
    const tree = await this.tree(treeSize);
    const [leaf, ...proof] = await Promise.all([tree.subtree(0, index), ...inclusionRanges(index, treeSize).map((r) => tree.range(r))]);
    return { index, treeSize, leafHash: leaf.toString('base64'), proof: proof.map((p) => p.toString('base64')) };
  }

  async consistencyProof(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
    if (from > to) throw new LogRangeError('from must not exceed to');
    const tree = await this.tree(to);
    const proof = await Promise.all(consistencyRanges(from, to).map((r) => tree.range(r)));
    return { from, to, proof: proof.map((p) => p.toString('base64')) };
  }

  /**
   * Waits until entry `seq` has a leaf index (bounded); undefined on timeout. The lease holder's
   * integrator is woken at once (through NOTIFY when another instance holds it); when it is this
   * instance's, its batch resolves the waiters directly. The database is asked once at first (the
   * entry may be integrated already) and then every 25 ms, which is all there is when another
   * instance integrates. All waiters share one query per round, so that many approvals at once do
   * not take the pool away from the transactions they wait for.
   */
  waitForLeaf(seq: number, timeoutMs: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const list = this.waiters.get(seq) ?? [];
      list.push({ resolve, deadline: performance.now() + timeoutMs });
      this.waiters.set(seq, list);
      if (timeoutMs > 0) this.wakeIntegrator();
      this.pollWaiters();
    });
  }

  /** The lock holder's integrator, to batch now: this instance's, or another's through NOTIFY. */
  private wakeIntegrator(): void {
    if (this.integrator.leader || !this.config.databaseUrl) this.integrator.nudge();
    else void this.repository.notify(INTEGRATOR_WAKE).catch(() => undefined);
  }

  /** This instance's integrator committed a batch: entries `seqs` have the leaves before `size`. */
  private integrated(size: number, seqs: number[]): void {
    if (!this.waiters.size) return;
    const first = size - seqs.length;
    seqs.forEach((seq, i) => {
      const list = this.waiters.get(seq);
      if (!list) return;
      this.waiters.delete(seq);
      for (const w of list) w.resolve(first + i);
    });
  }

  private pollWaiters(): void {
    if (this.polling) return;
    this.polling = (async () => {
      while (this.waiters.size) {
        const seqs = [...this.waiters.keys()];
        const rows = await this.repository.leafIndexes(seqs).catch(() => []);
        const found = new Map(rows.map((r) => [r.seq, r.leafIndex]));
        const now = performance.now();
        for (const seq of seqs) {
          const i = found.get(seq);
          const list = this.waiters.get(seq);
          if (!list) continue; // resolved by an integration meanwhile
          const keep = list.filter((w) => {
            if (i !== undefined) w.resolve(i);
            else if (now > w.deadline) w.resolve(undefined);
            else return true;
            return false;
          });
          if (keep.length) this.waiters.set(seq, keep);
          else this.waiters.delete(seq);
        }
        if (this.waiters.size) await new Promise((r) => setTimeout(r, 25));
      }
    })().finally(() => (this.polling = undefined));
  }

  /**
   * The tlog-proof of entry `seq` against the latest checkpoint, waiting (bounded) for its
   * integration and, with witnesses configured, for a cosigned checkpoint that covers it.
   * Undefined when the entry is not integrated in time.
   */
  async proofForEntry(seq: number, waitMs: number): Promise<string | undefined> {
    this.proving.set(seq, (this.proving.get(seq) ?? 0) + 1);
    try {
      return await this.proveEntry(seq, waitMs);
    } finally {
      const n = this.proving.get(seq)! - 1;
      if (n) this.proving.set(seq, n);
      else this.proving.delete(seq);
    }
  }

  /** Whether a proof of entry `seq` is being made (and awaited) in this process now. */
  isProving(seq: number): boolean {
    return this.proving.has(seq);
  }

  private async proveEntry(seq: number, waitMs: number): Promise<string | undefined> {
    const deadline = performance.now() + waitMs;
    const index = await this.waitForLeaf(seq, waitMs);
    if (index === undefined) return undefined;
    // Any checkpoint that covers the entry will do: the one just integrated here, if it does.
    let s = await this.current();
    if (s.size <= index) s = await this.current(0);
    while (this.witnesses.length && (s.cosignedSize ?? -1) <= index && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      s = await this.current(0);
    }
    const cosigned = s.cosignedCheckpoint && s.cosignedSize !== null && s.cosignedSize > index;
    const size = cosigned ? s.cosignedSize! : s.size;
    const note = cosigned ? s.cosignedCheckpoint! : s.checkpoint;
    const e = (await this.repository.entry(seq))!;
    const { proof } = await this.inclusionProof(index, size);
    return formatEntryProof({ leafData: canonicalEncoding(e), index, proof, checkpoint: note });
  }

  /**
   * The proof of entry `seq` if it is integrated now and, with witnesses configured, covered by a
   * cosigned checkpoint; undefined otherwise, without waiting. For proofs added after the fact: a
   * proof stored once is kept, so it should be the cosigned one when witnesses exist.
   */
  async settledProofForEntry(seq: number): Promise<string | undefined> {
    const index = await this.repository.leafIndex(seq);
    if (index === undefined) return undefined;
    const s = await this.current(0);
    if (this.witnesses.length && !(s.cosignedCheckpoint && s.cosignedSize !== null && s.cosignedSize > index)) return undefined;
    return this.proofForEntry(seq, 0);
  }

  /** The verify answer's `log` part: a certificate's stored tlog-proof, checked with the published keys. */
  async checkCertificateProof(
    proof: string | null,
    entryHash: string,
    certificateId: string,
  ): Promise<{ present: boolean } & Partial<EntryProofCheck>> {
    if (!proof) return { present: false };
    const check = verifyEntryProof(
      proof,
      { log: await this.verifierKey(), witnesses: this.witnessKeys() },
      { entryHash, action: 'certificate.issued', subjectId: certificateId },
    );
    return { present: true, ...check };
  }

  /** Pushes the latest checkpoint to every configured witness (one push at a time, latest wins). */
  async pushToWitnesses(): Promise<void> {
    if (this.witnesses.length === 0) return;
    if (this.pushing) {
      this.pushAgain = true;
      return;
    }
    this.pushing = true;
    try {
      do {
        this.pushAgain = false;
        const s = await this.current(0);
        if (s.cosignedSize === s.size) continue;
        const lines: string[] = [];
        for (const w of this.witnesses) {
          const got = await this.pushTo(w, s).catch((err: unknown) => {
            this.log.warn(`witness ${w.verifier.name}: ${err instanceof Error ? err.message : String(err)}`);
            return undefined;
          });
          if (got) lines.push(got);
        }
        if (lines.length) {
          const cosigned = s.checkpoint + lines.join('');
          await this.repository.setCosigned(s.size, cosigned);
          this.state = undefined;
        }
      } while (this.pushAgain);
    } finally {
      this.pushing = false;
    }
  }

  private async pushTo(w: WitnessConfig, s: LogState): Promise<string | undefined> {
    let old = (await this.repository.witnessSize(w.verifier.vkey)) ?? 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (old > s.size) return undefined;
      const proof =
        old === 0 || old === s.size
          ? []
          : await Promise.all(consistencyRanges(old, s.size).map(async (r) => (await this.tree(s.size)).range(r)));
      const res = await addCheckpoint(w.url, old, proof, s.checkpoint);
      if (res.status === 'conflict') {
        old = res.size;
        continue;
      }
      if (res.status === 'refused') {
        this.log.error(`witness ${w.verifier.name} refused checkpoint ${s.size}: ${res.code} ${res.message}`);
        return undefined;
      }
      // Keep only cosignatures that verify under the configured key.
      const note = parseNote(s.checkpoint + res.cosignatures);
      const valid = verifiedSignatures(note, w.verifier);
      if (valid.length === 0) return undefined;
      await this.repository.setWitnessSize(w.verifier.vkey, s.size);
      return valid.map((v) => v.line).join('');
    }
    return undefined;
  }
}
