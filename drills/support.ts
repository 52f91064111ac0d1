import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { attest, createSimulatedTerminal, type SimulatedTerminal } from '../src/session/terminal-simulator.js';
import { run, waitFor, type Running } from '../test/support/process.js';
import { uploadRecording } from '../test/support/recording.js';
import { freePort } from '../test/support/scratch.js';

const exec = promisify(execFile);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const ADMIN_PASSWORD = 'drill-admin-password';
export const ID_NUMBER = '321181199003070013';
const ALL_WEEK = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]));

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

export interface Reply<T> {
  status: number;
  body: T;
}

/** One HTTP call; a network failure answers status 0 (the drills count those apart). */
export async function call<T = Record<string, unknown>>(
  url: string,
  method: string,
  route: string,
  token?: string,
  body?: unknown,
): Promise<Reply<T>> {
  try {
    const res = await fetch(url + route, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: (type.includes('json') ? await res.json() : await res.arrayBuffer()) as T };
  } catch (err) {
    return { status: 0, body: { error: String(err) } as T };
  }
}

/** The body of a 2xx answer; anything else throws with the answer. */
export async function must<T>(p: Promise<Reply<T>>, what: string): Promise<T> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export const login = async (url: string, username: string, password: string) =>
  (await must(call<{ accessToken: string }>(url, 'POST', '/api/auth/login', undefined, { username, password }), `login ${username}`))
    .accessToken;

export interface Office {
  adminToken: string;
  officeId: string;
  notaries: { id: string; token: string }[];
  points: { id: string; assistantToken: string; terminal: SimulatedTerminal }[];
}

/** One office with notaries and points (an assistant and a terminal each), open around the clock. */
export async function setUpOffice(url: string, n: { notaries: number; points: number }): Promise<Office> {
  const adminToken = await login(url, 'admin', ADMIN_PASSWORD);
  const code = '61';
  const townships = Array.from({ length: n.points }, (_, i) => `${code}0181${101 + i}`);
  await must(
    call(url, 'POST', '/api/regions', adminToken, [
      { code: `${code}0000`, name: '演练省', level: 'province' },
      { code: `${code}0100`, name: '演练市', level: 'city', parentCode: `${code}0000` },
      { code: `${code}0181`, name: '演练县', level: 'county', parentCode: `${code}0100` },
      ...townships.map((t, i) => ({ code: t, name: `演练镇${i}`, level: 'township', parentCode: `${code}0181`, illustrative: true })),
    ]),
    'regions',
  );
  const office = await must(
    call<{ id: string }>(url, 'POST', '/api/offices', adminToken, {
      name: '演练公证处',
      regionCode: `${code}0181`,
      certificatePrefix: '苏演',
      address: '演练路1号',
      phone: '0511-86000000',
    }),
    'office',
  );
  const notaries = [];
  for (let i = 0; i < n.notaries; i++) {
    const u = await must(
      call<{ id: string }>(url, 'POST', `/api/offices/${office.id}/notaries`, adminToken, {
        username: `drill-notary-${i}`,
        password: 'drill-password-1',
        displayName: `公证员${i}`,
        licenseNo: `DRILL-${i}`,
      }),
      'notary',
    );
    await must(call(url, 'PUT', `/api/notaries/${u.id}/schedule`, adminToken, { weekly: ALL_WEEK, exceptions: [] }), 'schedule');
    notaries.push({ id: u.id, token: await login(url, `drill-notary-${i}`, 'drill-password-1') });
  }
  const points = [];
  for (let i = 0; i < n.points; i++) {
    const p = await must(
      call<{ id: string }>(url, 'POST', '/api/points', adminToken, {
        name: `演练点${i}`,
        regionCode: townships[i],
        officeId: office.id,
        address: '镇政府',
        phone: '0511-86111111',
        openingHours: ALL_WEEK,
      }),
      'point',
    );
    await must(
      call(url, 'POST', `/api/points/${p.id}/assistants`, adminToken, {
        username: `drill-assistant-${i}`,
        password: 'drill-password-1',
        displayName: '辅助员',
      }),
      'assistant',
    );
    const assistantToken = await login(url, `drill-assistant-${i}`, 'drill-password-1');
    const terminal = await createSimulatedTerminal();
    terminal.kid = (
      await must(
        call<{ kid: string }>(url, 'POST', `/api/points/${p.id}/terminals`, adminToken, {
          label: '终端',
          publicKeyJwk: terminal.publicJwk,
        }),
        'terminal',
      )
    ).kid;
    points.push({ id: p.id, assistantToken, terminal });
  }
  return { adminToken, officeId: office.id, notaries, points };
}

/** A start time `slot` half-hours after tomorrow 09:00 Shanghai time (always in the future, always open). */
export function slotStart(slot: number): Date {
  const shanghaiToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const tomorrow0900 = new Date(`${shanghaiToday}T09:00:00+08:00`).getTime() + 86400_000;
  return new Date(tomorrow0900 + slot * 30 * 60_000);
}

/** Book at a point, check the applicant in with its terminal and open the session: the session, its notary and the point. */
export async function openSession(url: string, o: Office, pointIndex: number, start: Date) {
  const point = o.points[pointIndex];
  const booking = await must(
    call<{ id: string; notary: { id: string } }>(url, 'POST', '/api/bookings', point.assistantToken, {
      pointId: point.id,
      matterCode: 'declaration',
      start: start.toISOString(),
      applicant: { name: '王堃', idNumber: ID_NUMBER, phone: '13912345678' },
    }),
    'booking',
  );
  const attestation = await attest(point.terminal, {
    bookingId: booking.id,
    idCard: { name: '王堃', idNumber: ID_NUMBER, validUntil: '长期' },
    faceMatch: { score: 0.95, liveness: true },
    photo: new Uint8Array([1]),
  });
  await must(call(url, 'POST', `/api/bookings/${booking.id}/check-in`, point.assistantToken, { attestation }), 'check-in');
  const session = await must(
    call<{ id: string }>(url, 'POST', '/api/sessions', point.assistantToken, { bookingId: booking.id }),
    'session',
  );
  return { id: session.id, notary: o.notaries.find((x) => x.id === booking.notary.id)!, point };
}

/**
 * Open a session (above), let the notary join, acknowledge the notice, write the record, sign
 * it, upload and finish the recording and fill in the matter's fields: a session ready for
 * approval. Every step a session needs before POST /api/sessions/:id/approve belongs here.
 */
export async function sessionReadyForApproval(
  url: string,
  o: Office,
  pointIndex: number,
  start: Date,
): Promise<{ id: string; notaryToken: string }> {
  const session = await openSession(url, o, pointIndex, start);
  const { notary, point: p } = session;
  await must(call(url, 'GET', `/api/sessions/${session.id}/join`, notary.token), 'join');
  await must(call(url, 'POST', `/api/sessions/${session.id}/notice-ack`, p.assistantToken), 'notice-ack');
  const record = await must(
    call<{ recordSha256: string }>(url, 'PUT', `/api/sessions/${session.id}/record`, notary.token, {
      entries: [{ question: '是否真实？', answer: '是。' }],
    }),
    'record',
  );
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
  await must(
    call(url, 'POST', `/api/sessions/${session.id}/signature`, p.assistantToken, { imagePng: png, recordSha256: record.recordSha256 }),
    'signature',
  );
  await uploadRecording(url, p.assistantToken, session.id);
  await must(
    call(url, 'PUT', `/api/sessions/${session.id}/matter-fields`, notary.token, {
      fields: { documentTitle: '声明书', declarationSummary: '演练声明', signingMethod: '以电子签名方式签名' },
    }),
    'matter fields',
  );
  return { id: session.id, notaryToken: notary.token };
}

export function tally(statuses: (number | string)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[String(s)] = (out[String(s)] ?? 0) + 1;
  return out;
}
