import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/config.js';
import { ADMIN, freshDatabase } from './support/app.js';
import { PROJECT_ROOT } from '../src/common/paths.js';

const run = promisify(execFile);
const VERIFY_CLI = path.join(PROJECT_ROOT, 'dist/src/audit/verify-cli.js');

/**
 * The backup and restore procedure of docs/operations.md, run for real: PostgreSQL with pg_dump -Fc and
 * pg_restore into a fresh database; the embedded database by copying DATA_DIR while the service is
 * stopped. Either way `audit:verify` (the CLI) must pass on the restored copy and see every entry.
 */
describe('backup and restore', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('restores a backup of the configured database into a fresh one, and audit:verify passes on it with every entry', async () => {
    const database = await freshDatabase();
    cleanups.push(() => database.drop());
    const config = loadConfig({
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'silent',
      ...database.env,
    });
    const app = await createApp(config);
    let closed = false;
    cleanups.push(() => (closed ? Promise.resolve() : app.close()));
    await app.init();
    const db = app.get((await import('typeorm')).DataSource);
    const [{ seq, hash }] = (await db.query('SELECT seq::int AS seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1')) as {
      seq: number;
      hash: string;
    }[];
    expect(seq).toBeGreaterThan(10); // the demo data wrote a real chain

    const restoredEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    if (config.databaseUrl) {
      // Online: pg_dump takes a consistent snapshot while the service runs.
      const dir = await mkdtemp(path.join(tmpdir(), 'notary-backup-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const dump = path.join(dir, 'notary.dump');
      await run('pg_dump', ['--format=custom', `--file=${dump}`, config.databaseUrl]);
      await app.close();
      closed = true;
      const name = `restore_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      cleanups.push(async () => {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      });
      const target = new URL(config.databaseUrl);
      target.pathname = `/${name}`;
      await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.toString()}`, dump]);
      restoredEnv.DATABASE_URL = target.toString();
    } else {
      // Embedded: PGlite is single-process; stop the service, then copy the whole directory.
      await app.close();
      closed = true;
      const copy = await mkdtemp(path.join(tmpdir(), 'notary-restore-'));
      cleanups.push(() => rm(copy, { recursive: true, force: true }));
      await cp(config.dataDir, copy, { recursive: true });
      restoredEnv.DATA_DIR = copy;
    }

    const verified = await run(process.execPath, [VERIFY_CLI, '--head', `${seq}:${hash}`], { env: restoredEnv });
    const result = JSON.parse(verified.stdout) as { ok: boolean; length: number; headHash: string };
    expect(result).toEqual(expect.objectContaining({ ok: true, length: seq, headHash: hash }));
  });
});
