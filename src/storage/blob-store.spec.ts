import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startS3, S3RVER_CREDENTIALS, type TestS3 } from '../../test/support/s3.js';
import type { S3StoreConfig } from '../config/config.js';
import { BlobMissingError, type BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let s3: TestS3;
let dir: string;
const opened: BlobStore[] = [];
const s3Config = (over: Partial<S3StoreConfig> = {}): S3StoreConfig => ({
  bucket: s3.bucket,
  prefix: 'spec',
  endpoint: s3.endpoint,
  region: 'us-east-1',
  ...S3RVER_CREDENTIALS,
  forcePathStyle: true,
  objectLock: 'off',
  ...over,
});
const s3Store = (over: Partial<S3StoreConfig> = {}) => {
  const store = new S3BlobStore(s3Config(over));
  opened.push(store);
  return store;
};

beforeAll(async () => {
  s3 = await startS3();
  dir = await mkdtemp(path.join(tmpdir(), 'blobs-'));
});
afterAll(async () => {
  for (const store of opened) await store.close?.();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

// The same contract for both adapters: what the recording and identity code relies on.
describe.each([
  ['local directory', () => new LocalBlobStore(dir)],
  ['S3 (s3rver)', () => s3Store()],
])('%s blob store', (_name, make) => {
  let store: BlobStore;
  beforeAll(() => {
    store = make();
  });
  const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251));

  it('puts, confirms the SHA-256, and gets the bytes back whole and by range', async () => {
    const stored = await store.put('sess-1/000000.bin', bytes);
    expect(stored).toEqual({ key: 'sess-1/000000.bin', size: bytes.length, sha256: sha(bytes) });
    expect((await store.get('sess-1/000000.bin')).equals(bytes)).toBe(true);
    expect((await store.getRange('sess-1/000000.bin', 0, 0)).equals(bytes.subarray(0, 1))).toBe(true);
    expect((await store.getRange('sess-1/000000.bin', 1000, 65_999)).equals(bytes.subarray(1000, 66_000))).toBe(true);
    expect((await store.getRange('sess-1/000000.bin', bytes.length - 5, bytes.length - 1)).equals(bytes.subarray(-5))).toBe(true);
  });

  it('states the size, replaces on a second put, and deletes (absent is not an error)', async () => {
    expect(await store.stat('sess-1/000000.bin')).toEqual({ size: bytes.length });
    await store.put('sess-1/000000.bin', Buffer.from('shorter'));
    expect(await store.stat('sess-1/000000.bin')).toEqual({ size: 7 });
    await store.delete('sess-1/000000.bin');
    expect(await store.stat('sess-1/000000.bin')).toBeUndefined();
    await store.delete('sess-1/000000.bin');
  });

  it('rejects a missing blob with BLOB_MISSING and a key that could escape its root', async () => {
    await expect(store.get('nobody/000000.bin')).rejects.toBeInstanceOf(BlobMissingError);
    await expect(store.getRange('nobody/000000.bin', 0, 3)).rejects.toMatchObject({ code: 'BLOB_MISSING' });
    for (const key of ['../x', '/abs', 'a//b', 'a/./b', 'a b', ''])
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
  });

  it('keeps identity images beside recordings under their own keys', async () => {
    await store.put('identity/check-1/photo.bin', Buffer.from('jpeg bytes'));
    expect((await store.get('identity/check-1/photo.bin')).toString()).toBe('jpeg bytes');
    expect(store.locate('identity/check-1')).toMatch(/identity\/check-1$/);
  });
});

describe('S3 blob store against a store that does not keep what it was sent', () => {
  it('lays objects out under the prefix as <prefix>/<key>', async () => {
    await s3Store({ prefix: 'a/b' }).put('s/000001.bin', Buffer.from('x'));
    expect(await s3.keys()).toContain('a/b/s/000001.bin');
    expect(s3Store({ prefix: 'a/b' }).locate('s')).toBe(`s3://${s3.bucket}/a/b/s`);
  });

  it('rejects a write the store refuses: unknown credentials, or no such bucket', async () => {
    // s3rver checks the access key but not SigV4 signatures, so a wrong key id is its refusal.
    await expect(s3Store({ accessKeyId: 'NOBODY' }).put('x/1.bin', Buffer.from('x'))).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
    });
    await expect(s3Store({ bucket: 'no-such-bucket' }).put('x/1.bin', Buffer.from('x'))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    expect(await s3.keys()).not.toContain('spec/x/1.bin');
  });

  /** An HTTP server that accepts every PUT with the given response headers (and answers HEAD likewise). */
  async function lyingStore(headers: Record<string, string>) {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { ...headers, 'Content-Length': '0' });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      store: s3Store({ endpoint }),
      close: () => {
        server.closeAllConnections();
        return new Promise<void>((r) => server.close(() => r()));
      },
    };
  }

  it('rejects a write whose ETag is not the MD5 of the bytes sent', async () => {
    const fake = await lyingStore({ ETag: `"${'0'.repeat(32)}"` });
    try {
      await expect(fake.store.put('x/1.bin', Buffer.from('chunk'))).rejects.toMatchObject({ code: 'BLOB_NOT_CONFIRMED' });
    } finally {
      await fake.close();
    }
  });

  it('rejects a write whose returned SHA-256 differs, and one the store confirms in no way', async () => {
    const wrongSha = await lyingStore({ 'x-amz-checksum-sha256': createHash('sha256').update('other').digest('base64') });
    const silent = await lyingStore({});
    try {
      await expect(wrongSha.store.put('x/1.bin', Buffer.from('chunk'))).rejects.toMatchObject({ code: 'BLOB_NOT_CONFIRMED' });
      await expect(silent.store.put('x/1.bin', Buffer.from('chunk'))).rejects.toMatchObject({ code: 'BLOB_NOT_CONFIRMED' });
    } finally {
      await wrongSha.close();
      await silent.close();
    }
  });

  it('accepts a write confirmed by the store’s SHA-256 alone (what AWS S3 answers)', async () => {
    const body = Buffer.from('chunk');
    const honest = await lyingStore({ 'x-amz-checksum-sha256': createHash('sha256').update(body).digest('base64'), ETag: '"not-md5"' });
    try {
      await expect(honest.store.put('x/1.bin', body)).resolves.toMatchObject({ size: 5, sha256: sha(body) });
    } finally {
      await honest.close();
    }
  });

  it('leaves nothing of a local write behind but the blob (no temporary file)', async () => {
    const local = new LocalBlobStore(dir);
    await local.put('t/000000.bin', Buffer.from('x'));
    expect(await readdir(path.join(dir, 't'))).toEqual(['000000.bin']);
  });
});
