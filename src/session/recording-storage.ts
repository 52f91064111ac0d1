import type { Readable } from 'node:stream';
import { DomainError, badRequest } from '../common/errors.js';
import type { BlobStore } from '../storage/blob-store.js';

const tooLarge = (limit: number) =>
  new DomainError(
    413,
    'CHUNK_TOO_LARGE',
    `A recording chunk may be at most ${limit} bytes; send smaller chunks (MediaRecorder timeslice).`,
    { maxBytes: limit },
  );

/**
 * Reads a request body of at most `limit` bytes. Called only after the caller is authenticated and
 * allowed to upload, so an anonymous or foreign caller never makes the server buffer megabytes.
 * A declared Content-Length over the limit is refused before a byte is read.
 */
export async function readBody(req: Readable & { headers: Record<string, string | string[] | undefined> }, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const parts: Buffer[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer) => {
      size += b.length;
      if (size > limit) {
        // Stop collecting. The socket stays open so that the 413 reaches the client; Node discards
        // the rest of the body once the response is sent.
        done();
        reject(tooLarge(limit));
      } else parts.push(b);
    };
    const onEnd = () => {
      done();
      resolve();
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
  if (!size) throw badRequest('EMPTY_CHUNK', 'Send the chunk bytes as the body (application/octet-stream).');
  return Buffer.concat(parts);
}

/**
 * The blob-store key of chunk `seq` of a session. With the local directory store rooted at
 * RECORDINGS_DIR this is the file `<RECORDINGS_DIR>/<sessionId>/<seq, 6 digits>.bin`, the layout
 * recordings have always had; in object storage, the object `<prefix>/<sessionId>/<seq>.bin`.
 */
export const chunkKey = (sessionId: string, seq: number) => `${sessionId}/${String(seq).padStart(6, '0')}.bin`;

/**
 * RFC 9110 §14: one `bytes=` range of a representation `total` bytes long, as [start, end] inclusive.
 * `undefined`: no usable Range header (serve the whole body, 200); several ranges are served whole
 * too, as the RFC allows. `'unsatisfiable'`: answer 416 with `Content-Range: bytes *\/total`.
 */
export function parseRange(header: string | undefined, total: number): [number, number] | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return [Math.max(0, total - suffix), total - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? total - 1 : Math.min(Number(m[2]), total - 1);
  if (start >= total || end < start) return 'unsatisfiable';
  return [start, end];
}

/** Bytes [start, end] of the concatenated chunks (sizes in seq order), read chunk by chunk from the store. */
export async function* readChunkRange(
  store: BlobStore,
  sessionId: string,
  sizes: number[],
  start: number,
  end: number,
): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let seq = 0; seq < sizes.length && offset <= end; offset += sizes[seq], seq++) {
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + sizes[seq] - 1);
    if (from > to) continue;
    yield await store.getRange(chunkKey(sessionId, seq), from - offset, to - offset);
  }
}
