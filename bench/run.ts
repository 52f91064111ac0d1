/**
 * `npm run bench [-- NAME …]`: runs the named benchmarks (all when none is named).
 * Each prints its figures beside a baseline measured in the same run.
 */
const BENCHES: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  audit: () => import('./audit.js'),
  booking: () => import('./booking.js'),
  signalling: () => import('./signalling.js'),
  certificate: () => import('./certificate.js'),
  stats: () => import('./stats.js'),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !BENCHES[n]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
for (const name of names.length ? names : Object.keys(BENCHES)) {
  console.log(`\n=== bench: ${name} ===`);
  await (await BENCHES[name]()).default();
}
process.exit(0);
