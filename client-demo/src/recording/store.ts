import type { TrackNumbers } from './webm-retime.js';

/**
 * The point's copy of a recording until the service has it: every chunk is written to IndexedDB
 * before it is sent and deleted only once the service has acknowledged it, so a reload, a network
 * blip or a server restart loses nothing. One small record per session remembers where the local
 * numbering stands and when the recording started (the clock a later segment continues).
 */
export interface StoredChunk {
  sessionId: string;
  seq: number;
  bytes: Blob;
}

export interface SessionRecord {
  sessionId: string;
  /** Wall-clock start of the first segment (ms since epoch). */
  startedAt: number;
  /** The next local chunk number. */
  nextSeq: number;
  /** MediaRecorder streams so far (1 + reloads/restarts). */
  segments: number;
  /** Track numbers of the first stream's header, which later streams are mapped onto. */
  tracks?: TrackNumbers;
  /** Set when the recording was closed on this side (durationMs then fixed). */
  stoppedAt?: number;
  /** Set once the service accepted the finish (or has no finish route yet). */
  finished?: boolean;
}

const DB_NAME = 'demo-recording';
let opened: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('chunks', { keyPath: ['sessionId', 'seq'] });
      req.result.createObjectStore('sessions', { keyPath: 'sessionId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
  return opened;
}

async function tx<T>(
  store: 'chunks' | 'sessions',
  mode: IDBTransactionMode,
  work: (s: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T> {
  const d = await db();
  return new Promise<T>((resolve, reject) => {
    const t = d.transaction(store, mode);
    const req = work(t.objectStore(store));
    // Resolve on commit, not on the request: a chunk counts as kept only once it is durable.
    t.oncomplete = () => resolve(req ? req.result : (undefined as T));
    t.onerror = () => reject(t.error ?? new Error('IndexedDB transaction failed'));
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
}

const range = (sessionId: string) => IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER]);

export const recordingStore = {
  /** Closes this page's connection (the page is going away), so nothing of it holds the database. */
  close: () => {
    void opened?.then((d) => d.close()).catch(() => undefined);
    opened = null;
  },
  session: (sessionId: string) => tx<SessionRecord | undefined>('sessions', 'readonly', (s) => s.get(sessionId)),
  saveSession: (r: SessionRecord) => tx<IDBValidKey>('sessions', 'readwrite', (s) => s.put(r)),
  putChunk: (c: StoredChunk) => tx<IDBValidKey>('chunks', 'readwrite', (s) => s.put(c)),
  /** The chunks still waiting for an acknowledgement, in order. */
  pending: (sessionId: string) => tx<StoredChunk[]>('chunks', 'readonly', (s) => s.getAll(range(sessionId))),
  deleteChunk: (sessionId: string, seq: number) => tx<undefined>('chunks', 'readwrite', (s) => s.delete([sessionId, seq])),
  /** Drops every chunk below `seq` (the service has them all). */
  deleteBelow: (sessionId: string, seq: number): Promise<undefined> =>
    // Below 1 there is nothing, and IDBKeyRange.bound refuses an empty range ([s, 0], [s, 0]) with the upper end open.
    seq <= 0
      ? Promise.resolve(undefined)
      : tx<undefined>('chunks', 'readwrite', (s) => s.delete(IDBKeyRange.bound([sessionId, 0], [sessionId, seq], false, true))),
};
