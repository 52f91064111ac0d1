import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../src/database/data-source.js';

/**
 * A fresh database on the server named by DATABASE_URL, dropped by `drop()`; undefined when
 * DATABASE_URL is unset (the caller then uses embedded PGlite).
 */
export async function scratchDatabase(): Promise<{ url: string; host: string; drop(): Promise<void> } | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const name = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    host: url.host,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A throw-away database for one benchmark: see scratchDatabase, else embedded PGlite in a temporary directory. */
export async function benchDatabase(): Promise<OpenDatabase & { kind: string }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'notary-bench-'));
  const scratch = await scratchDatabase();
  const db = await openDatabase({ databaseUrl: scratch?.url, dataDir });
  return {
    ...db,
    kind: scratch ? `PostgreSQL (${scratch.host})` : 'embedded PGlite',
    async close() {
      await db.close();
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A baseline that measured nothing, or too little to compare against. */
export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

/**
 * Stops a bench whose baseline measured fewer than `needed` operations: a ratio against an empty
 * or token baseline prints a figure that means nothing, and such a figure once went unnoticed.
 */
export function requireBaseline(what: string, measured: number, needed: number): void {
  if (!(measured >= needed))
    throw new BaselineError(`${what}: the baseline measured ${measured} operation(s), fewer than the ${needed} needed to compare`);
}

export function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en')}/s`;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
