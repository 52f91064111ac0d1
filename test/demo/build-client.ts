import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST_INDEX = path.join(ROOT, 'client-demo/dist/index.html');

/** What the client bundle is made from (the simulator module is shared with the service). */
const INPUTS = [
  'client-demo/src',
  'client-demo/index.html',
  'client-demo/vite.config.ts',
  'src/session/terminal-simulator.ts',
  'src/signalling/protocol.ts',
  'src/common/id-number.ts',
  'test/fixtures/faces/id-photos',
];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((e) => newest(path.join(p, e))));
}

/**
 * Builds the browser client with Vite when client-demo/dist is missing or older than its
 * sources (about 3 s), so the browser test never runs against a stale bundle. The service
 * decides at import time whether to serve dist/, so call this before importing the app.
 */
export function ensureClientBuilt(): void {
  const built = existsSync(DIST_INDEX) ? statSync(DIST_INDEX).mtimeMs : 0;
  if (built && Math.max(...INPUTS.map((i) => newest(path.join(ROOT, i)))) <= built) return;
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client-demo/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}
