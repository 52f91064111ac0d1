/**
 * `npm run audit:verify [-- --head SEQ:HASH]`: checks the evidence chain against DATABASE_URL,
 * or the embedded database under DATA_DIR (stop the service first: PGlite is single-process).
 * Exits 0 when the chain is intact, 1 when it is broken (naming the first bad seq), 2 on error.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../database/data-source.js';
import { verifyChain } from './audit.service.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { head: { type: 'string' } } });
  let remembered: { seq: number; hash: string } | undefined;
  if (values.head) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(values.head);
    if (!m) {
      console.error('--head must be SEQ:HASH, e.g. 42:3fa5…(64 hex digits)');
      return 2;
    }
    remembered = { seq: Number(m[1]), hash: m[2] };
  }
  const db = await openDatabase(loadConfig(), { runMigrations: false });
  try {
    const r = await verifyChain(db.dataSource, remembered);
    console.log(JSON.stringify(r));
    if (r.ok) {
      console.error(`audit chain intact: ${r.length} entries, head ${r.headHash}`);
      return 0;
    }
    console.error(`audit chain BROKEN at seq ${r.firstInvalidSeq} (${r.problem})`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`audit:verify failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
