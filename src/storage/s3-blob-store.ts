import { createHash } from 'node:crypto';
import {
  ChecksumMode,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type ObjectLockMode,
} from '@aws-sdk/client-s3';
import type { S3StoreConfig } from '../config/config.js';
import { BlobMissingError, assertBlobKey, type BlobStore, type PutOptions, type StoredBlob } from './blob-store.js';

/** The store answered but did not confirm the bytes it holds are the ones sent. */
export class BlobNotConfirmedError extends Error {
  readonly code = 'BLOB_NOT_CONFIRMED';
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`object storage did not confirm ${key}: ${detail}`);
  }
}

const isNotFound = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
};

/**
 * S3-compatible object storage (AWS S3, Ceph RGW, SeaweedFS, Garage, a cloud's S3 service).
 * A put resolves only once the store has confirmed the bytes: its SHA-256 checksum when it keeps
 * one (we send ours with the request, and a store that checks it refuses a mismatch), else the
 * ETag of a single-part upload, which is the MD5 of the body.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(readonly config: S3StoreConfig) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // We send our own checksum header; the SDK's default CRC32 trailer (aws-chunked bodies) is
      // not understood by every S3-compatible store.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  objectKey(key: string): string {
    assertBlobKey(key);
    return this.config.prefix ? `${this.config.prefix}/${key}` : key;
  }

  async put(key: string, bytes: Buffer, options: PutOptions = {}): Promise<StoredBlob> {
    const Key = this.objectKey(key);
    const sha256 = createHash('sha256').update(bytes).digest();
    const md5 = createHash('md5').update(bytes).digest();
    const lock = this.config.objectLock !== 'off' && options.retainUntil;
    const res = await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key,
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: 'application/octet-stream',
        ContentMD5: md5.toString('base64'),
        ChecksumSHA256: sha256.toString('base64'),
        ...(lock
          ? { ObjectLockMode: this.config.objectLock.toUpperCase() as ObjectLockMode, ObjectLockRetainUntilDate: options.retainUntil }
          : {}),
      }),
    );
    await this.confirm(key, Key, { sha256: res.ChecksumSHA256, etag: res.ETag }, sha256, md5, bytes.length);
    return { key, size: bytes.length, sha256: sha256.toString('hex') };
  }

  /** Accepts the write when the store's checksum or single-part ETag matches ours, asking HeadObject when the answer had neither. */
  private async confirm(
    key: string,
    Key: string,
    answered: { sha256?: string; etag?: string },
    sha256: Buffer,
    md5: Buffer,
    size: number,
  ): Promise<void> {
    const judge = (a: { sha256?: string; etag?: string }): boolean | undefined => {
      if (a.sha256) return a.sha256 === sha256.toString('base64');
      const etag = a.etag?.replace(/"/g, '');
      // A multipart or encrypted (SSE-KMS) object's ETag is not the MD5: it proves nothing either way.
      if (etag && /^[0-9a-f]{32}$/.test(etag)) return etag === md5.toString('hex');
      return undefined;
    };
    let verdict = judge(answered);
    if (verdict === undefined) {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key, ChecksumMode: ChecksumMode.ENABLED }));
      verdict = head.ContentLength === size ? judge({ sha256: head.ChecksumSHA256, etag: head.ETag }) : false;
    }
    if (verdict === undefined) throw new BlobNotConfirmedError(key, 'it answered with neither a SHA-256 checksum nor an MD5 ETag');
    if (!verdict) throw new BlobNotConfirmedError(key, 'its checksum differs from the bytes sent');
  }

  async get(key: string): Promise<Buffer> {
    return this.read(key);
  }

  async getRange(key: string, start: number, end: number): Promise<Buffer> {
    return this.read(key, [start, end]);
  }

  private async read(key: string, range?: [number, number]): Promise<Buffer> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key), Range: range && `bytes=${range[0]}-${range[1]}` }),
      );
      const body = Buffer.from(await res.Body!.transformToByteArray());
      if (!range) return body;
      // A server may send more than asked: the whole object (HTTP allows ignoring Range), or a
      // wider range (s3rver answers bytes=0-0 with the whole object). Cut to what was asked.
      const from = Number(/^bytes (\d+)-/.exec(res.ContentRange ?? '')?.[1] ?? 0);
      return body.subarray(range[0] - from, range[1] - from + 1);
    } catch (e) {
      if (isNotFound(e)) throw new BlobMissingError(key);
      throw e;
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
      return { size: res.ContentLength ?? 0 };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.objectKey(key) }));
  }

  locate(keyPrefix: string): string {
    return `s3://${this.config.bucket}/${this.objectKey(keyPrefix)}`;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
