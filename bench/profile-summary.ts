/**
 * Summarises a V8 CPU profile (`node --cpu-prof` writes one `.cpuprofile` per process at exit):
 * the top frames by self time, and per package the self and inclusive time.
 *
 *   node dist/bench/profile-summary.js FILE.cpuprofile [TOP] [FROM_MS] [TO_MS]
 *
 * FROM_MS/TO_MS keep only samples taken that many ms after the profile started (e.g. the load,
 * not the start-up). "Inclusive" counts a sample once per package anywhere on its stack, so the
 * packages' inclusive shares add up to more than 100 %.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, a folder of the service (app/…), node's own, or V8's pseudo-frames. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return 'node';
  const app = /\/dist\/(src|bench|migrations)\/([^/]+)/.exec(url);
  if (app) return app[1] === 'src' ? `app/${app[2].replace(/\.js$/, '')}` : app[1];
  return 'other';
}

/** A frame's file, from its package or from dist/. */
function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + 1);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url;
}

export async function summarise(file: string, opts: { top?: number; fromMs?: number; toMs?: number } = {}): Promise<string> {
  const top = opts.top ?? 20;
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const pkgSelf = new Map<string, number>();
  const pkgIncl = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = 0; // µs since the profile's start
  const from = (opts.fromMs ?? 0) * 1000;
  const to = (opts.toMs ?? Infinity) * 1000;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (at < from || at > to) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0; // a sample stands for the time until the next one
    const leaf = byId.get(profile.samples[i])!;
    total += dt;
    const f = leaf.callFrame;
    if (f.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
    const lp = packageOf(f.url, f.functionName);
    pkgSelf.set(lp, (pkgSelf.get(lp) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(root)') break;
      seen.add(packageOf(n.callFrame.url, n.callFrame.functionName));
    }
    for (const p of seen) pkgIncl.set(p, (pkgIncl.get(p) ?? 0) + dt);
  }
  const busy = total - idle;
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const pct = (us: number) => `${((us / Math.max(1, busy)) * 100).toFixed(1)} %`;
  const lines = [
    `sampled ${ms(total)}: busy ${ms(busy)} (${((busy / Math.max(1, total)) * 100).toFixed(0)} % of the wall time), idle ${ms(idle)}; shares below are of the busy time`,
    `top ${top} frames by self time:`,
    ...[...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(v).padStart(7)}  ${k}`),
    `by package (self | inclusive):`,
    ...[...pkgIncl.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(pkgSelf.get(k) ?? 0).padStart(7)} | ${pct(v).padStart(7)}  ${k}`),
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top, from, to] = process.argv.slice(2);
  if (!file || [top, from, to].some((x) => x !== undefined && !Number.isFinite(Number(x)))) {
    console.error('usage: node dist/bench/profile-summary.js FILE.cpuprofile [TOP] [FROM_MS] [TO_MS]');
    process.exit(2);
  }
  console.log(
    await summarise(file, { top: top ? Number(top) : 20, fromMs: from ? Number(from) : undefined, toMs: to ? Number(to) : undefined }),
  );
}
