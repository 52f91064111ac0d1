/**
 * Medium tests: the services against a real PostgreSQL (or embedded PGlite), without HTTP.
 *
 * One database per Jest worker, migrated by the first file that worker runs (later files find the
 * migrations applied); test/medium/global-teardown.mjs drops them when the run ends (a run
 * outside Jest's global set-up leaves `medium_solo<pid>_1` behind). Each file
 * boots the real app (createApp, as main.ts does) on that database and initialises it without
 * listening: tests call the services, no request goes over HTTP. Tests are isolated by construction: every test builds a world of its own (a county,
 * an office, its notaries and points) with `world()`, and every rule under test is scoped to an
 * office, a point, a notary or a case — see docs/testing.md for why not a rolled-back transaction.
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import type { INestApplication, Type } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { auditActor, type Actor, type StaffActor } from '../../src/auth/actor.js';
import { staffActorOf, UsersService } from '../../src/auth/users.service.js';
import { ReservationService } from '../../src/booking/reservation.service.js';
import { SchedulesService } from '../../src/booking/schedules.service.js';
import { CertificateIssuance } from '../../src/certificate/issuance.service.js';
import { ShiftedClock } from '../../src/common/clock.js';
import { DomainError } from '../../src/common/errors.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { OfficesService } from '../../src/registry/offices.service.js';
import { PointsService } from '../../src/registry/points.service.js';
import { RegionsService } from '../../src/registry/regions.service.js';
import type {
  CreateOfficeDto,
  CreateNotaryDto,
  CreatePointDto,
  CreateStaffDto,
  RegisterTerminalDto,
} from '../../src/registry/dto/registry.dto.js';
import type { CreateBookingDto } from '../../src/booking/dto/booking.dto.js';
import { CheckInService } from '../../src/session/check-in.service.js';
import { RecordingService } from '../../src/session/recording.service.js';
import { SessionService } from '../../src/session/session.service.js';
import { capturedLog } from '../support/app.js';
import { RECORDING_DURATION_MS, recordingChunks } from '../support/recording.js';
import {
  ALL_WEEK,
  buildOffice,
  cjkDigits,
  signedCase,
  openCase,
  type BuiltOffice,
  type CaseSpec,
  type SignedCaseSpec,
  type WorldSteps,
} from '../support/world.js';

export const ADMIN_USERNAME = 'admin';

/** Where this worker's database lives: a name on DATABASE_URL's server, or a PGlite directory. */
function workerDatabase(): { env: Record<string, string>; create?: () => Promise<void> } {
  const run = process.env.MEDIUM_RUN ?? `solo${process.pid}`;
  const worker = process.env.JEST_WORKER_ID ?? '1';
  const dataDir = path.join(tmpdir(), `notary-medium-${run}-${worker}`);
  const base = process.env.DATABASE_URL;
  if (!base) return { env: { DATA_DIR: dataDir } };
  const name = `medium_${run}_${worker}`;
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async create() {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04') throw err; // duplicate_database: an earlier file made it
      } finally {
        await admin.end();
      }
    },
  };
}

export interface Medium {
  app: INestApplication;
  config: AppConfig;
  db: DataSource;
  clock: ShiftedClock;
  get<T>(type: Type<T>): T;
  /** The world builder's steps, taken through the services. */
  steps: WorldSteps<Actor>;
  /** A fresh office of its own (county, office, notaries, points), for one test. */
  world(spec?: Partial<WorldSpec>): Promise<BuiltOffice<Actor>>;
  /** A case booked, checked in and opened (world.ts, openCase). */
  openCase(office: BuiltOffice<Actor>, c?: Partial<CaseSpec>): ReturnType<typeof openCase<Actor>>;
  /** A case brought to `signing`, recording finished (world.ts, signedCase). */
  signedCase(office: BuiltOffice<Actor>, c?: Partial<SignedCaseSpec>): ReturnType<typeof signedCase<Actor>>;
  /** The staff actor of a user, as the auth guard builds it from a token. */
  actor(userId: string): Promise<StaffActor>;
  logs(): string;
  close(): Promise<void>;
}

export interface WorldSpec {
  notaries: number;
  points: number;
  terminals: string[];
  openingHours: object;
  schedule: object | undefined;
}

/** Monday 08:00 in Shanghai: the default "now" of a medium file (the clock runs on from there). */
export const MEDIUM_NOW = new Date('2026-11-30T08:00:00+08:00');

/** Start-up ceiling: PGlite opening its directory and the app booting, on a loaded machine. */
const BOOT_MS = 300_000;

/**
 * Boots the app for this file in beforeAll and closes it in afterAll, also when the start outran
 * its hook's ceiling (so that nothing is left running). Call at the top of a describe; the
 * returned function gives the app inside hooks and tests.
 */
export function useMedium(env: Record<string, string> = {}, opts: { now?: Date } = {}): () => Medium {
  let pending: Promise<Medium> | undefined;
  let started: Medium | undefined;
  beforeAll(async () => {
    pending = startMedium(env, opts);
    started = await pending;
  }, BOOT_MS);
  afterAll(async () => {
    const m = started ?? (await pending?.catch(() => undefined));
    await m?.close();
  }, BOOT_MS);
  return () => {
    if (!started) throw new Error('the medium app did not start');
    return started;
  };
}

/** Boots the real modules on this worker's database, without HTTP. Close it in afterAll (or use useMedium). */
export async function startMedium(env: Record<string, string> = {}, opts: { now?: Date } = {}): Promise<Medium> {
  const database = workerDatabase();
  await database.create?.();
  await mkdir(database.env.DATA_DIR, { recursive: true });
  const config = loadConfig({
    ADMIN_USERNAME,
    ADMIN_PASSWORD: 'admin-password-for-medium-tests',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    PORT: '0',
    ...database.env,
    ...env,
  });
  const log = capturedLog();
  const clock = new ShiftedClock(opts.now ?? MEDIUM_NOW);
  // The whole app as main.ts builds it, initialised but never listening: the socket.io gateways
  // the services push to are mounted on an HTTP server that takes no connection.
  const app = await createApp(config, { logStream: log.stream, clock });
  await app.init();
  const db = app.get(DataSource);
  const get = <T>(type: Type<T>) => app.get(type, { strict: false });
  const actor = async (userId: string) => {
    const user = await get(UsersService).findById(userId);
    if (!user) throw new Error(`no user ${userId}`);
    return staffActorOf(user);
  };
  const byName = async (username: string) => {
    const [row] = (await db.query(`SELECT id FROM users WHERE username = $1`, [username])) as { id: string }[];
    if (!row) throw new Error(`no user ${username}`);
    return actor(row.id);
  };
  const steps = serviceSteps(get, byName);
  return {
    app,
    config,
    db,
    clock,
    get,
    steps,
    actor,
    async world(spec = {}) {
      // Counties are numbered in the order this worker's database got them: 99 per province.
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM regions WHERE level = 'county'`)) as { n: number }[];
      const county = `${11 + Math.floor(n / 99)}01${String(1 + (n % 99)).padStart(2, '0')}`;
      return buildOffice(steps, {
        county,
        label: '中测',
        tag: String(n),
        certificatePrefix: `苏中${cjkDigits(String(n).padStart(4, '0'))}`,
        notaries: spec.notaries ?? 1,
        points: spec.points ?? 1,
        terminals: spec.terminals,
        openingHours: spec.openingHours ?? ALL_WEEK,
        schedule: 'schedule' in spec ? spec.schedule : ALL_WEEK,
        username: (role, i) => `m${role}${county}x${i}`,
      });
    },
    openCase: (office, c = {}) => openCase(steps, office, { start: hoursFromNow(clock, 2), now: clock.now(), ...c }),
    signedCase: (office, c = {}) => signedCase(steps, office, { start: hoursFromNow(clock, 2), now: clock.now(), ...c }),
    logs: log.text,
    async close() {
      await app.close();
    },
  };
}

/** The next whole hour `h` hours after the clock's now. */
export function hoursFromNow(clock: ShiftedClock, h: number): Date {
  const t = clock.now().getTime() + h * 3600_000;
  return new Date(t - (t % 3600_000));
}

/** The world's steps through the services, as the controllers would call them. */
function serviceSteps(get: <T>(type: Type<T>) => T, byName: (username: string) => Promise<StaffActor>): WorldSteps<Actor> {
  return {
    admin: () => byName(ADMIN_USERNAME),
    login: (username) => byName(username),
    async regions(admin, regions) {
      try {
        await get(RegionsService).create(auditActor(admin), regions);
        return true;
      } catch (err) {
        if (err instanceof DomainError && err.code === 'REGION_EXISTS') return false;
        throw err;
      }
    },
    office: (admin, body) => get(OfficesService).create(admin, body as CreateOfficeDto),
    notary: (admin, officeId, body) => get(OfficesService).createNotary(admin, officeId, body as CreateNotaryDto),
    schedule: async (admin, id, weekly) => void (await get(SchedulesService).put(admin, id, weekly as never, [])),
    point: (admin, body) => get(PointsService).create(admin, body as CreatePointDto),
    assistant: (admin, pointId, body) => get(PointsService).createAssistant(admin, pointId, body as CreateStaffDto),
    terminal: (admin, pointId, body) => get(PointsService).registerTerminal(admin, pointId, body as RegisterTerminalDto),
    async book(assistant, body) {
      const b = await get(ReservationService).create({ actor: assistant }, body as CreateBookingDto, '127.0.0.1');
      if (!b.notary) throw new Error(`booking ${b.id} is ${b.status}, with no notary`);
      return { ...b, notary: b.notary };
    },
    checkIn: async (assistant, id, attestation) => void (await get(CheckInService).checkIn(assistant, id, attestation)),
    openSession: (assistant, bookingId) => get(SessionService).create(assistant, bookingId),
    join: async (notary, id) => void (await get(SessionService).join(notary, id)),
    noticeAck: async (assistant, id) => void (await get(SessionService).acknowledgeNotice(assistant, id)),
    record: (notary, id, entries) => get(SessionService).writeRecord(notary, id, entries),
    sign: async (assistant, id, png, sha) => void (await get(SessionService).sign(assistant, id, png, sha)),
    async recording(assistant, id) {
      const recordings = get(RecordingService);
      const chunks = recordingChunks();
      for (const [seq, chunk] of chunks.entries()) await recordings.addChunk(assistant, id, seq, () => Promise.resolve(chunk));
      await recordings.finish(assistant, id, chunks.length, RECORDING_DURATION_MS);
    },
    matterFields: async (notary, id, fields) => void (await get(CertificateIssuance).setMatterFields(notary, id, fields)),
  };
}

/** The domain error a call fails with (its status and code are what HTTP would answer). */
export async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal, but the call succeeded');
}
