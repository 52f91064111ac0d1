import { performance } from 'node:perf_hooks';
import renderBench from './certificate-render.js';
import { benchApp, benchOffice, BENCH_NOW, signedSession } from './journey.js';
import { percentile } from './support.js';

const RUNS = 20;

/**
 * Issuance end to end (approve: number, row, audit, receipt, render, sign, store) and public
 * verification, over HTTP; then the render/sign bench with its Latin-only pdf-lib baseline.
 */
export default async function bench(): Promise<void> {
  const b = await benchApp();
  try {
    const office = await benchOffice(b, { notaries: 1, points: 1, tag: '丙', code: '53' });
    const sessions: string[] = [];
    for (let i = 0; i < RUNS; i++)
      sessions.push(await signedSession(b, office, 0, new Date(BENCH_NOW.getTime() + (120 + 30 * i) * 60_000)));
    // The notary's preview: the same renderer, nothing stored (approval checks it again, without drawing it, before numbering).
    const draft: number[] = [];
    let draftBytes = 0;
    for (const id of sessions) {
      const started = performance.now();
      const res = await b.call<ArrayBuffer>('GET', `/api/sessions/${id}/certificate/draft`, office.notaries[0].token);
      draft.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`draft failed: ${res.status}`);
      draftBytes = res.body.byteLength;
    }
    const issue: number[] = [];
    const ids: string[] = [];
    for (const id of sessions) {
      const started = performance.now();
      const res = await b.call<{ certificateId: string }>('POST', `/api/sessions/${id}/approve`, office.notaries[0].token, {});
      issue.push(performance.now() - started);
      if (res.status !== 201) throw new Error(`approve failed: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(res.body.certificateId);
    }
    const pdf = (await b.call<ArrayBuffer>('GET', `/api/certificates/${ids[0]}/pdf`, office.notaries[0].token)).body;
    const verify: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const res = await fetch(`${b.url}/api/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', 'x-forwarded-for': `10.0.0.${i}` },
        body: pdf,
      });
      const body = (await res.json()) as { valid: boolean };
      verify.push(performance.now() - started);
      if (!body.valid) throw new Error('verification said invalid');
    }
    const med = (xs: number[]) =>
      percentile(
        [...xs].sort((a, c) => a - c),
        50,
      ).toFixed(0);
    console.log(`database: ${b.kind}; ${RUNS} certificates issued through POST /api/sessions/:id/approve`);
    console.log(
      `issuance (number + audit + receipt + render + sign + store): median ${med(issue)} ms, first ${issue[0].toFixed(0)} ms (fonts and development CA load)`,
    );
    console.log(`draft (GET …/certificate/draft, rendered, not stored): median ${med(draft)} ms, ${(draftBytes / 1024).toFixed(1)} KB`);
    console.log(`signed PDF: ${(pdf.byteLength / 1024).toFixed(1)} KB; verification (POST /api/verify): median ${med(verify)} ms`);
  } finally {
    await b.close();
  }
  await renderBench();
}
