import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTool, waitFor, type Running } from './process.js';

export const TURNSERVER = '/usr/bin/turnserver';

export interface Turn {
  /** For TURN_URLS: UDP on loopback. */
  url: string;
  port: number;
  /** coturn's static-auth-secret, to be the service's TURN_SECRET. */
  secret: string;
  process: Running;
  stop(): Promise<void>;
}

/** A free UDP port on loopback (asked of the kernel, then released for coturn). */
async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** One STUN Binding request (RFC 8489 §5): resolves when the server answers it, i.e. it is up. */
async function stunAnswers(port: number): Promise<true | undefined> {
  const s = createSocket('udp4');
  try {
    const id = randomBytes(12);
    const req = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), id]);
    return await new Promise<true | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 500);
      s.on('message', (m: Buffer) => {
        if (m.readUInt16BE(0) === 0x0101 && m.subarray(8, 20).equals(id)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
      s.send(req, port, '127.0.0.1');
    });
  } finally {
    s.close();
  }
}

/**
 * Debian's coturn on loopback with the TURN REST API scheme (`use-auth-secret`), which is what the
 * service's credentials follow (src/signalling/ice.ts). Loopback peers must be allowed explicitly:
 * both browsers' relayed addresses are 127.0.0.1 here. Tracked by process.ts, so stopAll() ends it
 * even when a test fails before stop().
 */
export async function startTurn(): Promise<Turn> {
  if (!existsSync(TURNSERVER)) throw new Error(`${TURNSERVER} is missing: apt-get install coturn (.ci/run installs it)`);
  const dir = await mkdtemp(path.join(tmpdir(), 'turn-'));
  const port = await freeUdpPort();
  const secret = randomBytes(24).toString('hex');
  const proc = runTool(TURNSERVER, [
    `--listening-ip=127.0.0.1`,
    `--relay-ip=127.0.0.1`,
    `--listening-port=${port}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=notary.test',
    '--allow-loopback-peers',
    '--fingerprint',
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--no-tcp-relay',
    '--no-software-attribute',
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    `--userdb=${path.join(dir, 'turndb')}`,
  ]);
  const stop = async () => {
    if (proc.child.exitCode === null) proc.child.kill('SIGTERM');
    await proc.exited;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (proc.child.exitCode !== null) throw new Error(`turnserver exited: ${proc.output()}`);
      return stunAnswers(port);
    }, 20_000);
  } catch (err) {
    await stop();
    throw new Error(`turnserver did not answer on 127.0.0.1:${port}: ${(err as Error).message}\n${proc.output()}`, { cause: err });
  }
  return { url: `turn:127.0.0.1:${port}?transport=udp`, port, secret, process: proc, stop };
}
