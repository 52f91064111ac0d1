// Drops the databases and removes the directories the medium tests of this run made (one per
// Jest worker, see test/medium/support.ts). A run without medium tests made none: nothing to do.
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export default async function teardown() {
  const run = process.env.MEDIUM_RUN;
  if (!run) return;
  const prefix = `notary-medium-${run}-`;
  const dirs = (await readdir(tmpdir())).filter((d) => d.startsWith(prefix));
  if (!dirs.length) return;
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const rows = (await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`medium\\_${run}\\_%`])).rows;
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  for (const d of dirs) await rm(path.join(tmpdir(), d), { recursive: true, force: true });
}
