/**
 * Throw-away places for tests, benches and drills alike: a database of their own and a free port.
 * Kept free of Jest and Nest so the benches and drills (built by tsconfig.build.json) can use it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface ScratchDatabase {
  /** DATA_DIR always; DATABASE_URL when on a server. */
  env: Record<string, string>;
  /** Where it lives, for printing: `PostgreSQL (host:port)` or `embedded PGlite`. */
  kind: string;
  /** Drops the database (on a server) and removes DATA_DIR. */
  drop(): Promise<void>;
}

/**
 * A fresh database of its own: a new database on the PostgreSQL server named by DATABASE_URL
 * (dropped by `drop()`), or, when it is unset, an embedded PGlite in a new DATA_DIR. Names carry
 * the process id and a random part, so parallel Jest workers never meet.
 */
export async function scratchDatabase(prefix = 't'): Promise<ScratchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `notary-${prefix}-`));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  const base = process.env.DATABASE_URL;
  if (!base) return { env: { DATA_DIR: dataDir }, kind: 'embedded PGlite', drop: removeDir };
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    kind: `PostgreSQL (${url.host})`,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await removeDir();
    },
  };
}

/** A TCP port free on loopback now (asked of the kernel, then released for the caller's server). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}
