/**
 * `npm run migration:run`   applies the pending migrations to DATABASE_URL (or the embedded database under DATA_DIR);
 * `npm run migration:show`  lists each migration and whether it has run;
 * `npm run migration:create -- Name` writes migrations/<timestamp>-<Name>.ts, a MigrationInterface with empty up/down
 * SQL to fill in (the schema is hand-written SQL; it is not generated from entities: `synchronize` is off everywhere).
 * The service runs pending migrations at start too; these are for deployments that migrate as a separate step.
 * Exits 0 on success, 2 on a usage error, 1 on failure.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { openDatabase } from './data-source.js';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../../migrations');

function template(name: string, timestamp: number): string {
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(\`\`);
  }
}
`;
}

async function main(argv: string[]): Promise<number> {
  const [command, name] = argv;
  if (command === 'create') {
    if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
      console.error('usage: migration:create -- Name   (PascalCase, letters and digits)');
      return 2;
    }
    const timestamp = Date.now();
    const file = path.join(MIGRATIONS_DIR, `${timestamp}-${name}.ts`);
    if (existsSync(file)) throw new Error(`${file} exists`);
    await writeFile(file, template(name, timestamp), { flag: 'wx' });
    console.log(`${file}\nregister ${name}${timestamp} at the end of MIGRATIONS in migrations/index.ts`);
    return 0;
  }
  if (command !== 'run' && command !== 'show') {
    console.error('usage: cli.js run | show | create Name');
    return 2;
  }
  const db = await openDatabase(loadConfig(), { runMigrations: false });
  try {
    if (command === 'run') {
      const applied = await db.dataSource.runMigrations({ transaction: 'each' });
      console.log(applied.length ? applied.map((m) => `applied ${m.name}`).join('\n') : 'nothing to apply');
    } else {
      const done = new Set<string>(
        (await db.dataSource.query(`SELECT to_regclass('migrations') AS t`))[0].t
          ? (await db.dataSource.query(`SELECT name FROM migrations`)).map((r: { name: string }) => r.name)
          : [],
      );
      for (const m of db.dataSource.migrations) console.log(`${done.has(m.name!) ? '[x]' : '[ ]'} ${m.name}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
