import { hash, verify } from '@node-rs/argon2';

// OWASP password storage cheat sheet: argon2id (the library's default algorithm), m=19 MiB, t=2, p=1.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password);
}

/** Verified against when the user does not exist, so both failures take the same time. */
export const DUMMY_HASH = await hashPassword('no such user: equalise timing');
