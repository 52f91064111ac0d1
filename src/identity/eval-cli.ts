/**
 * `npm run identity:eval -- DIR`: a smoke test of the face comparison on DIR/<person>/*.{jpg,png}.
 * Every pair of images is compared (genuine: same person; impostor: different people), first as
 * they are, then with the first image of each pair cut to the face and scaled to 102×126 px (the
 * photo an ID card chip holds) against the second. Prints each pair's distance, AUC, EER, and
 * FAR and FRR at FACE_MATCH_DISTANCE with 95 % Wilson intervals. A few dozen pairs measure
 * nothing about accuracy: claiming FAR ≤ 0.1 % at 95 % confidence takes ≥ 3,000 error-free
 * impostor comparisons (ISO/IEC 19795-1 describes how to test properly).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../config/config.js';
import { FaceEngine, modelLabel, type FaceAnalysis } from './face-engine.js';
import { descriptorDistance } from './face-metrics.js';

export interface Pair {
  a: string;
  b: string;
  genuine: boolean;
  distance: number;
}

/** Wilson score interval (95 %) for k successes in n trials. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (!n) return [0, 1];
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Area under the ROC curve: the chance an impostor pair lies farther apart than a genuine one (ties count half). */
export function auc(pairs: Pair[]): number {
  const g = pairs.filter((p) => p.genuine).map((p) => p.distance);
  const i = pairs.filter((p) => !p.genuine).map((p) => p.distance);
  if (!g.length || !i.length) return NaN;
  let s = 0;
  for (const x of g) for (const y of i) s += y > x ? 1 : y === x ? 0.5 : 0;
  return s / (g.length * i.length);
}

/** FAR (impostors accepted) and FRR (genuine pairs refused) at a distance threshold. */
export function rates(pairs: Pair[], threshold: number) {
  const g = pairs.filter((p) => p.genuine);
  const i = pairs.filter((p) => !p.genuine);
  const falseRejects = g.filter((p) => p.distance > threshold).length;
  const falseAccepts = i.filter((p) => p.distance <= threshold).length;
  return { genuine: g.length, impostor: i.length, falseAccepts, falseRejects, far: falseAccepts / i.length, frr: falseRejects / g.length };
}

/** Equal error rate: the threshold (among the observed distances and between them) where FAR and FRR are closest. */
export function eer(pairs: Pair[]): { eer: number; threshold: number } {
  const ds = [...new Set(pairs.map((p) => p.distance))].sort((x, y) => x - y);
  const candidates = [0, ...ds, ...ds.slice(1).map((d, k) => (d + ds[k]) / 2)];
  let best = { eer: 1, threshold: 0, gap: Infinity };
  for (const t of candidates) {
    const r = rates(pairs, t);
    const gap = Math.abs(r.far - r.frr);
    if (gap < best.gap || (gap === best.gap && (r.far + r.frr) / 2 < best.eer)) best = { eer: (r.far + r.frr) / 2, threshold: t, gap };
  }
  return { eer: best.eer, threshold: best.threshold };
}

/** The face cut generously (as an ID photo frames it: head and shoulders) and scaled to 102×126. */
async function asIdPhoto(bytes: Buffer, a: FaceAnalysis): Promise<Buffer> {
  const [x, y, w, h] = a.faces[0].box;
  // Coordinates are in the worker's scaled picture: map them back to the original's size.
  const meta = await sharp(bytes).rotate().metadata();
  const width = meta.autoOrient?.width ?? meta.width!;
  const height = meta.autoOrient?.height ?? meta.height!;
  const k = width / a.width;
  const cw = Math.min(width, Math.round(w * 1.7 * k));
  const ch = Math.min(height, Math.round((cw * 126) / 102));
  const left = Math.max(0, Math.min(width - cw, Math.round((x + w / 2) * k - cw / 2)));
  const top = Math.max(0, Math.min(height - ch, Math.round((y + h * 0.45) * k - ch / 2)));
  return sharp(bytes)
    .rotate()
    .extract({ left, top, width: cw, height: ch })
    .resize(102, 126, { fit: 'fill' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

function report(title: string, pairs: Pair[], threshold: number): string {
  const r = rates(pairs, threshold);
  const [farLo, farHi] = wilson(r.falseAccepts, r.impostor);
  const [frrLo, frrHi] = wilson(r.falseRejects, r.genuine);
  const e = eer(pairs);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    `| ${title} | ${r.genuine} | ${r.impostor} | ${auc(pairs).toFixed(3)} | ${pct(e.eer)} (at ${e.threshold.toFixed(3)}) |` +
      ` ${r.falseAccepts}/${r.impostor} = ${pct(r.far)} [${pct(farLo)}, ${pct(farHi)}] |` +
      ` ${r.falseRejects}/${r.genuine} = ${pct(r.frr)} [${pct(frrLo)}, ${pct(frrHi)}] |`,
  ].join('\n');
}

async function main(): Promise<number> {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!dir) {
    console.error('usage: npm run identity:eval -- DIR   (DIR/<person>/*.jpg|png)');
    return 2;
  }
  const threshold = loadConfig().faceMatchDistance;
  const people = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const files: { person: string; file: string; bytes: Buffer }[] = [];
  for (const person of people)
    for (const f of (await readdir(path.join(dir, person))).filter((n) => /\.(jpe?g|png)$/i.test(n)).sort())
      files.push({ person, file: `${person}/${f}`, bytes: await readFile(path.join(dir, person, f)) });
  const engine = new FaceEngine(loadConfig().identityWorkers);
  try {
    const analysed = await Promise.all(files.map(async (f) => ({ ...f, a: await engine.analyse(f.bytes) })));
    const usable = analysed.filter((f) => {
      if (f.a.faces.length === 1) return true;
      console.log(`skipped ${f.file}: ${f.a.faces.length} faces found`);
      return false;
    });
    const full: Pair[] = [];
    for (let i = 0; i < usable.length; i++)
      for (let j = i + 1; j < usable.length; j++)
        full.push({
          a: usable[i].file,
          b: usable[j].file,
          genuine: usable[i].person === usable[j].person,
          distance: descriptorDistance(usable[i].a.faces[0].descriptor, usable[j].a.faces[0].descriptor),
        });
    const idPhotos = await Promise.all(
      usable.map(async (f) => {
        const small = await asIdPhoto(f.bytes, f.a);
        return { ...f, id: await engine.analyse(small, true) };
      }),
    );
    const scaled: Pair[] = [];
    for (const x of idPhotos) {
      if (x.id.faces.length !== 1) {
        console.log(`skipped ${x.file} as a 102×126 ID photo: ${x.id.faces.length} faces found`);
        continue;
      }
      for (const y of usable)
        if (y.file !== x.file)
          scaled.push({
            a: `${x.file} (102×126)`,
            b: y.file,
            genuine: x.person === y.person,
            distance: descriptorDistance(x.id.faces[0].descriptor, y.a.faces[0].descriptor),
          });
    }
    console.log(`model: ${modelLabel()}; FACE_MATCH_DISTANCE ${threshold}; ${people.length} people, ${usable.length} images\n`);
    for (const p of [...full, ...scaled]) console.log(`${p.genuine ? 'genuine ' : 'impostor'} ${p.distance.toFixed(4)}  ${p.a}  ~  ${p.b}`);
    console.log(
      [
        '',
        '| set | genuine pairs | impostor pairs | AUC | EER | FAR at threshold [95 % Wilson] | FRR at threshold [95 % Wilson] |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        report('images as they are', full, threshold),
        report('ID photo 102×126 vs image', scaled, threshold),
        '',
        'A smoke test on a handful of public-domain photos, not an accuracy figure: the intervals show how little so few pairs say.',
      ].join('\n'),
    );
    return 0;
  } finally {
    await engine.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(2);
    },
  );
}
