// `npm start` builds first when dist/ is missing or older than any source file.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const out = 'dist/src/main.js';
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const stale = !existsSync(out) || ['src', 'migrations'].some((d) => newest(d) > statSync(out).mtimeMs);
if (stale && !existsSync('node_modules/typescript/bin/tsc')) {
  // A production install without devDependencies: use the dist/ that was built before, if any.
  process.stderr.write(
    existsSync(out)
      ? 'TypeScript not installed; using the existing dist/\n'
      : 'dist/ is missing and TypeScript is not installed: run npm ci with dev dependencies\n',
  );
} else if (stale) {
  process.stderr.write('building…\n');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
