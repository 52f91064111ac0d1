import { afterAll, describe, expect, it } from '@jest/globals';
import { freshDatabase } from './support/app.js';
import { run, stopAll, waitFor, withCeiling } from './support/process.js';
import { freePort } from './support/scratch.js';

// These run the built service (npm test builds it first) as a separate process. The ceilings
// below only turn a broken start into a failure instead of a hang; they claim no speed (start-up
// time is measured in docs/benchmarks.md, not asserted here: the CI machine is shared and noisy).
const MAIN = 'dist/src/main.js';
const READY_CEILING_MS = 90_000;
const EXIT_CEILING_MS = 60_000;
const VERIFY = 'dist/src/audit/verify-cli.js';
const MIGRATE = 'dist/src/database/cli.js';

describe('the service process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await stopAll();
    for (const c of cleanups) await c();
  });
  const healthy = (url: string) =>
    waitFor(async () => ((await fetch(`${url}/health`)).status === 200 ? true : undefined), READY_CEILING_MS);
  const exitCode = (p: { exited: Promise<number | null> }) => withCeiling(p.exited, EXIT_CEILING_MS, 'process exit');

  it('refuses to start on invalid settings, naming each setting and its problem', async () => {
    const p = run(MAIN, { PORT: 'abc', DATABASE_URL: 'mysql://db/x', ADMIN_PASSWORD: 'short', TRUST_PROXY: 'maybe' });
    expect(await exitCode(p)).toBe(78);
    const out = p.output();
    expect(out).toContain('PORT:');
    expect(out).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(out).toContain('ADMIN_PASSWORD: must be at least 12 characters');
    expect(out).toContain('TRUST_PROXY:');
  });

  it('starts on embedded PGlite, prints a generated admin password once, and keeps data and keys across a restart', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const env = { DATA_DIR: db.env.DATA_DIR, PORT: String(await freePort()) };
    const url = `http://127.0.0.1:${env.PORT}`;

    const first = run(MAIN, env);
    await healthy(url);
    const password = /password: (\S+)/.exec(first.output())?.[1];
    expect(password).toBeDefined();

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const jwksBefore = await (await fetch(`${url}/.well-known/jwks.json`)).json();

    first.child.kill('SIGTERM');
    expect(await exitCode(first)).toBe(0);

    const second = run(MAIN, env);
    await healthy(url);
    expect(second.output()).not.toContain('password:');
    expect(await (await fetch(`${url}/.well-known/jwks.json`)).json()).toEqual(jwksBefore);
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await exitCode(second)).toBe(0);

    // The command-line verifier reads the same store once the service is stopped.
    const ok = run(VERIFY, { DATA_DIR: env.DATA_DIR });
    expect(await exitCode(ok)).toBe(0);
    expect(ok.output()).toMatch(/"ok":true/);
  }, 300_000);

  // A rewritten entry making audit:verify exit 1 is tested with the evidence log (evidence-log.e2e-spec.ts).
  it('audit:verify refuses a malformed remembered head with exit 2', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const badArg = run(VERIFY, db.env, ['--head', 'nonsense']);
    expect(await exitCode(badArg)).toBe(2);
    expect(badArg.output()).toContain('--head must be SEQ:HASH');
  });

  it('migration CLI: shows pending migrations, applies them once, and refuses a bad command or name', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const before = run(MIGRATE, db.env, ['show']);
    expect(await exitCode(before)).toBe(0);
    const pending = before.output().trim().split('\n');
    expect(pending.length).toBeGreaterThan(5);
    expect(pending.every((l) => l.startsWith('[ ] '))).toBe(true);

    const apply = run(MIGRATE, db.env, ['run']);
    expect(await exitCode(apply)).toBe(0);
    expect(apply.output().match(/^applied /gm)).toHaveLength(pending.length);
    const again = run(MIGRATE, db.env, ['run']);
    expect(await exitCode(again)).toBe(0);
    expect(again.output()).toContain('nothing to apply');
    const after = run(MIGRATE, db.env, ['show']);
    expect(await exitCode(after)).toBe(0);
    expect(after.output().trim().split('\n')).toEqual(pending.map((l) => l.replace('[ ] ', '[x] ')));

    const bad = run(MIGRATE, db.env, ['drop-everything']);
    expect(await exitCode(bad)).toBe(2);
    const badName = run(MIGRATE, db.env, ['create', 'not a name']);
    expect(await exitCode(badName)).toBe(2);
    expect(badName.output()).toContain('PascalCase');
  }, 300_000);
});
