import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';

/** What the primary sends a worker to make it close as on SIGTERM. */
const SHUTDOWN = 'notary:shutdown';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  if (config.workers > 1 && cluster.isPrimary) return primary(config);
  await serve(config);
}

/** One full instance: the application on PORT (shared with the other workers when it is one). */
async function serve(config: AppConfig): Promise<void> {
  const app = await createApp(config);
  await app.listen(config.port);
  // Clean shutdown: stop taking requests, let modules finish, close the database last, exit 0.
  // A second signal while closing forces the exit.
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => (++signals > 1 ? process.exit(130) : close()));
  }
  // A worker hears from the primary too (Ctrl-C reaches both: one signal and this make one close).
  if (cluster.isWorker) process.on('message', (m) => m === SHUTDOWN && close());
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
  const who = cluster.isWorker ? `, worker ${cluster.worker!.id} pid ${process.pid}` : '';
  process.stderr.write(`remote-notary listening on ${config.publicBaseUrl} (${where}${who})\n`);
}

/**
 * The node:cluster primary: serves nothing itself. The first worker starts alone (it runs pending
 * migrations and makes first-start keys), the others once it listens. A worker that dies after it
 * was listening is replaced; one that dies before is not (it would die again: a crash loop), and
 * the primary ends when none is left. SIGTERM/SIGINT: every worker closes as on its own SIGTERM.
 */
function primary(config: AppConfig): void {
  const log = (line: string) => process.stderr.write(`remote-notary primary pid ${process.pid}: ${line}\n`);
  const listening = new WeakSet<Worker>();
  let stopping = false;
  /** Whether a worker failed to close cleanly once asked to (the exit status then says so). */
  let failed = false;
  let started = 0;
  let first = true;
  const fork = () => {
    const w = cluster.fork();
    w.once('listening', () => {
      listening.add(w);
      if (++started === config.workers) log(`all ${config.workers} workers listening on port ${config.port}`);
      if (first && !stopping) for (let i = 1; i < config.workers; i++) fork();
      first = false;
    });
  };
  cluster.on('exit', (w, code, signal) => {
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping && code !== 0) failed = true;
    if (!stopping && listening.has(w)) {
      log(`worker ${w.id} pid ${w.process.pid} died (${how}); starting another`);
      started--;
      fork();
      return;
    }
    if (!stopping) log(`worker ${w.id} pid ${w.process.pid} exited before listening (${how}); not restarted`);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopping && !failed ? 0 : 1);
  });
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      if (++signals > 1) {
        for (const w of workers) w.process.kill('SIGKILL');
        process.exit(130);
      }
      log(`${signal}: closing ${workers.length} workers`);
      for (const w of workers) if (w.isConnected()) w.send(SHUTDOWN);
      if (workers.length === 0) process.exit(0);
    });
  }
  log(`starting ${config.workers} workers on port ${config.port}`);
  fork();
}

main().catch((err: unknown) => {
  process.stderr.write(`start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
