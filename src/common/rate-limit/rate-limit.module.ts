import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { RATE_LIMIT_TABLE, RateLimits } from './rate-limits.js';

/**
 * The store behind every limit: Redis when REDIS_URL is set, otherwise the service's own
 * PostgreSQL (the server of DATABASE_URL, or embedded PGlite: counters still survive a
 * restart). Memory only when RATE_LIMIT_STORE=memory (documented: one process, counters lost
 * on restart).
 */
async function createRateLimits(config: AppConfig, db: DataSource): Promise<RateLimits> {
  const log = new Logger('RateLimits');
  if (config.rateLimitStore === 'memory') return new RateLimits({ kind: 'memory' });
  if (config.redisUrl) {
    const { createClient } = await import('redis');
    const client = createClient({ url: config.redisUrl });
    // node-redis reconnects by itself; without a listener an 'error' event would crash the process.
    client.on('error', (err: Error) => log.warn(`rate-limit Redis: ${err.message}`));
    await client.connect();
    return new RateLimits({ kind: 'redis', client }, async () => {
      await client.close().catch(() => undefined);
    });
  }
  // Counters whose window ended long ago are swept at start; a live one is overwritten on its next use.
  await db.query(`DELETE FROM ${RATE_LIMIT_TABLE} WHERE expire < $1`, [Date.now() - 86_400_000]);
  // TypeORM's pg pool; the limiter's upserts never run inside a caller's transaction, so the
  // embedded database's single connection is never held twice.
  const pool = (db.driver as unknown as { master: unknown }).master;
  return new RateLimits({ kind: 'postgres', pool });
}

@Global()
@Module({
  providers: [{ provide: RateLimits, inject: [APP_CONFIG, DataSource], useFactory: createRateLimits }],
  exports: [RateLimits],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(private readonly modules: ModuleRef) {}

  async onApplicationShutdown(): Promise<void> {
    await this.modules.get(RateLimits).shutdown();
  }
}
