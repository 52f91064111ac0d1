/**
 * Poppler's command-line tools (Debian's poppler-utils) as an independent reader of what we
 * write: pdf-lib reading back its own output would share its mistakes. Used by the specs and
 * the benchmark; nothing in the service path depends on it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function withPdfFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'poppler-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function pdftotext(pdf: Uint8Array, options: { firstPage?: number; lastPage?: number } = {}): Promise<string> {
  const range = [
    ...(options.firstPage ? ['-f', String(options.firstPage)] : []),
    ...(options.lastPage ? ['-l', String(options.lastPage)] : []),
  ];
  return withPdfFile(pdf, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'])).stdout);
}

export interface PdfFontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export function pdffonts(pdf: Uint8Array): Promise<PdfFontRow[]> {
  return withPdfFile(pdf, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    // Two header lines, then: name, type (may contain spaces), encoding, emb, sub, uni, object, generation.
    return stdout
      .trim()
      .split('\n')
      .slice(2)
      .map((line) => {
        const cols = line.trim().split(/\s+/);
        const flag = (i: number) => cols[cols.length - i] === 'yes';
        return {
          name: cols[0],
          type: cols.slice(1, cols.length - 6).join(' '),
          embedded: flag(5),
          subset: flag(4),
          unicode: flag(3),
        };
      });
  });
}

/** pdfsig's report; it exits 0 whether or not the signature is valid, so the text is the verdict. */
export function pdfsig(pdf: Uint8Array): Promise<string> {
  return withPdfFile(pdf, async (file) => {
    // Signing times are printed in local time; UTC makes the report the same on every machine.
    const { stdout } = await run('pdfsig', [file], { env: { ...process.env, TZ: 'UTC' } });
    return stdout;
  });
}

export interface GrayImage {
  width: number;
  height: number;
  dpi: number;
  /** One byte per pixel, 0 = black, row by row from the top. */
  pixels: Uint8Array;
}

/** One page rasterised in grey by pdftoppm: what a reader actually paints. */
export function rasterizeGray(pdf: Uint8Array, page: number, dpi: number): Promise<GrayImage> {
  return withPdfFile(pdf, async (file, dir) => {
    const out = path.join(dir, 'page');
    await run('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), '-singlefile', file, out]);
    return { ...parsePgm(await readFile(`${out}.pgm`)), dpi };
  });
}

/** Netpbm P5 ("raw PGM"), 8-bit: a text header of magic, width, height, maxval, then the pixels. */
export function parsePgm(data: Uint8Array): Omit<GrayImage, 'dpi'> {
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4) {
    while (i < data.length && /\s/.test(String.fromCharCode(data[i]))) i++;
    if (data[i] === 0x23) {
      while (i < data.length && data[i] !== 0x0a) i++; // comment to end of line
      continue;
    }
    let token = '';
    while (i < data.length && !/\s/.test(String.fromCharCode(data[i]))) token += String.fromCharCode(data[i++]);
    if (token === '') throw new Error('truncated PGM header');
    fields.push(token);
  }
  i++; // the single whitespace byte before the raster
  const [magic, w, h, max] = fields;
  const width = Number(w);
  const height = Number(h);
  if (magic !== 'P5' || Number(max) > 255) throw new Error(`expected an 8-bit P5 PGM, got ${magic} with maxval ${max}`);
  const pixels = data.subarray(i, i + width * height);
  if (pixels.length !== width * height) throw new Error('truncated PGM raster');
  return { width, height, pixels };
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Share of pixels darker than mid-grey inside `box`, given in points from the page's top-left. */
export function inkRatio(img: GrayImage, box: Box): number {
  const px = (pt: number) => Math.round((pt * img.dpi) / 72);
  const x0 = Math.max(0, px(box.left));
  const x1 = Math.min(img.width, px(box.right));
  const y0 = Math.max(0, px(box.top));
  const y1 = Math.min(img.height, px(box.bottom));
  let dark = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) if (img.pixels[y * img.width + x] < 128) dark++;
  }
  const area = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return area === 0 ? 0 : dark / area;
}
