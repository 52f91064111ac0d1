import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { AppConfig } from '../config/config.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { ENTITIES } from './entities.js';

export interface OpenDatabase {
  dataSource: DataSource;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens the system of record: the PostgreSQL at DATABASE_URL, or embedded PGlite under DATA_DIR.
 * `synchronize` is off everywhere: the schema is the SQL in migrations/.
 */
export async function openDatabase(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'>,
  { runMigrations = true } = {},
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined : await EmbeddedPostgres.start(config.dataDir);
  const dataSource = new DataSource({
    type: 'postgres',
    url: config.databaseUrl ?? embedded!.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // PGlite is one session: a second pooled connection would interleave with the first.
    // `pipeline`: a statement goes out without waiting for the one before to answer (the booking
    // write path sends START TRANSACTION with its first statement, common/transaction.ts); a
    // client that waits for each answer anyway, as everything else does, behaves as without it.
    extra: { max: embedded ? 1 : 10, application_name: 'remote-notary', pipeline: !embedded },
  });
  try {
    await dataSource.initialize();
    if (runMigrations) await dataSource.runMigrations();
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw err;
  }
  return {
    dataSource,
    embedded: !!embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
