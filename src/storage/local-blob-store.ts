import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BlobMissingError, assertBlobKey, type BlobStore, type StoredBlob } from './blob-store.js';

/**
 * A directory as blob store. Writes are a temporary file, fsync, rename into place and fsync of
 * the directory, so a crash never leaves a half-written blob under its key.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;

  constructor(readonly root: string) {}

  pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer): Promise<StoredBlob> {
    const target = this.pathOf(key);
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
    return { key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  async get(key: string): Promise<Buffer> {
    const size = (await this.stat(key))?.size;
    if (size === undefined) throw new BlobMissingError(key);
    return size ? this.getRange(key, 0, size - 1) : Buffer.alloc(0);
  }

  async getRange(key: string, start: number, end: number): Promise<Buffer> {
    const f = await open(this.pathOf(key), 'r').catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'ENOENT' ? new BlobMissingError(key) : e;
    });
    try {
      const buf = Buffer.alloc(end - start + 1);
      const { bytesRead } = await f.read(buf, 0, buf.length, start);
      return buf.subarray(0, bytesRead);
    } finally {
      await f.close();
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const s = await stat(this.pathOf(key)).catch(() => undefined);
    return s?.isFile() ? { size: s.size } : undefined;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  locate(keyPrefix: string): string {
    return this.pathOf(keyPrefix);
  }
}
