import { openDatabase, type OpenDatabase } from '../src/database/data-source.js';
import { scratchDatabase } from '../test/support/scratch.js';

/** A throw-away database for one benchmark (see scratchDatabase), opened and migrated. */
export async function benchDatabase(): Promise<OpenDatabase & { kind: string }> {
  const scratch = await scratchDatabase('bench');
  const db = await openDatabase({ databaseUrl: scratch.env.DATABASE_URL, dataDir: scratch.env.DATA_DIR });
  return {
    ...db,
    kind: scratch.kind,
    async close() {
      await db.close();
      await scratch.drop();
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
