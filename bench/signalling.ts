import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { JoinedEvent, SignalAck } from '../src/signalling/protocol.js';
import { ROOT } from '../test/support/process.js';
import { scratchDatabase, type ScratchDatabase } from '../test/support/scratch.js';
import { summarise } from './profile-summary.js';
import type { ServerReply, ServerRequest } from './signalling-server.js';
import { percentile, requireBaseline } from './support.js';

/** BENCH_SIGNALLING_SESSIONS=1,500 measures fewer steps (quicker iterations). */
const SESSIONS = (process.env.BENCH_SIGNALLING_SESSIONS ?? '1,100,500').split(',').map(Number);
const WARMUP_MS = 500;
const MEASURE_MS = 3000;
/** Connections opened at once while setting up; more only queues up in the same event loop. */
const CONNECT_BATCH = 50;

interface Pair {
  a: Socket;
  b: Socket;
  /** Whatever each side addresses the other by: peer ids on the gateway, socket ids on bare socket.io. */
  aId: string;
  bId: string;
}
interface Target {
  name: string;
  /** Opens `count` sessions of two connected peers. */
  pairs(count: number): Promise<Pair[]>;
  /** Resolves once the server has finished with `pairs` closed pairs (the gateway audits leaves). */
  settled(closedPairs: number): Promise<void>;
  /** The server process's CPU time so far and its monotonic clock, both in µs. */
  cpu(): Promise<{ cpuMicros: number; clock: number }>;
  close(): Promise<void>;
}
interface Result {
  latencies: number[];
  delivered: number;
  ms: number;
  refused: number;
  /** CPU time of the server process and of this (client) process during the measurement, µs. */
  serverCpu: number;
  clientCpu: number;
  /** The measurement on the server's clock, to cut its profile to it. */
  serverWindow: { from: number; to: number };
}

/**
 * Relay latency and throughput of the signalling gateway with 1, 100 and 500 concurrent sessions
 * (two peers each), beside a bare socket.io server relaying the same messages between the same
 * kind of clients. Each session plays ping-pong with an ICE candidate: one message in flight per
 * session, so the load grows with the number of sessions.
 *
 * Each server runs in a process of its own (bench/signalling-server.ts), the clients in this one,
 * so the clients' work does not land on the server's event loop. The two servers take turns
 * (BENCH_ROUNDS rounds, default 2, the first to go alternating), and each one's CPU time per
 * relayed message is read from its process: on a shared machine the wall-clock figures move with
 * the load, the CPU per message much less. BENCH_PROFILE=DIR then profiles both servers
 * (node --cpu-prof) under BENCH_PROFILE_SESSIONS sessions (default 500) and prints the summaries
 * (BENCH_ROUNDS=0: the profiles only).
 */
export default async function bench(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
  const scratch = await scratchDatabase('bench');
  // BENCH_AB=DIR/dist/bench/signalling-server.js: the gateway of another build as a third server
  // in the same rounds (on a database of its own), so that a change is judged in one machine state.
  const other = process.env.BENCH_AB ? await scratchDatabase('bench') : undefined;
  try {
    if (rounds > 0) await measure(scratch, rounds, other);
    if (process.env.BENCH_PROFILE) await profile(scratch.env, process.env.BENCH_PROFILE);
  } finally {
    await scratch.drop();
    await other?.drop();
  }
}

async function measure(scratch: ScratchDatabase, rounds: number, other?: ScratchDatabase): Promise<void> {
  const servers: Target[] = [];
  try {
    servers.push(await startServer('bare', {}));
    servers.push(await startServer('gateway', scratch.env));
    const [bare, gateway] = servers;
    const b = other && (await startServer('gateway', other.env, [], path.resolve(process.env.BENCH_AB!), 'gateway B (BENCH_AB)'));
    if (b) servers.push(b);
    // BENCH_SIGNALLING_RECOVERY=1: bare socket.io with the connection state recovery the service turns on, for information.
    const recovery =
      process.env.BENCH_SIGNALLING_RECOVERY === '1' &&
      (await startServer('bare-recovery', {}, [], undefined, 'bare socket.io + connection state recovery'));
    if (recovery) servers.push(recovery);
    console.log(
      `database: ${scratch.kind}; each server in its own process, the clients in this one; ${rounds} round(s) of ${MEASURE_MS} ms per server after ${WARMUP_MS} ms warm-up; latency = send → delivery at the other peer; CPU = the server process's user + system time per relayed message`,
    );
    console.log(
      'sessions | gateway p50 / p99 / msgs per s / CPU per msg  | bare socket.io p50 / p99 / msgs per s / CPU per msg | gateway ÷ bare (p50 latency, throughput, CPU per msg)',
    );
    for (const n of SESSIONS) {
      const results = new Map<Target, Result[]>(servers.map((s) => [s, []]));
      for (let r = 0; r < rounds; r++) {
        // Each round starts with another server: whoever goes first meets another machine state.
        const order = servers.map((_, i) => servers[(i + r) % servers.length]);
        for (const s of order) results.get(s)!.push(await run(s, n));
      }
      const g = results.get(gateway)!;
      const bs = results.get(bare)!;
      const G = merge(g);
      const B = merge(bs);
      requireBaseline(`${n} session(s): bare socket.io`, B.delivered, 100);
      requireBaseline(`${n} session(s): the gateway (the measured side)`, G.delivered, 100);
      if (G.refused || B.refused) console.log(`  ${G.refused + B.refused} signals were refused: figures are not comparable`);
      const perRound = g.map((x, i) => ratios(x, bs[i]).join(', ')).join(' | ');
      console.log(
        `${String(n).padStart(8)} | ${fmt(G)} | ${fmt(B)}      | ${ratios(G, B).join(', ')}\n         rounds: ${perRound}; client process CPU ${clientLoad(G)} (gateway), ${clientLoad(B)} (bare) of one core`,
      );
      if (b) {
        const O = merge(results.get(b)!);
        console.log(`         ${b.name}: ${fmt(O)} | B ÷ bare ${ratios(O, B).join(', ')} | gateway ÷ B ${ratios(G, O).join(', ')}`);
      }
      if (recovery) {
        const R = merge(results.get(recovery)!);
        console.log(`         ${recovery.name}: ${fmt(R)} | ÷ bare ${ratios(R, B).join(', ')} | gateway ÷ it ${ratios(G, R).join(', ')}`);
      }
    }
  } finally {
    for (const s of servers.reverse()) await s.close();
  }
}

/** Each server under --cpu-prof, the same load; the summary keeps the samples of the measurement only. */
async function profile(env: Record<string, string>, profileDir: string): Promise<void> {
  {
    const n = Number(process.env.BENCH_PROFILE_SESSIONS ?? 500);
    const dir = path.resolve(profileDir);
    await mkdir(dir, { recursive: true });
    // BENCH_SIGNALLING_RECOVERY=1: bare socket.io with connection state recovery too.
    const kinds = ['gateway', 'bare', ...(process.env.BENCH_SIGNALLING_RECOVERY === '1' ? (['bare-recovery'] as const) : [])] as const;
    for (const kind of kinds) {
      const before = new Set(await readdir(dir));
      const s = await startServer(kind, kind === 'gateway' ? env : {}, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      let r: Result;
      try {
        await run(s, n); // warm-up: the JIT, the pools
        r = await run(s, n);
      } finally {
        await s.close();
      }
      const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile') && !before.has(f));
      if (!file) throw new Error(`no .cpuprofile written into ${dir}`);
      console.log(
        `\nprofile of ${s.name}, ${n} sessions, ${Math.round((r.delivered / r.ms) * 1000).toLocaleString('en')} msgs per s under --cpu-prof: ${path.join(dir, file)}`,
      );
      // The profile's startTime is on the same monotonic clock (µs) as the server's window.
      const { startTime } = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as { startTime: number };
      const [fromMs, toMs] = [r.serverWindow.from, r.serverWindow.to].map((us) => (us - startTime) / 1000);
      console.log(`samples from ${(fromMs / 1000).toFixed(1)} s to ${(toMs / 1000).toFixed(1)} s of the profile (the measurement)`);
      console.log(await summarise(path.join(dir, file), { top: 25, fromMs, toMs }));
    }
  }
}

const merge = (rs: Result[]): Result => ({
  latencies: rs.flatMap((r) => r.latencies).sort((x, y) => x - y),
  delivered: rs.reduce((s, r) => s + r.delivered, 0),
  ms: rs.reduce((s, r) => s + r.ms, 0),
  refused: rs.reduce((s, r) => s + r.refused, 0),
  serverCpu: rs.reduce((s, r) => s + r.serverCpu, 0),
  clientCpu: rs.reduce((s, r) => s + r.clientCpu, 0),
  serverWindow: rs[0].serverWindow,
});
const p50 = (r: Result) =>
  percentile(
    [...r.latencies].sort((x, y) => x - y),
    50,
  );
const rate = (r: Result) => (r.delivered / r.ms) * 1000;
const cpuPerMsg = (r: Result) => r.serverCpu / r.delivered;
const ratios = (g: Result, b: Result) => [
  `${(p50(g) / p50(b)).toFixed(2)}× latency`,
  `${(rate(g) / rate(b)).toFixed(2)}× throughput`,
  `${(cpuPerMsg(g) / cpuPerMsg(b)).toFixed(2)}× CPU`,
];
const clientLoad = (r: Result) => `${Math.round((r.clientCpu / 1000 / r.ms) * 100)} %`;

const fmt = (r: Result) =>
  `${p50(r).toFixed(2).padStart(6)} ms / ${percentile(r.latencies, 99).toFixed(2).padStart(6)} ms / ${Math.round(rate(r)).toLocaleString('en').padStart(7)} / ${cpuPerMsg(r).toFixed(0).padStart(4)} µs`;

async function run(target: Target, sessions: number): Promise<Result> {
  const pairs: Pair[] = [];
  for (let i = 0; i < sessions; i += CONNECT_BATCH) pairs.push(...(await target.pairs(Math.min(CONNECT_BATCH, sessions - i))));
  try {
    await pingPong(pairs, WARMUP_MS);
    const before = await target.cpu();
    const client0 = process.cpuUsage();
    const r = await pingPong(pairs, MEASURE_MS);
    const client = process.cpuUsage(client0);
    const after = await target.cpu();
    return {
      ...r,
      serverCpu: after.cpuMicros - before.cpuMicros,
      clientCpu: client.user + client.system,
      serverWindow: { from: before.clock, to: after.clock },
    };
  } finally {
    for (const p of pairs) {
      p.a.disconnect();
      p.b.disconnect();
    }
    await target.settled(sessions);
  }
}

async function pingPong(pairs: Pair[], ms: number): Promise<Omit<Result, 'serverCpu' | 'clientCpu' | 'serverWindow'>> {
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  const stopAt = started + ms;
  const onAck = (ack: SignalAck) => {
    if (!ack.ok) refused++;
  };
  const counts = await Promise.all(
    pairs.map(
      (p, session) =>
        new Promise<number>((resolve) => {
          let sentAt = 0;
          let seq = 0;
          let delivered = 0;
          const send = (from: Socket, to: string) => {
            sentAt = performance.now();
            seq++;
            from.emit(
              'signal',
              {
                to,
                candidate: {
                  candidate: `candidate:${seq} 1 udp 2122260223 192.0.2.${session % 250} ${50000 + (seq % 10000)} typ host generation 0`,
                  sdpMid: '0',
                  sdpMLineIndex: 0,
                },
              },
              onAck,
            );
          };
          const receive = (replyFrom: Socket, replyTo: string) => () => {
            latencies.push(performance.now() - sentAt);
            delivered++;
            if (performance.now() < stopAt) send(replyFrom, replyTo);
            else {
              p.a.off('signal');
              p.b.off('signal');
              resolve(delivered);
            }
          };
          p.b.on('signal', receive(p.b, p.aId));
          p.a.on('signal', receive(p.a, p.bId));
          send(p.a, p.bId);
        }),
    ),
  );
  const elapsed = performance.now() - started;
  latencies.sort((x, y) => x - y);
  return { latencies, delivered: counts.reduce((s, c) => s + c, 0), ms: elapsed, refused };
}

const clientOptions = { transports: ['websocket'], forceNew: true, reconnection: false };

/**
 * Forks bench/signalling-server.ts: `gateway` on the scratch database (DATABASE_URL, DATA_DIR in
 * `env`), or `bare`. Requests go over the IPC channel; `close` ends the process.
 */
async function startServer(
  kind: 'gateway' | 'bare' | 'bare-recovery',
  env: Record<string, string>,
  nodeArgs: string[] = [],
  script = path.join(ROOT, 'dist/bench/signalling-server.js'),
  name = kind === 'gateway' ? 'the gateway' : 'bare socket.io',
): Promise<Target> {
  const child: ChildProcess = fork(script, [kind], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    execArgv: nodeArgs,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waiting = new Map<number, (r: ServerReply) => void>();
  let nextId = 0;
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: ServerReply | { ready: number }) => {
      if ('ready' in m) resolve(m.ready);
      else waiting.get(m.id)?.(m);
    });
    void exited.then((code) => reject(new Error(`the ${kind} server exited (${code}) before it was ready:\n${output}`)));
  });
  const request = (req: ServerRequest) =>
    new Promise<ServerReply>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (r) => {
        waiting.delete(id);
        if (r.error) reject(new Error(`${kind} server, ${req.op}: ${r.error}`));
        else resolve(r);
      });
      child.send({ id, ...req });
    });

  const connect = (url: string, auth?: { token: string }) =>
    new Promise<{ socket: Socket; id: string }>((resolve, reject) => {
      const socket = io(url, { ...clientOptions, ...(auth && { auth }) });
      socket.once('connect_error', reject);
      if (auth) socket.once('joined', (j: JoinedEvent) => resolve({ socket, id: j.self.peerId }));
      else socket.once('connect', () => resolve({ socket, id: socket.id! }));
    });
  return {
    name,
    async pairs(count) {
      const { pairs } = await request({ op: 'pairs', count });
      return Promise.all(
        pairs!.map(async (t) => {
          // The gateway's peers join one after the other, as a session's notary and point do.
          if (kind === 'gateway') {
            const a = await connect(`http://127.0.0.1:${port}/signalling`, { token: t.a });
            const b = await connect(`http://127.0.0.1:${port}/signalling`, { token: t.b });
            return { a: a.socket, b: b.socket, aId: a.id, bId: b.id };
          }
          const [a, b] = await Promise.all([connect(`http://127.0.0.1:${port}`), connect(`http://127.0.0.1:${port}`)]);
          return { a: a.socket, b: b.socket, aId: a.id, bId: b.id };
        }),
      );
    },
    settled: async (closedPairs) => void (await request({ op: 'settled', closedPairs })),
    async cpu() {
      const r = await request({ op: 'cpu' });
      return { cpuMicros: r.cpuMicros!, clock: r.clock! };
    },
    async close() {
      if (child.exitCode === null) {
        await request({ op: 'close' }).catch(() => child.kill('SIGKILL'));
      }
      const code = await exited;
      if (code !== 0) throw new Error(`the ${kind} server exited with ${code}:\n${output.slice(-4000)}`);
    },
  };
}
