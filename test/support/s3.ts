/**
 * An S3-compatible store for tests: `s3rver` on loopback with one bucket, in a temporary
 * directory. A fake (no Object Lock, no checksum headers), not a production store.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The settings a service needs to use this store, under `prefix`. */
  env(prefix?: string): Record<string, string>;
  /** Every object key in the bucket (s3rver keeps them as files). */
  keys(): Promise<string[]>;
  stop(): Promise<void>;
}

/** s3rver's fixed credentials: it checks SigV4 signatures against them. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3(bucket = 'recordings'): Promise<TestS3> {
  const directory = await mkdtemp(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: (prefix = '') => ({
      RECORDINGS_STORE: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    }),
    async keys() {
      const root = path.join(directory, bucket);
      const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
      // s3rver stores an object as `<key>._S3rver_object` beside its metadata and MD5 files.
      return files
        .filter((e) => e.name.endsWith('._S3rver_object'))
        .map((e) => path.relative(root, path.join(e.parentPath, e.name)).replace(/\._S3rver_object$/, ''))
        .sort();
    },
    async stop() {
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
