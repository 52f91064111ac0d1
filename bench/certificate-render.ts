import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loadOrCreateDevSigner } from '../src/certificate/pdf/dev-credentials.js';
import { renderCertificatePdf } from '../src/certificate/pdf/render.js';
import { sampleCertificateFacts } from '../src/certificate/pdf/sample-certificate.js';
import { signPdf, type SignatureInfo } from '../src/certificate/pdf/sign.js';

const RUNS = 20;

/**
 * Certificate rendering and signing, beside a one-page Latin-only pdf-lib document with a
 * standard font rendered and signed the same way in the same run. No database.
 */
export default async function bench(): Promise<void> {
  const facts = sampleCertificateFacts();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-certificate-'));
  try {
    const keyStarted = performance.now();
    const signer = await loadOrCreateDevSigner(dir, { officeName: facts.office.name });
    const keyMs = performance.now() - keyStarted;
    const info: SignatureInfo = {
      reason: '公证书电子签名',
      location: '江苏省丹阳市',
      name: facts.office.name,
      signingTime: facts.issuedAt,
    };

    // The first render reads and unwraps the font pieces; later ones use the process cache.
    const coldStarted = performance.now();
    await renderCertificatePdf(facts);
    const coldMs = performance.now() - coldStarted;

    const certificate = await measure(
      () => renderCertificatePdf(facts),
      (pdf) => signPdf(pdf, signer, info),
    );
    const baseline = await measure(
      () => latinPage(),
      (pdf) => signPdf(pdf, signer, info),
    );

    console.log(`development CA and office key: ${fmt(keyMs)} ms (once per directory, then loaded)`);
    console.log(`first certificate render in this process (font pieces read): ${fmt(coldMs)} ms`);
    console.log(`median of ${RUNS}:                 render     sign   unsigned     signed`);
    console.log(row('certificate (2 pages, CJK)', certificate));
    console.log(row('baseline (1 page, Helvetica)', baseline));
    console.log(
      `ratio certificate/baseline: render ${(certificate.renderMs / baseline.renderMs).toFixed(1)}×, ` +
        `sign ${(certificate.signMs / baseline.signMs).toFixed(1)}×, ` +
        `size ${(certificate.signedBytes / baseline.signedBytes).toFixed(1)}× (signed)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Figures {
  renderMs: number;
  signMs: number;
  unsignedBytes: number;
  signedBytes: number;
}

async function measure(render: () => Promise<Uint8Array>, sign: (pdf: Uint8Array) => Promise<Uint8Array>): Promise<Figures> {
  const renderTimes: number[] = [];
  const signTimes: number[] = [];
  let unsigned: Uint8Array = new Uint8Array();
  let signed: Uint8Array = new Uint8Array();
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    unsigned = await render();
    renderTimes.push(performance.now() - t);
    t = performance.now();
    signed = await sign(unsigned);
    signTimes.push(performance.now() - t);
  }
  return { renderMs: median(renderTimes), signMs: median(signTimes), unsignedBytes: unsigned.length, signedBytes: signed.length };
}

/** What a certificate would be without Chinese: the same kind of lines in Helvetica. */
async function latinPage(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('NOTARIAL CERTIFICATE', { x: 150, y: 720, size: 28, font: bold });
  const body = [
    'No. (2026) Su Zhen Dan Zheng Zi No. 7',
    'Applicant: Wang Kun, male, born on 29 February 1988, ID 321181198802290018.',
    'Matter: birth.',
    'This is to certify that Wang Kun was born on 29 February 1988 in Danyang, Jiangsu.',
    "Wang Kun's father is Wang Jianguo and his mother is Li Xiuying.",
    'This matter was handled by remote video at the Yunyang public legal service station.',
    'Danyang Notary Public Office, Jiangsu',
    'Notary: Zhang Zhe',
    '1 December 2026',
  ];
  body.forEach((line, i) => page.drawText(line, { x: 72, y: 640 - i * 26, size: 12, font, maxWidth: 451 }));
  doc.setCreationDate(new Date('2026-12-01T02:15:00Z'));
  doc.setModificationDate(new Date('2026-12-01T02:15:00Z'));
  return doc.save();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function fmt(ms: number): string {
  return ms.toFixed(1);
}

function row(label: string, f: Figures): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return `${label.padEnd(30)} ${fmt(f.renderMs).padStart(6)} ms ${fmt(f.signMs).padStart(5)} ms ${kb(f.unsignedBytes).padStart(9)} ${kb(f.signedBytes).padStart(9)}`;
}
