import { EventEmitter } from 'node:events';
import pg from 'pg';
import { entryLeafHash } from '../audit-encoding.js';
import { NoteSigner, formatCheckpoint } from './note.js';
import { sqlOfClient, type LogRepository, type LogState, type Sql } from './log.repository.js';
import { TileEdge } from './tiles.js';

/** pg_try_advisory_lock key of the integrator: 'ntry' 'log1'. */
export const INTEGRATOR_LOCK = 0x6e7472796c6f6731n;
/** NOTIFY channel on which any instance wakes the lock holder's integrator (a proof is awaited there). */
export const INTEGRATOR_WAKE = 'remote_notary_log_wake';

export interface IntegratorOptions {
  /** PostgreSQL URL for the integrator's own session (holds the advisory lock). Absent: embedded, one instance. */
  databaseUrl?: string;
  batchIntervalMs?: number;
  maxBatch?: number;
  /** How often a follower tries to take the lock. */
  leaseRetryMs?: number;
}

/**
 * The single writer of the tree (docs/evidence.md, "Integration"). One instance holds a
 * session-level advisory lock on its own connection; the others retry every second, so when the
 * holder dies its connection drops, the lock frees and another takes over. Each batch is one
 * transaction: pending entries in seq order get the next leaf indexes, the changed tiles and the
 * newly signed checkpoint are written, and it commits whole or not at all, so a crash at any
 * point leaves either the old tree or the new one.
 */
export class Integrator extends EventEmitter {
  private edge?: TileEdge;
  private running = false;
  private loop?: Promise<void>;
  private client?: pg.Client;
  private wake?: () => void;
  /** Someone awaits an entry: the next batch runs without the pause. */
  private hurry = false;
  leader = false;
  /** The entry seqs of the last batch (for the integration-lag benchmark). */
  private lastSeqs: number[] = [];
  /** The log's state as the last batch committed it. */
  private lastState?: LogState;

  constructor(
    private readonly log: LogRepository,
    private readonly opts: IntegratorOptions = {},
  ) {
    super();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.edge = undefined; // read the tree afresh from its tiles
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /**
   * Runs the next batch now rather than after the pause (a proof is awaited in this process, or
   * another instance asked on INTEGRATOR_WAKE). Only on the lease holder; a nudge during a batch
   * makes the next one follow it at once, as the awaited entry may have committed after the batch
   * read the pending ones.
   */
  nudge(): void {
    if (!this.running || !this.leader) return;
    this.hurry = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        this.wake = undefined;
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const interval = this.opts.batchIntervalMs ?? 50;
    while (this.running) {
      try {
        const sql = await this.session();
        if (!sql) {
          await this.sleep(this.opts.leaseRetryMs ?? 1000);
          continue;
        }
        this.hurry = false;
        const n = await this.integrateOnce(sql);
        if (n < (this.opts.maxBatch ?? 1000) && !this.hurry) await this.sleep(interval);
      } catch (err) {
        this.edge = undefined;
        this.emit('error', err);
        await this.dropSession();
        await this.sleep(interval * 4);
      }
    }
    await this.dropSession();
  }

  /** A statement runner while this instance holds the lease; undefined while another does. */
  private async session(): Promise<Sql | undefined> {
    if (!this.opts.databaseUrl) {
      this.leader = true;
      return this.log.pool;
    }
    if (!this.client) {
      const client = new pg.Client({ connectionString: this.opts.databaseUrl, application_name: 'remote-notary-integrator' });
      client.on('error', () => undefined); // a dropped connection surfaces on the next query
      client.on('notification', () => this.nudge()); // heard by every instance, acted on by the holder
      await client.connect();
      this.client = client;
      await this.log.listen(client, INTEGRATOR_WAKE);
    }
    if (!this.leader) {
      if (!(await this.log.tryAdvisoryLock(this.client, INTEGRATOR_LOCK))) return undefined;
      this.leader = true;
      this.edge = undefined;
      this.emit('leader');
    }
    return sqlOfClient(this.client);
  }

  private async dropSession(): Promise<void> {
    this.leader = false;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined); // ending the session frees the advisory lock
  }

  /**
   * One batch. In embedded mode the statements go through the shared pool of one connection, so
   * the transaction is opened with a query runner there; with a server they run on the lock's session.
   */
  private async integrateOnce(sql: Sql): Promise<number> {
    // The loop comes by every interval; with nothing pending it asks this one read, rather than
    // open a transaction that locks log_state (a lock is a WAL record, 20 a second on an idle service).
    if (!(await this.log.hasPending(sql))) return 0;
    const batch = (on: Sql) => this.batch(on);
    const n = this.opts.databaseUrl ? await this.log.inTransaction(sql, batch) : await this.log.inRunnerTransaction(batch);
    if (n) this.emit('integrated', this.edge!.size, this.lastSeqs, this.lastState);
    return n;
  }

  private async batch(sql: Sql): Promise<number> {
    const state = await this.log.state(sql, true);
    if (!state) throw new Error('log_state is missing: the service creates it at start');
    const pending = await this.log.nextBatch(sql, this.opts.maxBatch ?? 1000);
    if (pending.length === 0) return 0;
    if (!this.edge || this.edge.size !== state.size) this.edge = await TileEdge.load(state.size, this.log.tiles(sql));
    const edge = this.edge;
    this.edge = undefined; // until the commit, the in-memory edge is not trusted
    const leaves = pending.map((e) => entryLeafHash(e));
    const first = edge.size;
    await this.log.setLeafIndexes(
      sql,
      pending.map((e) => e.seq),
      pending.map((_, i) => first + i),
    );
    const tiles = edge.append(leaves);
    await this.log.writeTiles(sql, tiles);
    const root = edge.root();
    const body = formatCheckpoint({ origin: state.origin, size: edge.size, root });
    const note = `${body}\n${new NoteSigner(state.origin, state.keySeed).signNote(body)}`;
    await this.log.setTree(sql, edge.size, root, note);
    this.edge = edge;
    this.lastSeqs = pending.map((e) => e.seq);
    this.lastState = { ...state, size: edge.size, root, checkpoint: note };
    return pending.length;
  }
}
