import { afterAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { AuditService } from '../src/audit/audit.service.js';
import { openDatabase } from '../src/database/data-source.js';
import { freshDatabase } from './support/app.js';
import { run, waitFor } from './support/process.js';

// These run the built service (npm test builds it first) as a separate process.
const MAIN = 'dist/src/main.js';
const VERIFY = 'dist/src/audit/verify-cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('the service process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('refuses to start on invalid settings, naming each setting and its problem', async () => {
    const p = run(MAIN, { PORT: 'abc', DATABASE_URL: 'mysql://db/x', ADMIN_PASSWORD: 'short', TRUST_PROXY: 'maybe' });
    expect(await p.exited).toBe(78);
    const out = p.output();
    expect(out).toContain('PORT:');
    expect(out).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(out).toContain('ADMIN_PASSWORD: must be at least 12 characters');
    expect(out).toContain('TRUST_PROXY:');
  });

  it('starts on embedded PGlite within 15 s, prints a generated admin password once, and keeps data and keys across a restart', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const env = { DATA_DIR: db.env.DATA_DIR, PORT: String(await freePort()) };
    const url = `http://127.0.0.1:${env.PORT}`;

    const started = Date.now();
    const first = run(MAIN, env);
    await waitFor(async () => ((await fetch(`${url}/health`)).status === 200 ? true : undefined), 15000);
    const startupMs = Date.now() - started;
    expect(startupMs).toBeLessThan(15000);
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
    expect(await first.exited).toBe(0);

    const second = run(MAIN, env);
    await waitFor(async () => ((await fetch(`${url}/health`)).status === 200 ? true : undefined), 15000);
    expect(second.output()).not.toContain('password:');
    expect(await (await fetch(`${url}/.well-known/jwks.json`)).json()).toEqual(jwksBefore);
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);

    // The command-line verifier reads the same store once the service is stopped.
    const ok = run(VERIFY, { DATA_DIR: env.DATA_DIR });
    expect(await ok.exited).toBe(0);
    expect(ok.output()).toMatch(/"ok":true/);
  });

  it('audit:verify exits non-zero naming the first bad seq', async () => {
    const db = await freshDatabase();
    cleanups.push(db.drop);
    const open = await openDatabase({ databaseUrl: db.env.DATABASE_URL, dataDir: db.env.DATA_DIR });
    const audit = new AuditService(open.dataSource, { now: () => new Date(), nowMicros: () => BigInt(Date.now()) * 1000n });
    for (let i = 0; i < 5; i++) {
      await open.dataSource.transaction((m) => audit.append(m, { actor: 'system', action: 'test.appended', payload: { i } }));
    }
    await open.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(`UPDATE audit_entries SET actor = 'mallory' WHERE seq = 3`);
    });
    const [head] = await open.dataSource.query(`SELECT seq::int AS seq, hash FROM audit_head`);
    await open.close();

    const broken = run(VERIFY, db.env);
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toContain('BROKEN at seq 3');

    const badArg = run(VERIFY, db.env, ['--head', 'nonsense']);
    expect(await badArg.exited).toBe(2);
    expect(badArg.output()).toContain('--head must be SEQ:HASH');
    expect(head.seq).toBe(5);
  });
});
