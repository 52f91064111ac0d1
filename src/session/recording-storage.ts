import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DomainError, badRequest } from '../common/errors.js';

/** Recording chunk uploads: the one route whose body the global raw parser leaves unread (see app.factory.ts). */
export const RECORDING_CHUNK_ROUTE = /^\/api\/sessions\/[^/]+\/recordings(\?|$)/;

const tooLarge = (limit: number) =>
  new DomainError(413, 'CHUNK_TOO_LARGE', `A recording chunk may be at most ${limit} bytes; send smaller chunks (MediaRecorder timeslice).`, { maxBytes: limit });

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

/** Where chunk `seq` of a session lives under RECORDINGS_DIR. */
export const chunkPath = (dir: string, sessionId: string, seq: number) => path.join(dir, sessionId, `${String(seq).padStart(6, '0')}.bin`);

/**
 * Writes a chunk durably: a temporary file, fsync, rename into place, fsync of the directory.
 * The caller commits the row that counts the chunk only after this resolves, so a crash never
 * leaves a counted chunk that is not on disk (at worst an uncounted file, which the next upload
 * of the same seq overwrites).
 */
export async function writeChunkDurably(dir: string, sessionId: string, seq: number, bytes: Buffer): Promise<void> {
  const target = chunkPath(dir, sessionId, seq);
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp`;
  const f = await open(tmp, 'w');
  try {
    await f.writeFile(bytes);
    await f.sync();
  } finally {
    await f.close();
  }
  await rename(tmp, target);
  const d = await open(path.dirname(target), 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
