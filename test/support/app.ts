import { Writable } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import type { Clock } from '../../src/common/clock.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { scratchDatabase, type ScratchDatabase } from './scratch.js';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** Base URL of the listening server, for socket.io and fetch. */
  url: string;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  /** Everything the structured logger wrote. */
  logs: () => string;
  login(username?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh database for one test file: see scratchDatabase. */
/** A stream the app logs into, and what it has logged so far (for tests that look at the log). */
export function capturedLog(): { stream: Writable; text: () => string } {
  let logged = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logged += chunk.toString();
      done();
    },
  });
  return { stream, text: () => logged };
}

export const freshDatabase = (): Promise<ScratchDatabase> => scratchDatabase('t');

export async function startTestApp(env: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const config = loadConfig({
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'info',
    // Tests name their client address in X-Forwarded-For, so throttles do not leak between tests.
    TRUST_PROXY: 'loopback',
    SEED_DEMO: 'false',
    PORT: '0',
    // On a shared machine, face workers below everything else's priority would make check times follow the load.
    IDENTITY_WORKER_NICE: '0',
    ...database.env,
    ...env,
  });
  const log = capturedLog();
  const app = await createApp(config, { logStream: log.stream, clock: opts.clock });
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as import('node:http').Server;
  const { port } = server.address() as import('node:net').AddressInfo;
  const http = () => request(server);
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    db: app.get(DataSource),
    http,
    logs: log.text,
    async login(username = ADMIN.username, password = ADMIN.password) {
      const res = await http().post('/api/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { accessToken: string }).accessToken;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
