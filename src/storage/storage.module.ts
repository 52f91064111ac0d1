import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { BLOB_STORE, type BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The deployment's blob store: object storage when RECORDINGS_STORE is set, else the RECORDINGS_DIR directory. */
export function blobStoreOf(config: AppConfig): BlobStore {
  return config.objectStore ? new S3BlobStore(config.objectStore) : new LocalBlobStore(config.recordingsDir);
}

@Injectable()
class BlobStoreShutdown implements OnApplicationShutdown {
  constructor(@Inject(BLOB_STORE) private readonly store: BlobStore) {}
  async onApplicationShutdown() {
    await this.store.close?.();
  }
}

@Global()
@Module({
  providers: [{ provide: BLOB_STORE, inject: [APP_CONFIG], useFactory: blobStoreOf }, BlobStoreShutdown],
  exports: [BLOB_STORE],
})
export class StorageModule {}
