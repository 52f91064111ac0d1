import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the service reads from the environment, validated in one place.
 * Nothing else in src/ reads process.env.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Hosts of the point PC's own loopback, where a card reader's local service may answer. */
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

const schema = z.object({
  PORT: port.default(3000),
  // Processes serving PORT together (node:cluster); 1 is a single process, as before.
  WORKERS: positiveInt.max(16, 'must be at most 16').default(1),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  ADMIN_USERNAME: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{3,64}$/, 'must be 3-64 letters, digits, dots, dashes or underscores')
    .default('admin'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(86400, 'must be at most 86400 (one day)').default(3600),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 512kb or 1mb')
    .default('1mb'),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|loopback|\d+)$/, 'must be true, false, loopback or a number of proxy hops')
    .default('false'),
  LOGIN_MAX_FAILURES: positiveInt.default(5),
  SEED_DEMO: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  SOCKET_ADAPTER: z.enum(['memory', 'postgres', 'redis']).default('memory'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  TURN_URLS: z.string().optional(),
  TURN_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TURN_CREDENTIAL_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(1800),
  STUN_URLS: z.string().default('stun:stun.l.google.com:19302'),
  SIGNALLING_GRACE_SECONDS: positiveInt.default(30),
  FACE_MATCH_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  BOOKING_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).default(30),
  BOOKING_HORIZON_DAYS: positiveInt.max(365).default(30),
  BOOKING_BUFFER_MINUTES: z.coerce.number().int().min(0).max(120).default(10),
  SLOT_STEP_MINUTES: z.coerce.number().int().min(5).max(120).default(15),
  WALK_IN_EXPIRY_MINUTES: positiveInt.default(30),
  NO_SHOW_GRACE_MINUTES: z.coerce.number().int().min(0).default(15),
  PUBLIC_BOOKINGS_PER_HOUR: positiveInt.default(10),
  PUBLIC_READS_PER_MINUTE: positiveInt.default(120),
  CASE_ACCESS_MAX_FAILURES: positiveInt.default(5),
  CASE_ACCESS_WINDOW_SECONDS: positiveInt.default(900),
  OFFICE_P12_PATH: z.string().optional(),
  OFFICE_P12_PASSPHRASE: z.string().optional(),
  OFFICE_KEYS_DIR: z.string().optional(),
  OFFICE_KEYS_PASSPHRASE: z.string().optional(),
  OFFICE_KEYS_PASSPHRASE_FILE: z.string().optional(),
  SIGNING_CA_CERT: z.string().optional(),
  SIGNING_CRL_PATH: z.string().optional(),
  TSA_URL: z.string().url().optional(),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt.default(900),
  WITNESS_URLS: z.string().optional(),
  LOG_PROOF_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LOG_INTEGRATOR: z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  LOGIN_ACCOUNT_MAX_FAILURES: positiveInt.default(50),
  VERIFY_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_STORE: z.enum(['shared', 'memory']).default('shared'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  RECORDINGS_DIR: z.string().optional(),
  RECORDINGS_STORE: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9._/-]*)?$/, 'must look like s3://bucket or s3://bucket/prefix')
    .optional(),
  AWS_ENDPOINT_URL_S3: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  S3_OBJECT_LOCK: z.enum(['off', 'governance', 'compliance'], { error: 'must be off, governance or compliance' }).default('off'),
  RECORDING_CHUNK_MAX_BYTES: positiveInt.max(64 * 1024 * 1024, 'must be at most 64 MiB').default(8 * 1024 * 1024),
  RECORDING_RETENTION_YEARS: positiveInt.max(1000, 'must be at most 1000 (years)').default(60),
  // PDF verification in worker threads: the machine's cores are shared with other pools, so one by default.
  VERIFY_WORKERS: positiveInt.max(2, 'must be 1 or 2').default(1),
  VERIFY_QUEUE: z.coerce.number().int().min(0).max(100).default(4),
  VERIFY_TIME_LIMIT_MS: z.coerce.number().int().min(1).max(120_000).default(10_000),
  VERIFY_WORKER_MEMORY_MB: z.coerce.number().int().min(64).max(2048).default(256),
  // A whole request (headers and body): an 8 MiB recording chunk at 256 kbit/s takes 262 s.
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  FACE_MATCH_DISTANCE: z.coerce.number().gt(0).max(2).default(0.6),
  IDENTITY_LIVENESS: z.enum(['challenge', 'off']).default('challenge'),
  // The ID card reader's local vendor service on the point's PC: a loopback http(s) URL.
  CARD_READER_URL: z
    .string()
    .url()
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) && LOOPBACK.includes(new URL(u).hostname), {
      message: 'must be an http(s) URL on the point PC’s loopback (127.0.0.1, localhost or [::1]), e.g. http://127.0.0.1:19196',
    })
    .optional(),
  IDENTITY_WORKERS: positiveInt.max(16, 'must be at most 16').default(2),
  IDENTITY_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  IDENTITY_BODY_MAX_BYTES: positiveInt.max(32 * 1024 * 1024, 'must be at most 32 MiB').default(4 * 1024 * 1024),
  IDENTITY_RETENTION_YEARS: positiveInt.max(1000, 'must be at most 1000 (years)').default(60),
});

export type AppConfig = {
  port: number;
  /** Worker processes sharing `port` (node:cluster); 1: this process serves alone. */
  workers: number;
  databaseUrl?: string;
  dataDir: string;
  adminUsername: string;
  adminPassword?: string;
  publicBaseUrl: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  accessTokenTtlSeconds: number;
  bodyLimit: string;
  /** Express "trust proxy": whose X-Forwarded-For to believe for the client address. */
  trustProxy: boolean | number | string;
  loginMaxFailures: number;
  /** Load the demo data at start (default: on for the embedded database, off with DATABASE_URL). */
  seedDemo: boolean;
  socketAdapter: 'memory' | 'postgres' | 'redis';
  redisUrl?: string;
  /** STUN/TURN URLs for ICE; TURN credentials follow coturn's use-auth-secret scheme. */
  stunUrls: string[];
  turnUrls: string[];
  turnSecret?: string;
  /** How long a TURN credential lasts; the join endpoint hands out a fresh one while the session runs. */
  turnCredentialTtlSeconds: number;
  signallingGraceSeconds: number;
  faceMatchThreshold: number;
  /** Key for personal data at rest; unset: one is generated and kept under DATA_DIR. */
  dataEncryptionKey?: string;
  booking: {
    minNoticeMinutes: number;
    horizonDays: number;
    bufferMinutes: number;
    slotStepMinutes: number;
    walkInExpiryMinutes: number;
    noShowGraceMinutes: number;
    publicBookingsPerHour: number;
    /** Anonymous `…/slots` and `…/availability` requests per client address and minute, together. */
    publicReadsPerMinute: number;
  };
  caseAccessMaxFailures: number;
  caseAccessWindowSeconds: number;
  /** Production signing identity for certificate PDFs; unset: a development CA under DATA_DIR. */
  officeP12Path?: string;
  officeP12Passphrase?: string;
  /**
   * Production: one identity per office, `<officeId>.p12` in this directory (see
   * certificate/pdf/office-keys.ts), issued by the CA in SIGNING_CA_CERT (a PEM file path).
   */
  officeKeys?: { dir: string; passphrase?: string; passphraseFile?: string; caCertPath: string; crlPath?: string };
  /** Evidence-log witnesses: comma-separated `<add-checkpoint URL prefix> <cosigner verifier key>`. */
  witnessUrls?: string;
  /** How long approval waits for its entry to be integrated (and cosigned) before embedding the proof. */
  logProofWaitMs: number;
  /** Whether this instance competes for the integrator lease (default true). */
  logIntegrator: boolean;
  /** RFC 3161 time-stamping authority for certificate signatures (PAdES B-T); unset: B-B, no trusted time. */
  tsaUrl?: string;
  loginFailureWindowSeconds: number;
  /** Failed sign-ins per account from all addresses together (the per-address-and-account limit is loginMaxFailures). */
  loginAccountMaxFailures: number;
  /** Anonymous POST /api/verify per client address and minute, charged before the body is read. */
  verifyPerMinute: number;
  /** `shared`: Redis when REDIS_URL is set, else the database; `memory`: this process only, lost on restart. */
  rateLimitStore: 'shared' | 'memory';
  /** Bearer token for GET /metrics on the API port; unset: that route answers 404. */
  metricsToken?: string;
  /** A separate listener serving GET /metrics without a token, on METRICS_HOST (loopback by default). */
  metricsPort?: number;
  metricsHost: string;
  /** Where recording chunks live: storage every instance shares (default DATA_DIR/recordings). */
  recordingsDir: string;
  /**
   * S3-compatible object storage for recordings and identity images (RECORDINGS_STORE=s3://bucket/prefix);
   * when set it replaces recordingsDir. See docs/storage.md.
   */
  objectStore?: S3StoreConfig;
  /** Largest recording chunk accepted (default 8 MiB); larger bodies are refused with 413 before they are read whole. */
  recordingChunkMaxBytes: number;
  /**
   * Years a recording is kept (default 60: the 长期 period of notarial archives, docs/operations.md).
   * Stamped on each row as it is written; the database refuses to delete it before then.
   */
  recordingRetentionYears: number;
  /** The worker pool that parses uploaded PDFs (certificate/verify-pool.ts). */
  verify: { workers: number; queue: number; timeLimitMs: number; memoryMb: number };
  /** Node's server.requestTimeout and headersTimeout; stalled requests are cut after these. */
  httpRequestTimeoutMs: number;
  httpHeadersTimeoutMs: number;
  /** On shutdown, requests in flight get this long before their connections are closed. */
  shutdownGraceMs: number;
  /**
   * Largest descriptor distance (face-api's Euclidean measure, lower is closer) at which the ID
   * photo and the live frames count as the same person, for service-verified check-ins. 0.6 is the
   * model's published operating point; the fixture evaluation (docs/identity.md) found genuine
   * pairs at ≤ 0.48 and impostors at ≥ 0.79.
   */
  faceMatchDistance: number;
  /** `challenge`: the server re-judges a random liveness challenge; `off`: not checked (warned at start, recorded). */
  identityLiveness: 'challenge' | 'off';
  /** The card reader's local service the point's console reads (and the page's CSP lets it reach); null: the console's simulator. */
  cardReaderUrl: string | null;
  /** Worker threads for face analysis (two cores in all are shared with the other CPU-heavy pools). */
  identityWorkers: number;
  /** Nice steps the face workers run below the process, so that the event loop gets the cores first (0: same priority). */
  identityWorkerNice: number;
  /** Largest identity-check body (base64 images), read only after authentication and the booking checks. */
  identityBodyMaxBytes: number;
  /** Years the ID photo and live frames of a check-in are kept, like the rest of the notarial file. */
  identityRetentionYears: number;
};

export interface S3StoreConfig {
  bucket: string;
  /** Key prefix without leading or trailing slash ('' for the bucket's root). */
  prefix: string;
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addressing (http://host/bucket/key): needed for an IP endpoint and most self-hosted stores. */
  forcePathStyle: boolean;
  /** Set an Object Lock retention on every object (the bucket must have Object Lock enabled). */
  objectLock: 'off' | 'governance' | 'compliance';
}

/** Thrown at start when a setting is invalid; the message names each bad setting. */
export class ConfigError extends Error {
  constructor(readonly problems: { setting: string; problem: string }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  ${p.setting}: ${p.problem}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // An empty variable means "not set", as in most twelve-factor tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ setting: String(i.path[0] ?? '?'), problem: i.message })));
  }
  const s = parsed.data;
  const cross: { setting: string; problem: string }[] = [];
  if (s.SOCKET_ADAPTER === 'postgres' && !s.DATABASE_URL) {
    // LISTEN/NOTIFY needs connections of its own; embedded PGlite has exactly one.
    cross.push({ setting: 'SOCKET_ADAPTER', problem: 'postgres needs DATABASE_URL (a PostgreSQL server)' });
  }
  if (s.SOCKET_ADAPTER === 'redis' && !s.REDIS_URL) cross.push({ setting: 'REDIS_URL', problem: 'is required when SOCKET_ADAPTER=redis' });
  if (s.WORKERS > 1) {
    // Every worker is a full instance: they share what several instances share.
    if (!s.DATABASE_URL)
      cross.push({ setting: 'WORKERS', problem: 'above 1 needs DATABASE_URL: the embedded database lives in one process' });
    if (s.SOCKET_ADAPTER === 'memory') {
      cross.push({
        setting: 'WORKERS',
        problem: 'above 1 needs SOCKET_ADAPTER=redis (with REDIS_URL) or postgres: peers of one session may sit on different workers',
      });
    }
    if (s.RATE_LIMIT_STORE === 'memory') {
      cross.push({ setting: 'WORKERS', problem: 'above 1 needs RATE_LIMIT_STORE=shared: with memory each worker would count apart' });
    }
  }
  if (s.TURN_URLS && !s.TURN_SECRET) cross.push({ setting: 'TURN_SECRET', problem: 'is required when TURN_URLS is set' });
  if (s.OFFICE_P12_PATH && s.OFFICE_P12_PASSPHRASE === undefined) {
    cross.push({ setting: 'OFFICE_P12_PASSPHRASE', problem: 'is required when OFFICE_P12_PATH is set' });
  }
  if (s.OFFICE_KEYS_DIR && !s.SIGNING_CA_CERT) {
    cross.push({ setting: 'SIGNING_CA_CERT', problem: 'is required when OFFICE_KEYS_DIR is set (the CA office certificates chain to)' });
  }
  if (s.RECORDINGS_STORE) {
    // Credentials come from here or nowhere: the SDK's own environment lookup would be a second reader of process.env.
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const)
      if (!s[k]) cross.push({ setting: k, problem: 'is required when RECORDINGS_STORE is set' });
  }
  if (cross.length) throw new ConfigError(cross);
  return {
    port: s.PORT,
    workers: s.WORKERS,
    databaseUrl: s.DATABASE_URL,
    dataDir: path.resolve(s.DATA_DIR),
    adminUsername: s.ADMIN_USERNAME,
    adminPassword: s.ADMIN_PASSWORD,
    publicBaseUrl: (s.PUBLIC_BASE_URL ?? `http://localhost:${s.PORT}`).replace(/\/+$/, ''),
    logLevel: s.LOG_LEVEL,
    accessTokenTtlSeconds: s.ACCESS_TOKEN_TTL_SECONDS,
    bodyLimit: s.BODY_LIMIT,
    trustProxy:
      s.TRUST_PROXY === 'true'
        ? true
        : s.TRUST_PROXY === 'false'
          ? false
          : /^\d+$/.test(s.TRUST_PROXY)
            ? Number(s.TRUST_PROXY)
            : s.TRUST_PROXY,
    loginMaxFailures: s.LOGIN_MAX_FAILURES,
    seedDemo: s.SEED_DEMO ? s.SEED_DEMO === 'true' : !s.DATABASE_URL,
    socketAdapter: s.SOCKET_ADAPTER,
    redisUrl: s.REDIS_URL,
    stunUrls: list(s.STUN_URLS),
    turnUrls: list(s.TURN_URLS),
    turnSecret: s.TURN_SECRET,
    turnCredentialTtlSeconds: s.TURN_CREDENTIAL_TTL_SECONDS,
    signallingGraceSeconds: s.SIGNALLING_GRACE_SECONDS,
    faceMatchThreshold: s.FACE_MATCH_THRESHOLD,
    dataEncryptionKey: s.DATA_ENCRYPTION_KEY,
    booking: {
      minNoticeMinutes: s.BOOKING_MIN_NOTICE_MINUTES,
      horizonDays: s.BOOKING_HORIZON_DAYS,
      bufferMinutes: s.BOOKING_BUFFER_MINUTES,
      slotStepMinutes: s.SLOT_STEP_MINUTES,
      walkInExpiryMinutes: s.WALK_IN_EXPIRY_MINUTES,
      noShowGraceMinutes: s.NO_SHOW_GRACE_MINUTES,
      publicBookingsPerHour: s.PUBLIC_BOOKINGS_PER_HOUR,
      publicReadsPerMinute: s.PUBLIC_READS_PER_MINUTE,
    },
    caseAccessMaxFailures: s.CASE_ACCESS_MAX_FAILURES,
    caseAccessWindowSeconds: s.CASE_ACCESS_WINDOW_SECONDS,
    officeP12Path: s.OFFICE_P12_PATH,
    officeP12Passphrase: s.OFFICE_P12_PASSPHRASE,
    officeKeys:
      s.OFFICE_KEYS_DIR && s.SIGNING_CA_CERT
        ? {
            dir: path.resolve(s.OFFICE_KEYS_DIR),
            passphrase: s.OFFICE_KEYS_PASSPHRASE,
            passphraseFile: s.OFFICE_KEYS_PASSPHRASE_FILE,
            caCertPath: path.resolve(s.SIGNING_CA_CERT),
            crlPath: s.SIGNING_CRL_PATH,
          }
        : undefined,
    witnessUrls: s.WITNESS_URLS,
    logProofWaitMs: s.LOG_PROOF_WAIT_MS,
    logIntegrator: s.LOG_INTEGRATOR === 'true',
    tsaUrl: s.TSA_URL,
    loginFailureWindowSeconds: s.LOGIN_FAILURE_WINDOW_SECONDS,
    loginAccountMaxFailures: s.LOGIN_ACCOUNT_MAX_FAILURES,
    verifyPerMinute: s.VERIFY_PER_MINUTE,
    rateLimitStore: s.RATE_LIMIT_STORE,
    metricsToken: s.METRICS_TOKEN,
    metricsPort: s.METRICS_PORT,
    metricsHost: s.METRICS_HOST,
    recordingsDir: path.resolve(s.RECORDINGS_DIR ?? path.join(s.DATA_DIR, 'recordings')),
    objectStore: s.RECORDINGS_STORE
      ? {
          bucket: s.RECORDINGS_STORE.slice('s3://'.length).split('/')[0],
          prefix: s.RECORDINGS_STORE.slice('s3://'.length).split('/').slice(1).filter(Boolean).join('/'),
          endpoint: s.AWS_ENDPOINT_URL_S3,
          region: s.AWS_REGION,
          accessKeyId: s.AWS_ACCESS_KEY_ID!,
          secretAccessKey: s.AWS_SECRET_ACCESS_KEY!,
          forcePathStyle: s.S3_FORCE_PATH_STYLE === 'true',
          objectLock: s.S3_OBJECT_LOCK,
        }
      : undefined,
    recordingChunkMaxBytes: s.RECORDING_CHUNK_MAX_BYTES,
    recordingRetentionYears: s.RECORDING_RETENTION_YEARS,
    verify: {
      workers: s.VERIFY_WORKERS,
      queue: s.VERIFY_QUEUE,
      timeLimitMs: s.VERIFY_TIME_LIMIT_MS,
      memoryMb: s.VERIFY_WORKER_MEMORY_MB,
    },
    httpRequestTimeoutMs: s.HTTP_REQUEST_TIMEOUT_MS,
    httpHeadersTimeoutMs: Math.min(s.HTTP_HEADERS_TIMEOUT_MS, s.HTTP_REQUEST_TIMEOUT_MS),
    shutdownGraceMs: s.SHUTDOWN_GRACE_MS,
    faceMatchDistance: s.FACE_MATCH_DISTANCE,
    identityLiveness: s.IDENTITY_LIVENESS,
    cardReaderUrl: s.CARD_READER_URL?.replace(/\/+$/, '') ?? null,
    identityWorkers: s.IDENTITY_WORKERS,
    identityWorkerNice: s.IDENTITY_WORKER_NICE,
    identityBodyMaxBytes: s.IDENTITY_BODY_MAX_BYTES,
    identityRetentionYears: s.IDENTITY_RETENTION_YEARS,
  };
}
