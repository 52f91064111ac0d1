/**
 * A real witness process (`npm run witness`) for tests: its own Ed25519 key, state file and
 * loopback port. The app under test learns about it through `WITNESS_URLS` = `env`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NoteSigner } from '../../src/audit/log/note.js';
import { run, waitFor, type Running } from './process.js';
import { freePort } from './scratch.js';

export interface TestWitness {
  name: string;
  url: string;
  /** The witness's cosigner key as a signer (tests forge with it) and its verifier key. */
  key: NoteSigner;
  /** The `WITNESS_URLS` value that points the app at this witness. */
  env: string;
  dir: string;
  running?: Running;
  /** Starts the process, trusting the log with verifier key `logKey`. */
  start(logKey: string): Promise<Running>;
  stop(): Promise<void>;
}

export async function prepareWitness(name = 'witness.test/w1'): Promise<TestWitness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'witness-'));
  const seed = randomBytes(32);
  await writeFile(path.join(dir, 'witness.key'), seed.toString('base64'));
  const key = new NoteSigner(name, seed, 'cosignature');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const w: TestWitness = {
    name,
    url,
    key,
    env: `${url} ${key.verifierKey}`,
    dir,
    async start(logKey: string) {
      const r = run('dist/src/audit/witness/witness-cli.js', {}, [
        '--name',
        name,
        '--key',
        path.join(dir, 'witness.key'),
        '--state',
        path.join(dir, 'witness.json'),
        '--log',
        logKey,
        '--listen',
        `127.0.0.1:${port}`,
      ]);
      w.running = r;
      await waitFor(async () => (r.output().includes('listening') ? true : undefined), 30_000);
      return r;
    },
    async stop() {
      w.running?.child.kill('SIGKILL');
      await w.running?.exited;
      w.running = undefined;
    },
  };
  return w;
}

export async function removeWitness(w: TestWitness | undefined): Promise<void> {
  if (!w) return;
  await w.stop();
  await rm(w.dir, { recursive: true, force: true });
}
