import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Each table has one owning module, which alone writes it (ARCHITECTURE.md, "Who owns which
// table"). Another module that needs a change there calls the owner's repository, in the
// caller's transaction. Module layering and import cycles are checked by ESLint (npm run lint).
const SRC = path.resolve(import.meta.dirname, '../src');
const MIGRATIONS = path.resolve(import.meta.dirname, '../migrations');

/** Which module owns a table: a table whose name starts with a prefix listed here belongs to that module. */
const OWNERS: Record<string, string[]> = {
  common: ['rate_limits', 'key_fingerprints'],
  audit: ['audit_', 'log_'],
  auth: ['users', 'signing_keys'],
  registry: ['regions', 'offices', 'notaries', 'points', 'terminals'],
  matters: ['matters'],
  signalling: ['socket_io_attachments'],
  booking: ['bookings', 'booking_'],
  session: ['sessions', 'check_ins', 'check_in_overrides', 'session_records', 'recording'],
  certificate: ['certificate', 'office_signing'],
  identity: ['identity_'],
  // Figures only read: their summary table is written by database triggers, never by the module.
  stats: ['stats_'],
};

function ownerOf(table: string): string | undefined {
  return Object.entries(OWNERS).find(([, prefixes]) => prefixes.some((p) => table === p || table.startsWith(p)))?.[0];
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [full] : [];
  });
}

const WRITE = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([a-z_][a-z0-9_]*)"?/g;

/** SQL write statements, found in string and template literals only (not in comments). */
function writesIn(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const literals = text.match(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'/g) ?? [];
  return literals.flatMap((lit) => [...lit.matchAll(WRITE)].map((m) => m[1]));
}

const tablesInSchema = [
  ...new Set(
    sources(MIGRATIONS).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)/g)].map((m) => m[1]),
    ),
  ),
];

describe('module boundaries', () => {
  it('names an owning module for every table the migrations create', () => {
    expect(tablesInSchema.length).toBeGreaterThan(10);
    expect(tablesInSchema.filter((t) => !ownerOf(t))).toEqual([]);
  });

  it('lets no module write a table that another module owns', () => {
    const trespass: string[] = [];
    for (const file of sources(SRC)) {
      const module = path.relative(SRC, file).split(path.sep)[0];
      if (!(module in OWNERS)) continue; // the composition root (app, database, health) writes nothing
      for (const table of writesIn(file)) {
        const owner = ownerOf(table);
        if (owner && owner !== module) trespass.push(`${path.relative(SRC, file)} writes ${table} (owned by ${owner})`);
      }
    }
    expect(trespass).toEqual([]);
  });

  it('keeps the figures read-only: the stats module writes no table, its summary is kept by triggers', () => {
    expect(sources(path.join(SRC, 'stats')).flatMap(writesIn)).toEqual([]);
  });

  it('finds the writes it looks for (the scan itself works)', () => {
    const found = sources(path.join(SRC, 'booking')).flatMap(writesIn);
    expect(found).toContain('bookings');
  });

  it('keeps signalling off the session tables: it asks the session module through SESSION_GATE', () => {
    const sql = sources(path.join(SRC, 'signalling')).flatMap((f) => readFileSync(f, 'utf8').match(/`(?:[^`\\]|\\.)*`/g) ?? []);
    expect(sql.some((lit) => /pg_advisory_lock/.test(lit))).toBe(true); // the scan reads its SQL
    const sessionTables = OWNERS.session.map((t) => new RegExp(`\\b(?:FROM|JOIN)\\s+"?${t}`));
    expect(sql.filter((lit) => sessionTables.some((re) => re.test(lit)))).toEqual([]);
  });
});
