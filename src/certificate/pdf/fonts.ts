/**
 * Noto Sans SC for pdf-lib, one unicode-range piece at a time.
 *
 * A whole CJK font is 17 MB; @fontsource/noto-sans-sc ships it cut into ~100 pieces with
 * `unicode.json` saying which code points each covers. Every character is routed to a piece,
 * only the pieces a document uses are embedded, each as a subset. The `.woff` pieces are used
 * because the `.woff2` ones embed but draw nothing (shared/design/FACTS.md, "Chinese text in PDFs").
 * Latin letters and digits come from the same face so a line never mixes typefaces.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { Font as FontkitFont } from '@pdf-lib/fontkit';
import {
  appendBezierCurve,
  closePath,
  concatTransformationMatrix,
  fill,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  type Color,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import { woffToSfnt } from './woff.js';

export type FontWeight = 400 | 700;
export type FontFormat = 'woff' | 'woff2';

export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: Color;
}

export interface TextRun {
  text: string;
  font: PDFFont;
}

/** A character no piece of the font can draw. Printing it as a blank box on a certificate is worse than refusing. */
export class MissingGlyphError extends Error {
  constructor(readonly characters: string[]) {
    super(`no glyph in Noto Sans SC for ${characters.map((c) => `${c} (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`).join(', ')}`);
    this.name = 'MissingGlyphError';
  }
}

const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));

interface Piece {
  id: string; // "119", "latin", …
  ranges: Array<[number, number]>;
}

let piecesCache: Piece[] | undefined;

/**
 * Pieces in the order a character is looked up. The numbered pieces go from the most frequent
 * characters ([119]: punctuation, digits, 的 中 日…) to the rarest, and also carry ASCII, so
 * preferring them keeps a mixed line such as (2026)苏镇丹证字第7号 in as few pieces as possible.
 */
async function pieces(): Promise<Piece[]> {
  if (piecesCache) return piecesCache;
  const raw = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'unicode.json'), 'utf8')) as Record<string, string>;
  const all: Piece[] = Object.entries(raw).map(([key, spec]) => ({
    id: key.replace(/^\[(\d+)\]$/, '$1'),
    ranges: spec.split(',').map((r): [number, number] => {
      const [lo, hi] = r
        .trim()
        .replace(/^U\+/i, '')
        .split('-')
        .map((h) => parseInt(h, 16));
      return [lo, hi ?? lo];
    }),
  }));
  const numbered = all.filter((p) => /^\d+$/.test(p.id)).sort((a, b) => Number(b.id) - Number(a.id));
  const named = ['latin', 'latin-ext', 'vietnamese', 'cyrillic']
    .map((id) => all.find((p) => p.id === id))
    .filter((p): p is Piece => p !== undefined);
  piecesCache = [...numbered, ...named];
  return piecesCache;
}

export function fontPiecePath(piece: string, weight: FontWeight, format: FontFormat = 'woff'): string {
  return path.join(PACKAGE_DIR, 'files', `noto-sans-sc-${piece}-${weight}-normal.${format}`);
}

// Process-wide caches: the bytes and parsed outlines never change, and reading and inflating
// a piece costs more than laying out a whole page. The bytes are kept unwrapped from WOFF
// (see woff.ts), which is what makes embedding fast.
const bytesCache = new Map<string, Promise<Uint8Array>>();
const parsedCache = new Map<string, Promise<{ font: FontkitFont; charset: Set<number> }>>();

function pieceSfnt(piece: string, weight: FontWeight): Promise<Uint8Array> {
  const file = fontPiecePath(piece, weight);
  let p = bytesCache.get(file);
  if (!p) {
    p = readFile(file).then((b) => woffToSfnt(new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
    p.catch(() => bytesCache.delete(file));
    bytesCache.set(file, p);
  }
  return p;
}

function parsedPiece(piece: string, weight: FontWeight): Promise<{ font: FontkitFont; charset: Set<number> }> {
  const key = `${piece}/${weight}`;
  let p = parsedCache.get(key);
  if (!p) {
    p = pieceSfnt(piece, weight).then((bytes) => {
      const font = fontkit.create(bytes);
      return { font, charset: new Set(font.characterSet) };
    });
    p.catch(() => parsedCache.delete(key));
    parsedCache.set(key, p);
  }
  return p;
}

/**
 * The piece that draws `ch`: the first piece whose unicode range lists it and whose glyph
 * table really has it (the ranges are the CSS promise, the cmap is the truth).
 */
export async function pieceFor(ch: string, weight: FontWeight): Promise<string | undefined> {
  const key = `${ch}/${weight}`;
  if (routeCache.has(key)) return routeCache.get(key);
  const cp = ch.codePointAt(0)!;
  let found: string | undefined;
  for (const piece of await pieces()) {
    if (!piece.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)) continue;
    if ((await parsedPiece(piece.id, weight)).charset.has(cp)) {
      found = piece.id;
      break;
    }
  }
  routeCache.set(key, found);
  return found;
}

const routeCache = new Map<string, string | undefined>();

/** Characters that take no glyph and no piece: a line's own break, a joiner. */
const INVISIBLE = /[\n\r\u200b-\u200d\u2060\ufeff]/u;

/**
 * The Noto Sans SC pieces embedded in one document. Call `load` with every string before
 * measuring or drawing it; measuring and drawing are then synchronous, which the line
 * breaker needs.
 */
export class CjkFonts {
  private readonly embedded = new Map<string, PDFFont>(); // "piece/weight"
  private readonly route = new Map<string, string>(); // "char/weight" → piece
  /** Advance width in ems, by "char/weight". */
  private readonly advance = new Map<string, number>();

  private constructor(private readonly doc: PDFDocument) {}

  static for(doc: PDFDocument): CjkFonts {
    doc.registerFontkit(fontkit);
    return new CjkFonts(doc);
  }

  async load(texts: Iterable<string>, weight: FontWeight = 400): Promise<void> {
    const wanted = new Map<string, Set<string>>(); // piece → characters, for the subset tag
    const missing: string[] = [];
    for (const text of texts) {
      for (const ch of text) {
        if (INVISIBLE.test(ch) || this.route.has(`${ch}/${weight}`)) continue;
        const piece = await pieceFor(ch, weight);
        if (piece === undefined) {
          if (!missing.includes(ch)) missing.push(ch);
          continue;
        }
        this.route.set(`${ch}/${weight}`, piece);
        const { font } = await parsedPiece(piece, weight);
        this.advance.set(`${ch}/${weight}`, font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth / font.unitsPerEm);
        if (!wanted.has(piece)) wanted.set(piece, new Set());
        wanted.get(piece)!.add(ch);
      }
    }
    if (missing.length) throw new MissingGlyphError(missing);
    for (const [piece, chars] of wanted) {
      const key = `${piece}/${weight}`;
      if (this.embedded.has(key)) continue;
      const font = await this.doc.embedFont(await pieceSfnt(piece, weight), {
        subset: true,
        customName: subsetName(piece, weight, chars),
      });
      this.embedded.set(key, font);
    }
  }

  /** `text` cut where the piece changes; each run is drawn with its own font. */
  runs(text: string, weight: FontWeight = 400): TextRun[] {
    const out: TextRun[] = [];
    for (const ch of text) {
      if (INVISIBLE.test(ch)) continue;
      const piece = this.route.get(`${ch}/${weight}`);
      const font = piece === undefined ? undefined : this.embedded.get(`${piece}/${weight}`);
      if (!font) throw new Error(`character ${JSON.stringify(ch)} (weight ${weight}) was not loaded before use`);
      const last = out[out.length - 1];
      if (last && last.font === font) last.text += ch;
      else out.push({ text: ch, font });
    }
    return out;
  }

  /**
   * The sum of the characters' advance widths. pdf-lib places glyphs by those same advances
   * (it writes no kerning), so this is what it draws, ligatures such as "fi" aside. Asking pdf-lib
   * instead runs fontkit's shaping engine on every call, and the line breaker measures every
   * candidate line: that was over half of the render time.
   */
  width(text: string, size: number, weight: FontWeight = 400): number {
    let ems = 0;
    for (const ch of text) {
      if (INVISIBLE.test(ch)) continue;
      const a = this.advance.get(`${ch}/${weight}`);
      if (a === undefined) throw new Error(`character ${JSON.stringify(ch)} (weight ${weight}) was not loaded before use`);
      ems += a;
    }
    return ems * size;
  }

  /** Draws `text` on one line from (x, y) on the baseline; returns its width. */
  draw(page: PDFPage, text: string, x: number, y: number, style: TextStyle): number {
    let at = x;
    for (const run of this.runs(text, style.weight ?? 400)) {
      page.drawText(run.text, { x: at, y, size: style.size, font: run.font, color: style.color });
      at += this.width(run.text, style.size, style.weight ?? 400);
    }
    return at - x;
  }
}

/**
 * PDF 32000 §9.6.4: a subset font's name starts with six capital letters and "+"; readers
 * (and pdffonts' "sub" column) recognise subsets by it. Derived from the content so the same
 * input gives the same file.
 */
function subsetName(piece: string, weight: FontWeight, chars: Set<string>): string {
  const digest = createHash('sha256')
    .update(`${piece}/${weight}/${[...chars].sort().join('')}`)
    .digest();
  const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${tag}+NotoSansSC-${weight === 700 ? 'Bold' : 'Regular'}`;
}

interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void;
  closePath(): void;
}

export interface OutlinePlacement {
  /** Centre of the glyph's em box on the page. */
  cx: number;
  cy: number;
  size: number;
  /** Counter-clockwise, in radians. */
  rotation: number;
  /** Horizontal squeeze, as seal lettering is narrowed to fit the ring. */
  scaleX?: number;
  color: Color;
}

/**
 * Draws a character as filled vector outlines instead of text. Used for the lettering of the
 * seal: it is artwork, turned to follow the ring, and as text it would be read by extractors
 * character by character in among the date and the signature lines.
 */
export async function drawOutline(page: PDFPage, ch: string, weight: FontWeight, at: OutlinePlacement): Promise<void> {
  const piece = await pieceFor(ch, weight);
  if (piece === undefined) throw new MissingGlyphError([ch]);
  const { font } = await parsedPiece(piece, weight);
  const glyph = font.glyphForCodePoint(ch.codePointAt(0)!);
  const em = font.unitsPerEm;
  const s = at.size / em;
  const sx = s * (at.scaleX ?? 1);
  const cos = Math.cos(at.rotation);
  const sin = Math.sin(at.rotation);
  // Glyph space has its origin at the left of the baseline. Noto Sans CJK's ideographic em box
  // runs from -0.12 em to 0.88 em, so its centre is 0.38 em above the baseline.
  const ox = -glyph.advanceWidth / 2;
  const oy = -(em * 0.38);
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    setFillingColor(at.color),
    concatTransformationMatrix(cos, sin, -sin, cos, at.cx, at.cy),
    concatTransformationMatrix(sx, 0, 0, s, sx * ox, s * oy),
  ];
  // TrueType outlines are quadratic; PDF only has cubic curves (pdf-lib's appendQuadraticCurve
  // is the `v` operator, a different curve), so each is raised to the equivalent cubic.
  let px = 0;
  let py = 0;
  let startX = 0;
  let startY = 0;
  const sink: PathSink = {
    moveTo(x, y) {
      ops.push(moveTo(x, y));
      [px, py, startX, startY] = [x, y, x, y];
    },
    lineTo(x, y) {
      ops.push(lineTo(x, y));
      [px, py] = [x, y];
    },
    quadraticCurveTo(cpx, cpy, x, y) {
      const k = 2 / 3;
      ops.push(appendBezierCurve(px + k * (cpx - px), py + k * (cpy - py), x + k * (cpx - x), y + k * (cpy - y), x, y));
      [px, py] = [x, y];
    },
    bezierCurveTo(c1x, c1y, c2x, c2y, x, y) {
      ops.push(appendBezierCurve(c1x, c1y, c2x, c2y, x, y));
      [px, py] = [x, y];
    },
    closePath() {
      ops.push(closePath());
      [px, py] = [startX, startY];
    },
  };
  (glyph.path.toFunction() as (ctx: PathSink) => void)(sink);
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
}
