/**
 * `npm run recordings:expired`: lists, one JSON object a line, the session recordings whose
 * retention (RECORDING_RETENTION_YEARS, stamped on each row when written) has passed, with their
 * directory under RECORDINGS_DIR. It deletes nothing. Reads DATABASE_URL (or the embedded database
 * under DATA_DIR; stop the service first: PGlite is single-process). Exits 0, or 2 on error.
 */
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../database/data-source.js';
import { expiredRecordings } from './recording-retention.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase(config, { runMigrations: false });
  try {
    const rows = await expiredRecordings(db.dataSource.manager, new Date());
    for (const r of rows) console.log(JSON.stringify({ ...r, directory: path.join(config.recordingsDir, r.sessionId) }));
    console.error(`${rows.length} recording(s) past retention (${config.recordingRetentionYears} years)`);
    return 0;
  } finally {
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
