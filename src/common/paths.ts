import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root, whether running from src/ (tests) or dist/src/ (npm start). */
export const PROJECT_ROOT = (() => {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('package.json not found above ' + import.meta.dirname);
  }
})();
