import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** The hash chain's link before the first chunk. */
export const GENESIS = '0'.repeat(64);

export interface ChunkRow {
  seq: number;
  size: number;
  sha256: string;
  chainHash: string;
}

/** A session's recording as stored: its chunks' hash chain, with the total and the chain's last link. */
export interface RecordingManifest {
  sessionId: string;
  chunks: ChunkRow[];
  totalBytes: number;
  finalHash: string;
}

export interface FinishRow {
  chunkCount: number;
  bytes: number;
  durationMs: number;
  finalHash: string;
  manifestSha256: string;
  finishedAt: Date;
}

export interface ExpiredRecording {
  sessionId: string;
  caseNo: string;
  chunks: number;
  bytes: number;
  /** The latest retain_until of the session's recording rows: nothing of it may go before then. */
  retainUntil: string;
}

export interface OverrideRow {
  reason: string;
  /** The notary's user id. */
  by: string;
  byName: string;
  at: Date;
}

/**
 * The SQL of a session's recording: `recording_chunks`, `recording_finishes`, `recording_overrides`.
 * Methods that take an EntityManager run in the caller's transaction.
 */
@Injectable()
export class RecordingsRepository {
  constructor(private readonly db: DataSource) {}

  async manifest(m: EntityManager, sessionId: string): Promise<RecordingManifest> {
    const chunks = (await m.query(
      `SELECT seq, size, sha256, chain_hash AS "chainHash" FROM recording_chunks WHERE session_id = $1 ORDER BY seq`,
      [sessionId],
    )) as ChunkRow[];
    return { sessionId, chunks, totalBytes: chunks.reduce((n, c) => n + c.size, 0), finalHash: chunks.at(-1)?.chainHash ?? GENESIS };
  }

  async lastChunk(m: EntityManager, sessionId: string): Promise<Pick<ChunkRow, 'seq' | 'chainHash'> | undefined> {
    const [last] = (await m.query(
      `SELECT seq, chain_hash AS "chainHash" FROM recording_chunks WHERE session_id = $1 ORDER BY seq DESC LIMIT 1`,
      [sessionId],
    )) as Pick<ChunkRow, 'seq' | 'chainHash'>[];
    return last;
  }

  async insertChunk(m: EntityManager, sessionId: string, c: ChunkRow & { at: Date; retainUntil: Date }): Promise<void> {
    await m.query(
      `INSERT INTO recording_chunks (session_id, seq, size, sha256, chain_hash, created_at, retain_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [sessionId, c.seq, c.size, c.sha256, c.chainHash, c.at, c.retainUntil],
    );
  }

  async chunkSizes(sessionId: string): Promise<number[]> {
    const rows = (await this.db.query(`SELECT size FROM recording_chunks WHERE session_id = $1 ORDER BY seq`, [sessionId])) as {
      size: number;
    }[];
    return rows.map((r) => r.size);
  }

  async seqs(m: EntityManager, sessionId: string): Promise<number[]> {
    const rows = (await m.query(`SELECT seq FROM recording_chunks WHERE session_id = $1 ORDER BY seq`, [sessionId])) as { seq: number }[];
    return rows.map((r) => r.seq);
  }

  async chunkCount(m: EntityManager, sessionId: string): Promise<number> {
    const [r] = (await m.query(`SELECT count(*)::int AS n FROM recording_chunks WHERE session_id = $1`, [sessionId])) as { n: number }[];
    return r.n;
  }

  /** The finished duration, or the span between the first and the last chunk while it runs. */
  async durationMs(sessionId: string): Promise<number | null> {
    const [r] = (await this.db.query(
      `SELECT coalesce((SELECT duration_ms FROM recording_finishes WHERE session_id = $1),
                       extract(epoch FROM max(created_at) - min(created_at)) * 1000)::float8 AS ms
         FROM recording_chunks WHERE session_id = $1`,
      [sessionId],
    )) as { ms: number | null }[];
    return r?.ms ?? null;
  }

  /** What the staff consoles show while a recording uploads. */
  async progress(sessionId: string): Promise<{ chunks: number; bytes: number; finished: boolean }> {
    const [p] = (await this.db.query(
      `SELECT count(*)::int AS chunks, coalesce(sum(size), 0)::float8 AS bytes,
              EXISTS (SELECT 1 FROM recording_finishes WHERE session_id = $1) AS finished
         FROM recording_chunks WHERE session_id = $1`,
      [sessionId],
    )) as { chunks: number; bytes: number; finished: boolean }[];
    return p;
  }

  async finish(m: EntityManager, sessionId: string): Promise<FinishRow | undefined> {
    const [r] = (await m.query(
      `SELECT chunk_count AS "chunkCount", bytes::float8 AS bytes, duration_ms::float8 AS "durationMs", final_hash AS "finalHash",
              manifest_sha256 AS "manifestSha256", finished_at AS "finishedAt"
         FROM recording_finishes WHERE session_id = $1`,
      [sessionId],
    )) as FinishRow[];
    return r;
  }

  async insertFinish(
    m: EntityManager,
    sessionId: string,
    f: Omit<FinishRow, 'finishedAt'> & { finishedBy: string | null; at: Date; retainUntil: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO recording_finishes (session_id, chunk_count, bytes, duration_ms, final_hash, manifest_sha256, finished_by, finished_at, retain_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [sessionId, f.chunkCount, f.bytes, f.durationMs, f.finalHash, f.manifestSha256, f.finishedBy, f.at, f.retainUntil],
    );
  }

  async override(m: EntityManager, sessionId: string): Promise<OverrideRow | undefined> {
    const [r] = (await m.query(
      `SELECT o.reason, o.created_by AS by, u.display_name AS "byName", o.created_at AS at
         FROM recording_overrides o JOIN users u ON u.id = o.created_by WHERE o.session_id = $1`,
      [sessionId],
    )) as OverrideRow[];
    return r;
  }

  async insertOverride(m: EntityManager, sessionId: string, o: { reason: string; by: string; at: Date; retainUntil: Date }): Promise<void> {
    await m.query(
      `INSERT INTO recording_overrides (session_id, reason, created_by, created_at, retain_until) VALUES ($1, $2, $3, $4, $5)`,
      [sessionId, o.reason, o.by, o.at, o.retainUntil],
    );
  }

  /**
   * The recordings whose retention has passed at `now`: every chunk, manifest and override row of the
   * session past its `retain_until`. Listing only: deleting is an archivist's decision (销毁 needs an
   * appraisal and a record under the archive rules), and the database refuses any earlier delete.
   */
  async expired(now: Date): Promise<ExpiredRecording[]> {
    const rows = (await this.db.query(
      `WITH r AS (
         SELECT session_id, retain_until, 0 AS size FROM recording_finishes
         UNION ALL SELECT session_id, retain_until, 0 FROM recording_overrides
         UNION ALL SELECT session_id, retain_until, size FROM recording_chunks
       ), agg AS (
         SELECT session_id, max(retain_until) AS retain_until,
                count(*) FILTER (WHERE size > 0)::int AS chunks, sum(size)::float8 AS bytes
           FROM r GROUP BY session_id
       )
       SELECT agg.session_id AS "sessionId", b.case_no AS "caseNo", agg.chunks, agg.bytes, agg.retain_until AS "retainUntil"
         FROM agg JOIN sessions s ON s.id = agg.session_id JOIN bookings b ON b.id = s.booking_id
        WHERE agg.retain_until <= $1
        ORDER BY agg.retain_until, agg.session_id`,
      [now],
    )) as (Omit<ExpiredRecording, 'retainUntil'> & { retainUntil: Date })[];
    return rows.map((r) => ({ ...r, retainUntil: new Date(r.retainUntil).toISOString() }));
  }
}
