/**
 * Debian's nginx running the repository's deploy/nginx/notary.conf unchanged, in front of service
 * instances started by a test. Only the site-specific includes (notary/upstreams.conf and
 * notary/site.conf) and the top-level nginx.conf are written here, in a temporary directory, with a
 * self-signed certificate for 127.0.0.1 made by openssl. stop() quits nginx and checks that neither
 * its master nor its workers are left.
 */
import { execFile } from 'node:child_process';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, runTool, waitFor, withCeiling, type Running } from './process.js';

const exec = promisify(execFile);

export const NGINX = '/usr/sbin/nginx';
export const NOTARY_CONF = path.join(ROOT, 'deploy/nginx/notary.conf');

export interface Proxy {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  /** The self-signed certificate (PEM) clients must trust. */
  ca: string;
  process: Running;
  /** nginx's master and worker processes, as they are now. */
  pids(): number[];
  /** What nginx wrote to its error log. */
  errors(): Promise<string>;
  /** What nginx wrote to its access log (notary.conf's `notary_paths` format). */
  accessLog(): Promise<string>;
  /** One HTTPS request through nginx, trusting its certificate (fetch cannot take a CA). */
  request(path: string, opts?: ProxyRequest): Promise<ProxyAnswer>;
  /** Stops nginx (SIGTERM, as `nginx -s stop`) and waits until none of its processes is left. */
  stop(): Promise<void>;
}

export interface ProxyRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** The client's own address (any 127.x.y.z): nginx hashes it to pick a socket.io instance. */
  localAddress?: string;
}

export interface ProxyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body as JSON. */
  json<T = unknown>(): T;
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Processes whose parent is `pid` (nginx's workers), from /proc. */
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name sits in parentheses and may contain spaces; the parent pid follows it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return kids;
}

/** Alive and not a zombie. */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Starts nginx on a free loopback port, TLS, proxying to `upstreams` (`host:port` of each service
 * instance: notary/upstreams.conf gets one `server` line for each).
 */
export async function startProxy(upstreams: string[]): Promise<Proxy> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx (.ci/run installs it)`);
  const dir = await mkdtemp(path.join(tmpdir(), 'nginx-'));
  // nginx's workers run as an unprivileged user when it is started as root: they must reach the
  // temporary files nginx makes here.
  await chmod(dir, 0o755);
  const f = (name: string) => path.join(dir, name);
  await exec('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    f('key.pem'),
    '-out',
    f('cert.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  const port = await freeTcpPort();
  await mkdir(f('notary'));
  await writeFile(f('notary/upstreams.conf'), upstreams.map((u) => `server ${u};\n`).join(''));
  await writeFile(
    f('notary/site.conf'),
    [
      `listen 127.0.0.1:${port} ssl;`,
      'server_name localhost;',
      `ssl_certificate ${f('cert.pem')};`,
      `ssl_certificate_key ${f('key.pem')};`,
      `access_log ${f('access.log')} notary_paths;`,
      '',
    ].join('\n'),
  );
  // The top level stands in for Debian's /etc/nginx/nginx.conf, with every path in `dir`.
  await writeFile(
    f('nginx.conf'),
    [
      'worker_processes 1;',
      `pid ${f('nginx.pid')};`,
      `error_log ${f('error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${f('access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${f(t)};`),
      `  include ${NOTARY_CONF};`,
      '}',
      '',
    ].join('\n'),
  );
  const proc = runTool(NGINX, ['-p', dir, '-c', f('nginx.conf'), '-e', f('error.log'), '-g', 'daemon off;']);
  const ca = await readFile(f('cert.pem'), 'utf8');
  const errors = () => readFile(f('error.log'), 'utf8').catch(() => '');
  const accessLog = () => readFile(f('access.log'), 'utf8').catch(() => '');
  const request = (target: string, opts: ProxyRequest = {}) =>
    new Promise<ProxyAnswer>((resolve, reject) => {
      const req = httpsRequest(
        // A connection of its own (no agent): nothing is left open after the test.
        {
          host: '127.0.0.1',
          port,
          path: target,
          method: opts.method ?? 'GET',
          headers: opts.headers,
          ca,
          agent: false,
          localAddress: opts.localAddress,
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (d: Buffer) => parts.push(d));
          res.on('error', reject);
          res.on('end', () => {
            const body = Buffer.concat(parts);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString('utf8')) as T });
          });
        },
      );
      req.on('error', reject);
      req.end(opts.body);
    });
  const stop = async () => {
    const seen = nginxProcesses(proc);
    // SIGTERM is nginx's fast shutdown: open connections (a websocket, a stalled upload) are closed
    // instead of waited for, as SIGQUIT would.
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGTERM');
    await withCeiling(proc.exited, 20_000, 'nginx shutting down').catch(() => proc.child.kill('SIGKILL'));
    await proc.exited;
    // A worker outliving its master would keep serving the port; never leave one behind.
    for (const pid of seen) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Ready once the master has written its pid file (after binding the port) and a worker runs.
    await waitFor(async () => {
      if (proc.child.exitCode !== null) throw new Error(`nginx exited: ${proc.output()}`);
      return existsSync(f('nginx.pid')) && nginxProcesses(proc).length > 1 ? true : undefined;
    }, 20_000);
  } catch (err) {
    const log = await errors();
    await stop();
    throw new Error(`nginx did not start on 127.0.0.1:${port}: ${(err as Error).message}\n${proc.output()}\n${log}`, { cause: err });
  }
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    ca,
    process: proc,
    pids: () => nginxProcesses(proc),
    errors,
    accessLog,
    request,
    stop,
  };
}

/** nginx's master and its workers, as they are now. */
function nginxProcesses(proc: Running): number[] {
  const master = proc.child.pid;
  return master === undefined || !processAlive(master) ? [] : [master, ...childrenOf(master)];
}
