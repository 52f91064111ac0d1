// `npm start` builds the browser demo (client-demo/ → client-demo/dist) when it is missing or
// older than its sources, as build-if-needed.mjs does for the service. The service serves
// client-demo/dist at / and falls back to client-demo/public (a "not built" page) without it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const out = 'client-demo/dist/index.html';
// The terminal simulator is shared with the service and bundled into the demo.
const inputs = [
  'client-demo/src',
  'client-demo/index.html',
  'client-demo/vite.config.ts',
  'src/session/terminal-simulator.ts',
  'src/common/id-number.ts',
];

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const e of readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

const stale = !existsSync(out) || inputs.some((i) => newest(i) > statSync(out).mtimeMs);
if (stale) {
  if (!existsSync('node_modules/vite/bin/vite.js')) {
    // A production install without devDependencies: serve whatever is there rather than fail.
    process.stderr.write('client demo not built and vite is not installed; serving client-demo/public\n');
  } else {
    process.stderr.write('building the client demo…\n');
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'client-demo/vite.config.ts', '--logLevel', 'warn'],
      { stdio: 'inherit' },
    );
  }
}
