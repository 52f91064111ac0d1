import { Foundation1764300000000 } from './1764300000000-Foundation.js';
import { Registry1764300000100 } from './1764300000100-Registry.js';

/** Every migration, in order. Listed explicitly: ESM has no reliable glob loading. */
export const MIGRATIONS = [Foundation1764300000000, Registry1764300000100];
