/**
 * `npm run recordings:expired`: lists, one JSON object a line, the session recordings whose
 * retention (RECORDING_RETENTION_YEARS, stamped on each row when written) has passed, with where
 * their chunks are (`location`: the directory under RECORDINGS_DIR, or the s3:// prefix under
 * RECORDINGS_STORE; `directory` too for the local store, as before). It deletes nothing. Reads DATABASE_URL (or the embedded database
 * under DATA_DIR; stop the service first: PGlite is single-process). Exits 0, or 2 on error.
 */
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../database/data-source.js';
import { blobStoreOf } from '../storage/storage.module.js';
import { RecordingsRepository } from './recordings.repository.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase(config, { runMigrations: false });
  const store = blobStoreOf(config);
  try {
    const rows = await new RecordingsRepository(db.dataSource).expired(new Date());
    for (const r of rows) {
      const location = store.locate(r.sessionId);
      console.log(JSON.stringify({ ...r, location, ...(store.kind === 'local' ? { directory: location } : {}) }));
    }
    console.error(`${rows.length} recording(s) past retention (${config.recordingRetentionYears} years)`);
    return 0;
  } finally {
    await store.close?.();
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);
