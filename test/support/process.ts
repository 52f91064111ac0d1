import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository (the folder holding package.json): from test/support, or from dist/test/support when the drills import this. */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
export const ROOT = repositoryRoot(import.meta.dirname);

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every child started through run() that has not exited yet; stopAll() ends them. */
const running = new Set<Running>();

/** Runs a built entry point (dist/…) as its own process, as `npm start` would; `nodeArgs` go to node itself (e.g. --cpu-prof). */
export function run(script: string, env: Record<string, string>, args: string[] = [], nodeArgs: string[] = []): Running {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'DATA_DIR', 'PORT', 'ADMIN_PASSWORD'].includes(k)),
  );
  return track(
    spawn(process.execPath, [...nodeArgs, path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...base, LOG_LEVEL: 'warn', ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Runs a system tool (e.g. Debian's turnserver) as a tracked child: stopAll() ends it like the others. */
export function runTool(command: string, args: string[]): Running {
  return track(spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function track(child: ChildProcess): Running {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const r: Running = { child, output: () => out, exited };
  running.add(r);
  void exited.then(() => running.delete(r));
  return r;
}

/**
 * Ends every child still running (SIGKILL) and waits for it to go. Call it in afterAll: a test
 * that fails between spawning a service and stopping it must not leave the service behind.
 */
export async function stopAll(): Promise<void> {
  const left = [...running];
  for (const r of left) r.child.kill('SIGKILL');
  await Promise.all(left.map((r) => r.exited));
}

/** Last resort: a child must not outlive the test run even if afterAll never ran. */
process.once('exit', () => {
  for (const r of running) r.child.kill('SIGKILL');
});

/**
 * Polls probe until it yields a value. The ceiling exists only so that a broken start fails
 * instead of hanging; it is no speed requirement, so keep it generous (the CI machine is shared).
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, ceilingMs: number): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not ready after ${ceilingMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves with the promise's value, or rejects once the ceiling has passed (no speed claim: a guard against hanging). */
export async function withCeiling<T>(promise: Promise<T>, ceilingMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const ceiling = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ceilingMs} ms`)), ceilingMs);
  });
  return Promise.race([promise, ceiling]).finally(() => clearTimeout(timer));
}
