import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { createApp } from '../src/app.factory.js';
import { UsersService } from '../src/auth/users.service.js';
import { loadConfig } from '../src/config/config.js';
import { startTestApp, type TestApp } from './support/app.js';
import { buildWorld, ID_NUMBERS, type World } from './support/fixtures.js';

// Limits reserved atomically in a shared store, so that two requests or two instances cannot
// both take the last unit.
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;

/** Next weekday at least two days ahead, as YYYY-MM-DD in Shanghai. */
function bookableDay(): string {
  const d = new Date(Date.now() + 2 * 86_400_000);
  while ([0, 6].includes(new Date(d.getTime() + 8 * 3_600_000).getUTCDay())) d.setTime(d.getTime() + 86_400_000);
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

async function createUser(t: TestApp, world: World, username: string, password: string) {
  const users = t.app.get(UsersService);
  return t.db.transaction((m) =>
    users.create(m, 'system', {
      username,
      password,
      role: 'notary',
      displayName: `${username} 测试`,
      officeId: world.officeId,
      pointId: null,
    }),
  );
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});

/** A PDF whose embedded receipt.jws is a FlateDecode stream of `zeros` zero bytes. */
async function bombPdf(zeros: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  const ctx = doc.context;
  const stream = ctx.register(ctx.stream(deflateSync(Buffer.alloc(zeros)), { Type: 'EmbeddedFile', Filter: 'FlateDecode' }));
  const spec = ctx.obj({ Type: 'Filespec', F: PDFString.of('receipt.jws'), UF: PDFString.of('receipt.jws'), EF: { F: stream } });
  doc.catalog.set(PDFName.of('Names'), ctx.obj({ EmbeddedFiles: ctx.obj({ Names: [PDFString.of('receipt.jws'), ctx.register(spec)] }) }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe('limits that hold under parallel requests', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '5', CASE_ACCESS_MAX_FAILURES: '5', VERIFY_PER_MINUTE: '3' });
    world = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('40 parallel wrong passwords for one user from one address give 5 × 401 and 35 × 429', async () => {
    await createUser(t, world, 'parallel-notary', 'the-right-password-1');
    const res = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.http().post('/api/auth/login').set('X-Forwarded-For', '10.40.0.1').send({ username: 'parallel-notary', password: 'wrong' }),
      ),
    );
    expect(tally(res.map((r) => r.status))).toEqual({ 401: 5, 429: 35 });
    expect(res.find((r) => r.status === 429)!.body.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('failures against one account from an address block neither other accounts nor that account from elsewhere (OWASP)', async () => {
    await createUser(t, world, 'victim-notary', 'the-right-password-2');
    await createUser(t, world, 'neighbour-notary', 'the-right-password-3');
    for (let i = 0; i < 6; i++)
      await t.http().post('/api/auth/login').set('X-Forwarded-For', '10.41.0.1').send({ username: 'victim-notary', password: 'wrong' });
    // Same address (as behind a proxy with TRUST_PROXY=false), another account: not blocked.
    await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.41.0.1')
      .send({ username: 'neighbour-notary', password: 'the-right-password-3' })
      .expect(200);
    // The victim, with the right password, from the office's own address: not blocked.
    await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.41.0.2')
      .send({ username: 'victim-notary', password: 'the-right-password-2' })
      .expect(200);
    // The guessing address stays blocked for that account.
    const again = await t
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.41.0.1')
      .send({ username: 'victim-notary', password: 'the-right-password-2' });
    expect(again.status).toBe(429);
  });

  it('does not audit refused (throttled) sign-ins: their number is bounded by the limit', async () => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_entries WHERE action LIKE 'auth.login.%' AND action NOT IN ('auth.login.succeeded', 'auth.login.failed')`,
    );
    expect(n).toBe(0);
    // 5 failures audited for the 40 parallel attempts plus 5 of the 6 sequential ones (one was refused).
    const [{ f }] = await t.db.query(`SELECT count(*)::int AS f FROM audit_entries WHERE action = 'auth.login.failed'`);
    expect(f).toBe(10);
  });

  it('40 parallel wrong access codes for one case give 5 × 401 and 35 × 429', async () => {
    const day = bookableDay();
    const booked = await t
      .http()
      .post('/api/bookings')
      .set('X-Forwarded-For', '10.42.0.1')
      .send({
        pointId: world.pointId,
        matterCode: 'declaration',
        start: at(day, '10:00'),
        applicant: { name: '王堃', idNumber: ID_NUMBERS[0], phone: '13912345678' },
      });
    expect(booked.status).toBe(201);
    const res = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t
          .http()
          .post('/api/auth/case-access')
          .set('X-Forwarded-For', `10.42.1.${i}`)
          .send({ caseNo: booked.body.caseNo, accessCode: '00000000' }),
      ),
    );
    expect(tally(res.map((r) => r.status))).toEqual({ 401: 5, 429: 35 });
  });

  it('charges the verify limit before reading the body: a refused upload is answered while its body is unsent', async () => {
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post('/api/verify')
        .set('X-Forwarded-For', '10.43.0.1')
        .set('Content-Type', 'application/pdf')
        .send(Buffer.from('%PDF-1.7 x'));
    const { port } = new URL(t.url);
    let req: http.ClientRequest | undefined;
    try {
      const status = await new Promise<number>((resolve, reject) => {
        // Announces 5 MB and sends 10 bytes: a server that reads the body first never answers.
        req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/verify',
            headers: { 'Content-Type': 'application/pdf', 'Content-Length': 5_000_000, 'X-Forwarded-For': '10.43.0.1' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write('%PDF-1.7 x');
        // A ceiling so that the old behaviour fails instead of hanging.
        setTimeout(() => reject(new Error('no answer while the body was unsent')), 20_000).unref();
      });
      expect(status).toBe(429);
    } finally {
      req?.destroy();
    }
  });

  it('refuses a PDF whose receipt stream inflates beyond the bound (decompression bomb) with 400 PDF_TOO_COMPLEX', async () => {
    const pdf = await bombPdf(40 * 1024 * 1024);
    expect(pdf.length).toBeLessThan(200_000);
    const rssBefore = process.memoryUsage().rss;
    const res = await t.http().post('/api/verify').set('X-Forwarded-For', '10.44.0.1').set('Content-Type', 'application/pdf').send(pdf);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'PDF_TOO_COMPLEX' });
    // Nothing near the 40 MB of zeros stayed behind (the cap stops inflation at 32 MB).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
    // A small embedded stream is still read (and, not being our receipt, is UNKNOWN).
    const small = await t
      .http()
      .post('/api/verify')
      .set('X-Forwarded-For', '10.44.0.2')
      .set('Content-Type', 'application/pdf')
      .send(await bombPdf(1024));
    expect(small.status).toBe(200);
    expect(small.body).toEqual({ valid: false, reason: 'UNKNOWN' });
  });

  it('still reads raw bodies itself: application/octet-stream accepted, more than 2 MB refused with 413', async () => {
    const octet = await t
      .http()
      .post('/api/verify')
      .set('X-Forwarded-For', '10.46.0.1')
      .set('Content-Type', 'application/octet-stream')
      .send(await bombPdf(1024));
    expect(octet.body).toEqual({ valid: false, reason: 'UNKNOWN' });
    const big = await t
      .http()
      .post('/api/verify')
      .set('X-Forwarded-For', '10.46.0.2')
      .set('Content-Type', 'application/pdf')
      .send(Buffer.alloc(2 * 1024 * 1024 + 1, 0x20));
    expect({ status: big.status, code: big.body.code }).toEqual({ status: 413, code: 'PDF_TOO_LARGE' });
  });

  it('refuses multipart verify uploads with text fields or extra parts', async () => {
    let req = t.http().post('/api/verify').set('X-Forwarded-For', '10.45.0.1');
    for (let i = 0; i < 20; i++) req = req.field(`f${i}`, 'x'.repeat(100_000));
    const res = await req.attach('file', Buffer.from('%PDF-1.7 x'), 'c.pdf');
    expect(res.status).toBe(400);
    expect(typeof res.body.code).toBe('string');
    const two = await t
      .http()
      .post('/api/verify')
      .set('X-Forwarded-For', '10.45.0.2')
      .attach('file', Buffer.from('%PDF-1.7 x'), 'a.pdf')
      .attach('other', Buffer.from('%PDF-1.7 x'), 'b.pdf');
    expect(two.status).toBe(400);
  });
});

describe('limits survive a restart', () => {
  const started: TestApp[] = [];
  afterAll(async () => {
    for (const i of started.reverse()) await i.close();
  });

  it('a restarted instance on the same database still refuses the guessing address', async () => {
    const a = await startTestApp({ LOGIN_MAX_FAILURES: '3' });
    started.push(a);
    for (let i = 0; i < 3; i++)
      await a.http().post('/api/auth/login').set('X-Forwarded-For', '10.51.0.1').send({ username: 'admin', password: 'wrong' }).expect(401);
    await a.app.close();
    const same: Record<string, string> = {
      DATA_DIR: a.config.dataDir,
      ...(a.config.databaseUrl && { DATABASE_URL: a.config.databaseUrl }),
    };
    const b = await startTestApp({ LOGIN_MAX_FAILURES: '3', ...same });
    started.push(b);
    const res = await b
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.51.0.1')
      .send({ username: 'admin', password: 'admin-password-for-tests' });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'TOO_MANY_ATTEMPTS' });
  });
});

describe('the data-encryption key (item 7)', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('refuses to start with another DATA_ENCRYPTION_KEY than the data was written with, saying what to do', async () => {
    t = await startTestApp({ DATA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') });
    await t.app.close();
    const config = loadConfig({
      ...(t.config.databaseUrl && { DATABASE_URL: t.config.databaseUrl }),
      DATA_DIR: t.config.dataDir,
      ADMIN_PASSWORD: 'admin-password-for-tests',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64'),
    });
    const app = await createApp(config);
    try {
      await expect(app.init()).rejects.toThrow(/DATA_ENCRYPTION_KEY.*Start with the original key/s);
    } finally {
      await app.close().catch(() => undefined);
    }
    // The right key still starts.
    const again = await createApp({ ...config, dataEncryptionKey: Buffer.alloc(32, 1).toString('base64') });
    try {
      await again.init();
    } finally {
      await again.close();
    }
  });
});
