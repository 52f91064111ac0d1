/**
 * `npm run bench [-- NAME …]`: runs the named benchmarks (all when none is named).
 * Each prints its figures beside a baseline measured in the same run.
 */
import { BaselineError } from './support.js';

const BENCHES: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  audit: () => import('./audit.js'),
  booking: () => import('./booking.js'),
  signalling: () => import('./signalling.js'),
  certificate: () => import('./certificate.js'),
  verify: () => import('./verify.js'),
  identity: () => import('./identity.js'),
  stats: () => import('./stats.js'),
  playback: () => import('./playback.js'),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const name of names.length ? names : Object.keys(BENCHES)) {
  console.log(`\n=== bench: ${name} ===`);
  try {
    await (await BENCHES[name]()).default();
  } catch (e) {
    // A bench that cannot compare must not look like one that did: stop with its reason.
    console.error(`\nbench ${name} FAILED: ${e instanceof BaselineError ? e.message : ((e as Error).stack ?? String(e))}`);
    process.exit(1);
  }
}
process.exit(0);
