/**
 * The booking bench's load, in a process of its own (never the server's): `node dist/bench/booking-load.js JOB.json`
 * runs one job and prints its result as JSON on the last line of stdout.
 *
 * - `http`: signs in and POSTs the planned bookings over keep-alive HTTP with `clients` connections.
 * - `direct`: the statements a booking runs (START TRANSACTION with the placement statement, the
 *   audit append with COMMIT), built by the service's own BookingRepository, AuditService and
 *   Transaction, sent by as many pipelining pg clients, with the service's retry and re-placement
 *   rules. No HTTP, no Nest, no account re-read.
 * - `raw`: the rows named by `ids`, inserted again one by one into `bench_raw` (a copy of the
 *   table without indexes or constraints), for information.
 * - `slots`: GET /api/points/:id/slots (or any GET), latency of each request after an unmeasured start.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { AuditRepository } from '../src/audit/audit.repository.js';
import { AuditService } from '../src/audit/audit.service.js';
import type { AuditPayload } from '../src/audit/audit-actions.js';
import type { BookingReference } from '../src/booking/booking-reference.js';
import { BookingRepository, type NewBooking, type Placement } from '../src/booking/booking.repository.js';
import { settle } from '../src/booking/placement.js';
import { retrying } from '../src/booking/retry.js';
import { SystemClock } from '../src/common/clock.js';
import { Transaction } from '../src/common/transaction.js';

export interface BookingRequest {
  pointId: string;
  start: string;
}

export type LoadJob =
  | { kind: 'http'; url: string; username: string; password: string; requests: BookingRequest[]; clients: number }
  | { kind: 'direct'; databaseUrl: string; requests: BookingRequest[]; clients: number }
  | { kind: 'raw'; databaseUrl: string; ids: string[]; clients: number }
  | { kind: 'slots'; url: string; paths: string[]; clients: number };

export interface LoadResult {
  /** Wall time of the measured part, ms. */
  ms: number;
  /** Outcome per request: '201' / 'ok', or 'STATUS CODE'. */
  replies: string[];
  /** Each request's latency, ms (in request order). */
  latencies: number[];
  ids: string[];
}

/** Runs `work(i)` for i in 0…count-1 on `clients` concurrent lanes; returns the wall time. */
async function lanes(count: number, clients: number, work: (i: number, lane: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, lane) => {
      for (let i = next++; i < count; i = next++) await work(i, lane);
    }),
  );
  return performance.now() - started;
}

function request(agent: http.Agent, url: string, method: string, path: string, body?: unknown, token?: string) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request(
      url + path,
      {
        method,
        agent,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(payload !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: Record<string, unknown>;
          try {
            parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            parsed = { text };
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const APPLICANT = { name: '王堃', idNumber: '321181199003070013', phone: '13912345678' };

async function httpJob(job: Extract<LoadJob, { kind: 'http' }>): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
  const login = await request(agent, job.url, 'POST', '/api/auth/login', { username: job.username, password: job.password });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;
  const replies: string[] = new Array(job.requests.length);
  const latencies: number[] = new Array(job.requests.length);
  const ids: string[] = [];
  const ms = await lanes(job.requests.length, job.clients, async (i) => {
    const r = job.requests[i];
    const t = performance.now();
    const res = await request(
      agent,
      job.url,
      'POST',
      '/api/bookings',
      { pointId: r.pointId, matterCode: 'declaration', start: r.start, applicant: APPLICANT },
      token,
    );
    latencies[i] = performance.now() - t;
    replies[i] = res.status === 201 ? '201' : `${res.status} ${String(res.body.code)}`;
    if (res.status === 201) ids.push(res.body.id as string);
  });
  agent.destroy();
  return { ms, replies, latencies, ids };
}

async function directJob(job: Extract<LoadJob, { kind: 'direct' }>): Promise<LoadResult> {
  const clients = await Promise.all(
    Array.from({ length: job.clients }, async () => {
      const c = new pg.Client({ connectionString: job.databaseUrl, application_name: 'bench-direct', pipeline: true });
      await c.connect();
      return c;
    }),
  );
  const setup = clients[0];
  // What the service's reference cache holds: each point's office, notaries and terminals, the version.
  const points = (
    await setup.query<{ id: string; office_id: string; terminals: string[] }>(
      `SELECT p.id, p.office_id, array_agg(t.id ORDER BY t.created_at, t.id)::text[] AS terminals
         FROM points p JOIN terminals t ON t.point_id = p.id GROUP BY p.id`,
    )
  ).rows;
  const notaries = (
    await setup.query<{ office_id: string; ids: string[] }>(
      `SELECT office_id, array_agg(user_id ORDER BY user_id)::text[] AS ids FROM notaries GROUP BY office_id`,
    )
  ).rows;
  const [{ version }] = (await setup.query<{ version: string }>(`SELECT version FROM booking_reference_version`)).rows;
  // An applicant and an audit payload as the service wrote them (same sizes, same encodings).
  const [sample] = (
    await setup.query<Record<string, string>>(
      `SELECT b.applicant_name, b.applicant_id_enc, b.applicant_id_digest, b.applicant_id_masked, b.applicant_phone_enc,
              b.applicant_phone_masked, b.access_code_hash, b.created_by, a.payload::text AS payload,
              extract(epoch FROM upper(b.during) - lower(b.during))::int AS seconds
         FROM (SELECT subject_id, payload FROM audit_entries WHERE action = 'booking.created' ORDER BY seq DESC LIMIT 1) a
         JOIN bookings b ON b.id = a.subject_id::uuid`,
    )
  ).rows;
  if (!sample) throw new Error('direct: no booking made over HTTP to copy an applicant and audit payload from');
  const pointOf = new Map(points.map((p) => [p.id, p]));
  const notariesOf = new Map(notaries.map((n) => [n.office_id, n.ids]));
  const repository = new BookingRepository(new SystemClock());
  const audit = new AuditService(undefined as never, new SystemClock(), new AuditRepository(undefined as never));
  const reference = { observe: () => undefined } as unknown as BookingReference;
  const payload = JSON.parse(sample.payload) as AuditPayload<'booking.created'>;
  const replies: string[] = new Array(job.requests.length);
  const latencies: number[] = new Array(job.requests.length);
  const ids: string[] = [];
  const ms = await lanes(job.requests.length, job.clients, async (i, lane) => {
    const r = job.requests[i];
    const p = pointOf.get(r.pointId)!;
    const start = new Date(r.start);
    const day = new Date(`${r.start.slice(0, 10)}T00:00:00+08:00`);
    const placement: Placement = {
      notaryIds: notariesOf.get(p.office_id)!,
      terminalIds: p.terminals,
      reservation: { start, end: new Date(start.getTime() + Number(sample.seconds) * 1000) },
      day: { start: day, end: new Date(day.getTime() + 86_400_000) },
      version: Number(version),
    };
    const client = clients[lane];
    const t = performance.now();
    try {
      // The service's own transaction (ReservationService.create): START TRANSACTION with the
      // placement, the audit append with COMMIT, on a pipelining client as the service's pool has.
      const id = await retrying(() =>
        Transaction.run(client, async (tx) => {
          let b!: NewBooking;
          await settle(reference, placement, () => {
            b = {
              id: randomUUID(),
              caseNo: `RN${r.start.slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8).toUpperCase()}`,
              accessCodeHash: sample.access_code_hash,
              kind: 'appointment',
              pointId: p.id,
              officeId: p.office_id,
              matterCode: 'declaration',
              applicant: {
                name: sample.applicant_name,
                idEnc: sample.applicant_id_enc,
                idDigest: sample.applicant_id_digest,
                idMasked: sample.applicant_id_masked,
                phoneEnc: sample.applicant_phone_enc,
                phoneMasked: sample.applicant_phone_masked,
                phoneDigest: '',
              },
              createdBy: sample.created_by,
              createdAt: new Date(),
            };
            return repository.insertConfirmed(tx, b, placement);
          });
          const entry = await audit.prepare(tx, {
            actor: sample.created_by,
            action: 'booking.created',
            subjectType: 'booking',
            subjectId: b.id,
            payload,
          });
          await tx.commit(entry.statement);
          return b.id;
        }),
      );
      replies[i] = '201';
      ids.push(id);
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).message;
      replies[i] = `error ${code}`;
    }
    latencies[i] = performance.now() - t;
  });
  await Promise.all(clients.map((c) => c.end()));
  return { ms, replies, latencies, ids };
}

async function rawJob(job: Extract<LoadJob, { kind: 'raw' }>): Promise<LoadResult> {
  const clients = await Promise.all(
    Array.from({ length: job.clients }, async () => {
      const c = new pg.Client({ connectionString: job.databaseUrl, application_name: 'bench-raw' });
      await c.connect();
      return c;
    }),
  );
  await clients[0].query(`CREATE TABLE IF NOT EXISTS bench_raw (LIKE bookings INCLUDING DEFAULTS)`);
  const rows = (await clients[0].query<Record<string, unknown>>(`SELECT * FROM bookings WHERE id = ANY($1::uuid[])`, [job.ids])).rows;
  const cols = Object.keys(rows[0] ?? {});
  const sql = `INSERT INTO bench_raw (${cols.join(', ')}) VALUES (${cols.map((_, j) => `$${j + 1}`).join(', ')})`;
  const replies: string[] = new Array(rows.length);
  const latencies: number[] = new Array(rows.length);
  const ms = await lanes(rows.length, job.clients, async (i, lane) => {
    const t = performance.now();
    await clients[lane].query(
      sql,
      cols.map((c) => rows[i][c]),
    );
    latencies[i] = performance.now() - t;
    replies[i] = 'ok';
  });
  await Promise.all(clients.map((c) => c.end()));
  return { ms, replies, latencies, ids: [] };
}

async function slotsJob(job: Extract<LoadJob, { kind: 'slots' }>): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
  // This process's own start (its compiler warming up, its connections opening) is not the
  // server's: a tenth of the requests, at most 200, go first and are not measured.
  await lanes(Math.min(200, Math.floor(job.paths.length / 10)), job.clients, async (i) => {
    await request(agent, job.url, 'GET', job.paths[i]);
  });
  const replies: string[] = new Array(job.paths.length);
  const latencies: number[] = new Array(job.paths.length);
  const ms = await lanes(job.paths.length, job.clients, async (i) => {
    const t = performance.now();
    const res = await request(agent, job.url, 'GET', job.paths[i]);
    latencies[i] = performance.now() - t;
    replies[i] = res.status === 200 ? 'ok' : `${res.status} ${String(res.body.code)}`;
  });
  agent.destroy();
  return { ms, replies, latencies, ids: [] };
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadJob;
const result =
  job.kind === 'http'
    ? await httpJob(job)
    : job.kind === 'direct'
      ? await directJob(job)
      : job.kind === 'raw'
        ? await rawJob(job)
        : await slotsJob(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
