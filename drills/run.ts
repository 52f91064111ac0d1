/**
 * `npm run drill [-- NAME …]`: runs the named fault drills (all when none is named) against the
 * built service spawned as its own process, on a PostgreSQL cluster and a Redis server of the
 * drill's own (never the shared ones). Each prints its figures.
 */
const DRILLS: Record<string, () => Promise<{ default: () => Promise<unknown> }>> = {
  'postgres-restart': () => import('./postgres-restart.js'),
  'kill-approvals': () => import('./kill-approvals.js'),
  'redis-outage': () => import('./redis-outage.js'),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !DRILLS[n]);
if (unknown.length) {
  console.error(`unknown drill(s): ${unknown.join(', ')}; known: ${Object.keys(DRILLS).join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const name of names.length ? names : Object.keys(DRILLS)) {
  console.log(`\n=== drill: ${name} ===`);
  try {
    await (await DRILLS[name]()).default();
  } catch (err) {
    failed = true;
    console.error(`drill ${name} failed:`, err);
  }
}
process.exit(failed ? 1 : 0);
