import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { run, waitFor, type Running } from '../test/support/process.js';
import { freePort } from '../test/support/scratch.js';
import {
  ALL_WEEK,
  buildOffice,
  callJson,
  DECLARATION_FIELDS,
  httpWorld,
  openCase,
  signedCase,
  tokensOf,
  type OfficeTokens,
  type Reply,
} from '../test/support/world.js';

const exec = promisify(execFile);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const ADMIN_PASSWORD = 'drill-admin-password';

/** Things to undo at the end of a drill, last first; run even when the drill fails. */
export class Cleanup {
  private readonly steps: (() => Promise<unknown>)[] = [];
  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step().catch((err) => console.error('cleanup:', err));
  }
}

/** The newest PostgreSQL server binaries Debian installed (PG_BIN overrides). */
function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b));
  return `/usr/lib/postgresql/${versions.at(-1)}/bin`;
}

/** Runs a PostgreSQL tool; as the `postgres` OS user when we are root (the server refuses to run as root). */
async function pgTool(tool: string, args: string[]): Promise<string> {
  const bin = path.join(pgBin(), tool);
  const asRoot = process.getuid?.() === 0;
  const { stdout } = asRoot ? await exec('runuser', ['-u', 'postgres', '--', bin, ...args]) : await exec(bin, args);
  return stdout;
}

export interface OwnPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and deletes the cluster. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of the drill's own (initdb in a temporary directory, its own port), so
 * that restarting it leaves the shared server on 5432 alone. Stopping and starting it with
 * pg_ctl is the same server restart `pg_ctlcluster … restart` does for a Debian cluster.
 */
export async function ownPostgres(cleanup: Cleanup): Promise<OwnPostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'drill-pg-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  if (process.getuid?.() === 0) {
    const { stdout } = await exec('id', ['-u', 'postgres']);
    const { stdout: gid } = await exec('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(dir, 'data');
  await pgTool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  let running = false;
  const pg: OwnPostgres = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgTool('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop() {
      running = false;
      await pgTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    async destroy() {
      if (running || existsSync(path.join(data, 'postmaster.pid'))) {
        await pgTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop']).catch(() => undefined);
      }
      running = false;
    },
  };
  cleanup.add(() => pg.destroy());
  await pg.start();
  return pg;
}

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A Redis server of the drill's own, on its own port, without persistence. */
export async function ownRedis(cleanup: Cleanup): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  const r: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      exited = new Promise((resolve) => child!.once('exit', resolve));
      await waitFor(
        () =>
          new Promise<true | undefined>((resolve) => {
            const s = createServer();
            // Listening on the port fails while Redis holds it.
            s.once('error', () => resolve(true));
            s.listen(port, '127.0.0.1', () => s.close(() => resolve(undefined)));
          }),
        30_000,
      );
    },
    async stop() {
      child?.kill('SIGKILL');
      await exited;
      child = undefined;
    },
  };
  cleanup.add(() => r.stop());
  await r.start();
  return r;
}

/** The built service (dist/src/main.js) as its own process, as `npm start` runs it. */
export interface Service {
  url: string;
  proc: Running;
  env: Record<string, string>;
}

export async function startService(env: Record<string, string>, cleanup: Cleanup, port?: number): Promise<Service> {
  const p = port ?? (await freePort());
  const fullEnv = {
    PORT: String(p),
    ADMIN_PASSWORD,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'error',
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    PUBLIC_BOOKINGS_PER_HOUR: '100000',
    ...env,
  };
  const proc = run('dist/src/main.js', fullEnv);
  cleanup.add(async () => {
    proc.child.kill('SIGKILL');
    await proc.exited;
  });
  const url = `http://127.0.0.1:${p}`;
  await waitFor(async () => {
    if (proc.child.exitCode !== null) throw new Error(`service exited: ${proc.output()}`);
    return (await fetch(`${url}/health`)).status === 200 ? true : undefined;
  }, 120_000).catch((err) => {
    throw new Error(`service did not become healthy: ${err}\n${proc.output()}`);
  });
  return { url, proc, env: fullEnv };
}

export type { Reply };

/** One HTTP call; a network failure answers status 0 (the drills count those apart). */
export const call = callJson;

/** The body of a 2xx answer; anything else throws with the answer. */
export async function must<T>(p: Promise<Reply<T>>, what: string): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const login = async (url: string, username: string, password: string) =>
  (await must(call<{ accessToken: string }>(url, 'POST', '/api/auth/login', undefined, { username, password }), `login ${username}`))
    .accessToken;

export interface Office extends OfficeTokens {
  url: string;
}

const steps = (url: string) => httpWorld(url, { username: 'admin', password: ADMIN_PASSWORD });

/** One office with notaries and points (an assistant and a terminal each), open around the clock. */
export async function setUpOffice(url: string, n: { notaries: number; points: number }): Promise<Office> {
  const built = await buildOffice(steps(url), {
    county: '610181',
    label: '演练',
    tag: '',
    certificatePrefix: '苏演',
    notaries: n.notaries,
    points: n.points,
    schedule: ALL_WEEK,
    username: (role, i) => `drill-${role}-${i}`,
    password: 'drill-password-1',
  });
  return { ...tokensOf(built), url };
}

/** A start time `slot` half-hours after tomorrow 09:00 Shanghai time (always in the future, always open). */
export function slotStart(slot: number): Date {
  const shanghaiToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const tomorrow0900 = new Date(`${shanghaiToday}T09:00:00+08:00`).getTime() + 86400_000;
  return new Date(tomorrow0900 + slot * 30 * 60_000);
}

/** Book at a point, check the applicant in with its terminal and open the session: the session, its notary and the point. */
export async function openSession(url: string, o: Office, pointIndex: number, start: Date) {
  const opened = await openCase(steps(url), o.built, { start, point: pointIndex });
  const notary = o.notaries.find((x) => x.id === opened.notary.id)!;
  return { id: opened.sessionId, notary, point: o.points[pointIndex] };
}

/**
 * Open a session, let the notary join, acknowledge the notice, write the record, sign it, upload
 * and finish the recording and fill in the matter's fields: a session ready for approval
 * (test/support/world.ts, signedCase). Every step a session needs before
 * POST /api/sessions/:id/approve belongs there.
 */
export async function sessionReadyForApproval(
  url: string,
  o: Office,
  pointIndex: number,
  start: Date,
): Promise<{ id: string; notaryToken: string }> {
  const { sessionId, notary } = await signedCase(steps(url), o.built, {
    start,
    point: pointIndex,
    matterFields: { ...DECLARATION_FIELDS, declarationSummary: '演练声明' },
  });
  return { id: sessionId, notaryToken: notary.as };
}

export function tally(statuses: (number | string)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}
