/**
 * `npm run identity:expired`: lists, one JSON object a line, the check-ins whose identity images
 * (ID photo and live frames, encrypted in the blob store) are past retention
 * (IDENTITY_RETENTION_YEARS, stamped on each row when written), with their blob keys. It deletes
 * nothing. Reads DATABASE_URL (or the embedded database under DATA_DIR; stop the service first:
 * PGlite is single-process). Exits 0, or 2 on error.
 */
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../database/data-source.js';
import { IdentityRepository } from './identity.repository.js';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase(config, { runMigrations: false });
  try {
    const rows = await new IdentityRepository(db.dataSource).expired(new Date());
    for (const r of rows) console.log(JSON.stringify(r));
    console.error(`${rows.length} check-in(s) with identity images past retention (${config.identityRetentionYears} years)`);
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
