import { Foundation1764300000000 } from './1764300000000-Foundation.js';

/** Every migration, in order. Listed explicitly: ESM has no reliable glob loading. */
export const MIGRATIONS = [Foundation1764300000000];
