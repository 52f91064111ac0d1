import type { DataSource } from 'typeorm';
import type { TileReader } from './tiles.js';

/** Runs one statement: on a TypeORM manager, a query runner or a plain pg client alike. */
export type Sql = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export const sqlOf =
  (db: Pick<DataSource, 'query'>): Sql =>
  (text, params) =>
    db.query(text, params) as Promise<Record<string, unknown>[]>;

export interface LogState {
  origin: string;
  keySeed: Buffer;
  size: number;
  root: Buffer;
  checkpoint: string;
  cosignedSize: number | null;
  cosignedCheckpoint: string | null;
}

// The SQL of the log, in one place. Every read of a tile is a primary-key lookup on log_tiles;
// the pending queue is the partial index audit_entries_pending (leaf_index IS NULL).

export async function readState(sql: Sql, forUpdate = false): Promise<LogState | undefined> {
  const [r] = await sql(
    `SELECT origin, key_seed AS "keySeed", size::text AS size, root, checkpoint, cosigned_size::text AS "cosignedSize",
            cosigned_checkpoint AS "cosignedCheckpoint"
       FROM log_state WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
  );
  if (!r) return undefined;
  return {
    origin: r.origin as string,
    keySeed: r.keySeed as Buffer,
    size: Number(r.size),
    root: r.root as Buffer,
    checkpoint: r.checkpoint as string,
    cosignedSize: r.cosignedSize === null ? null : Number(r.cosignedSize),
    cosignedCheckpoint: r.cosignedCheckpoint as string | null,
  };
}

export function tileReader(sql: Sql): TileReader {
  return async (level, n, width) => {
    const [r] = await sql(`SELECT hashes FROM log_tiles WHERE level = $1 AND n = $2`, [level, n]);
    const hashes = r?.hashes as Buffer | undefined;
    if (!hashes || hashes.length < width * 32) throw new Error(`tile ${level}/${n} of width ${width} is not stored`);
    return hashes.subarray(0, width * 32);
  };
}

/**
 * Tiles are immutable once they reach a width (a partial tile only grows), so a tile of a given
 * (level, n, width) can be cached for ever.
 */
export function cachedTileReader(read: TileReader, max = 4096): TileReader {
  const cache = new Map<string, Promise<Buffer>>();
  return (level, n, width) => {
    const key = `${level}/${n}/${width}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = read(level, n, width);
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return hit;
  };
}

export interface PendingRow {
  seq: string;
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: Record<string, never>;
  prevHash: string | null;
}

/** Reads `occurred_at` back in exactly the form that was hashed. */
export const ENTRY_COLUMNS = `seq::int AS seq,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  actor, action, subject_type AS "subjectType", subject_id AS "subjectId", payload,
  prev_hash AS "prevHash", hash, leaf_index::int AS "leafIndex"`;
