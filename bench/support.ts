import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../src/database/data-source.js';

/**
 * A throw-away database for one benchmark: a fresh database on the server named by
 * DATABASE_URL, or embedded PGlite in a temporary directory.
 */
export async function benchDatabase(): Promise<OpenDatabase & { kind: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'notary-bench-'));
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openDatabase({ dataDir });
    return { ...db, kind: 'embedded PGlite', close: async () => (await db.close(), await rm(dataDir, { recursive: true, force: true })) };
  }
  const name = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir });
  return {
    ...db,
    kind: `PostgreSQL (${url.host})`,
    async close() {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en')}/s`;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
