/**
 * `npm run audit:verify [-- --head SEQ:HASH] [-- --checkpoint FILE]`: recomputes the evidence log's
 * tree from the entries in DATABASE_URL (or the embedded database under DATA_DIR; stop the service
 * first: PGlite is single-process) and compares it with the latest signed checkpoint; with a
 * remembered checkpoint (a signed note saved earlier, e.g. from GET /log/checkpoint) it also checks
 * that the log still contains that tree. Exits 0 when intact, 1 when not (naming where), 2 on error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../database/data-source.js';
import { verifyLog, type RememberedCheckpoint } from './log/log-verify.js';
import { parseCheckpoint, parseNote } from './log/note.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { head: { type: 'string' }, checkpoint: { type: 'string' } } });
  let remembered: { seq: number; hash: string } | undefined;
  if (values.head) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(values.head);
    if (!m) {
      console.error('--head must be SEQ:HASH, e.g. 42:3fa5…(64 hex digits)');
      return 2;
    }
    remembered = { seq: Number(m[1]), hash: m[2] };
  }
  let checkpoint: RememberedCheckpoint | undefined;
  if (values.checkpoint) {
    const c = parseCheckpoint(parseNote(readFileSync(values.checkpoint, 'utf8')).text);
    checkpoint = { size: c.size, root: c.root };
  }
  const db = await openDatabase(loadConfig(), { runMigrations: false });
  try {
    const r = await verifyLog(db.dataSource, remembered, checkpoint);
    console.log(JSON.stringify(r));
    if (r.ok) {
      console.error(`evidence log intact: ${r.length} leaves, root ${r.rootHash} signed at size ${r.treeSize}, ${r.pending} pending`);
      return 0;
    }
    const where =
      r.firstInvalidSeq !== undefined ? `seq ${r.firstInvalidSeq} (leaf ${r.firstInvalidIndex})` : `leaf ${r.firstInvalidIndex}`;
    console.error(`evidence log BROKEN at ${where}: ${r.problem}`);
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
