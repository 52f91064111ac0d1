/**
 * The one storage port for large blobs (recording chunks, identity images). A row that names a
 * blob commits only after `put` has resolved: `put` resolves once the bytes are durable (fsync of
 * file and directory locally; the store's confirmed checksum for object storage).
 *
 * Keys are relative, slash-separated, made only of [A-Za-z0-9._-] segments (no `..`, no leading
 * slash): callers build them from database ids, never from request text.
 */
export interface BlobStore {
  /** `local` (a directory) or `s3` (S3-compatible object storage); shown in health and docs. */
  readonly kind: 'local' | 's3';
  /**
   * Stores `bytes` under `key`, replacing what was there; resolves once they are durable.
   * `retainUntil`: where the store can lock objects (S3 Object Lock), it refuses deletion and
   * overwrite until then; elsewhere it is ignored and the database's retention rule alone holds.
   */
  put(key: string, bytes: Buffer, options?: PutOptions): Promise<StoredBlob>;
  /** The whole blob; rejects with code `BLOB_MISSING` when there is none. */
  get(key: string): Promise<Buffer>;
  /** Bytes [start, end] inclusive of the blob. */
  getRange(key: string, start: number, end: number): Promise<Buffer>;
  /** Size of the blob, or undefined when there is none. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Removes the blob (absent is not an error). */
  delete(key: string): Promise<void>;
  /** Where the blobs under a key prefix live, for people (a directory path or an s3:// URL). */
  locate(keyPrefix: string): string;
  /** Releases connections; called when the application shuts down. */
  close?(): Promise<void>;
}

export interface PutOptions {
  retainUntil?: Date;
}

export interface StoredBlob {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes as stored, computed by us before writing and confirmed by the store where it can. */
  sha256: string;
}

/** Nest injection token for the deployment's BlobStore. */
export const BLOB_STORE = Symbol('BLOB_STORE');

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Refuses keys that could leave the store's root or that were built from unchecked text. */
export function assertBlobKey(key: string): void {
  const parts = key.split('/');
  if (!parts.length || parts.some((p) => !SEGMENT.test(p) || p === '.' || p === '..')) {
    throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  }
}

export class BlobMissingError extends Error {
  readonly code = 'BLOB_MISSING';
  constructor(readonly key: string) {
    super(`no blob stored under ${key}`);
  }
}
