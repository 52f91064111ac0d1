/**
 * Chinese fonts for pdf-lib: one embedded font per weight, plus one per fallback font a
 * document needs.
 *
 * Each document's characters are cut out of the whole font with HarfBuzz's subsetter
 * (hb-subset.ts) and the result is embedded as it is (`subset: false`): @pdf-lib/fontkit's own
 * subsetting writes CFF that poppler rejects (pdffonts and pdftotext fail on it), and embedding one merged
 * font per weight replaces the 15–20 unicode-range pieces embedded before, each with its own
 * font dictionaries and ToUnicode map. Which font draws which character, and whether any does,
 * comes from common/printable-text.ts, the same facts booking checks names against.
 * Latin letters and digits come from the same face, so a line never mixes typefaces.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { Font as FontkitFont } from '@pdf-lib/fontkit';
import {
  appendBezierCurve,
  closePath,
  concatTransformationMatrix,
  degrees,
  fill,
  lineTo,
  moveTo,
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFStream,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  type Color,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import {
  describeCharacter,
  FALLBACK_FONTS,
  fontCoverage,
  fontFor,
  INVISIBLE,
  PRIMARY_FONTS,
  type FontSource,
  type FontWeight,
} from '../../common/printable-text.js';
import { HarfBuzz, type HbSubsetter } from './hb-subset.js';
import { describeFields, type UnprintableField } from './printed-fields.js';

export type { FontWeight } from '../../common/printable-text.js';

export interface TextStyle {
  size: number;
  weight?: FontWeight;
  color?: Color;
}

export interface TextRun {
  text: string;
  font: PDFFont;
}

/** A character no certificate font can draw. Printing it as a blank box on a certificate is worse than refusing. */
export class MissingGlyphError extends Error {
  constructor(
    readonly characters: string[],
    /** Which printed fields hold them, when the renderer's own check found them. */
    readonly fields: UnprintableField[] = [],
  ) {
    super(
      fields.length
        ? `no glyph in the certificate fonts for ${describeFields(fields)}`
        : `no glyph in the certificate fonts for ${characters.map(describeCharacter).join(', ')}`,
    );
    this.name = 'MissingGlyphError';
  }
}

/** Every font a certificate may use that is installed here. */
function certificateFontSources(): FontSource[] {
  return [PRIMARY_FONTS[400], PRIMARY_FONTS[700], ...FALLBACK_FONTS.filter((f) => existsSync(f.file))];
}

// Process-wide: one HarfBuzz instance with room for every certificate font; each whole font is read into it once.
let harfbuzz: Promise<HarfBuzz> | undefined;

function subsetterFor(source: FontSource): Promise<HbSubsetter> {
  if (!harfbuzz) {
    const files = [...new Set([...certificateFontSources(), source].map((s) => s.file))];
    harfbuzz = Promise.all(files.map((f) => stat(f).then((st) => st.size))).then((sizes) =>
      HarfBuzz.create(sizes.reduce((a, b) => a + b, 0)),
    );
    harfbuzz.catch(() => (harfbuzz = undefined));
  }
  return harfbuzz.then((hb) => hb.face(source.file));
}

/**
 * Recent subsets by font and characters: the bold text (title, evidence heading) is the same in
 * every certificate, and a certificate rendered again (download after approval) asks for the
 * same regular set.
 */
const recentSubsets = new Map<string, Uint8Array>();
const RECENT_SUBSETS = 32;

async function subsetBytes(source: FontSource, codePoints: Set<number>): Promise<Uint8Array> {
  const key = `${source.id}:${[...codePoints].sort((a, b) => a - b).join(',')}`;
  let bytes = recentSubsets.get(key);
  if (!bytes) {
    bytes = (await subsetterFor(source)).subset(codePoints);
    if (recentSubsets.size >= RECENT_SUBSETS) recentSubsets.delete(recentSubsets.keys().next().value!);
    recentSubsets.set(key, bytes);
  }
  return bytes;
}

const outlineFonts = new Map<string, Promise<FontkitFont>>();
const RECENT_OUTLINE_FONTS = 16;

/**
 * The primary font cut down to the characters of `text` (a seal's lettering: the office's name)
 * and parsed by fontkit, for drawing them as outlines. The subset, not the whole 8 MB font kept
 * parsed for the process: the seal prints a dozen characters. A few offices' worth are kept.
 */
function outlineFont(weight: FontWeight, text: string): Promise<FontkitFont> {
  const coverage = fontCoverage(PRIMARY_FONTS[weight]);
  const codePoints = new Set([...text].map((c) => c.codePointAt(0)!).filter((cp) => coverage.has(cp)));
  const key = `${weight}:${[...codePoints].sort((a, b) => a - b).join(',')}`;
  let p = outlineFonts.get(key);
  if (!p) {
    p = subsetBytes(PRIMARY_FONTS[weight], codePoints).then((bytes) => fontkit.create(bytes));
    p.catch(() => outlineFonts.delete(key));
    if (outlineFonts.size >= RECENT_OUTLINE_FONTS) outlineFonts.delete(outlineFonts.keys().next().value!);
    outlineFonts.set(key, p);
  }
  return p;
}

/**
 * Loads every font once, so that the first certificate after start costs what the others do:
 * the coverage tables, the fonts in the HarfBuzz instance (one subset each, so the WebAssembly
 * code is compiled and warm) and the outlines for the seal.
 */
export async function warmFonts(): Promise<void> {
  const sources = certificateFontSources();
  await Promise.all([
    ...sources.map(async (source) => {
      fontCoverage(source);
      (await subsetterFor(source)).subset([...'公证书(2026)'].map((c) => c.codePointAt(0)!));
    }),
    outlineFont(700, '公证处').then((f) => f.glyphForCodePoint(0x516c).path),
  ]);
}

interface Embedded {
  font: PDFFont;
  /** CFF outlines (an 'OTTO' OpenType file) rather than TrueType ones. */
  cff: boolean;
  /** Advance width in ems, by code point. */
  advance: Map<number, number>;
}

/**
 * The fonts embedded in one document. Call `load` with every string of a weight before
 * measuring or drawing it (measuring and drawing are then synchronous, which the line breaker
 * needs), and `finish` after the last drawing, before saving.
 */
export class CjkFonts {
  /** Which embedded font draws a code point, by weight. */
  private readonly route: Record<FontWeight, Map<number, Embedded>> = { 400: new Map(), 700: new Map() };
  /** The font each page's text is set in now (pdf-lib's page.setFont), so that it is set only when it changes. */
  private readonly pageFont = new WeakMap<PDFPage, PDFFont>();
  private readonly embedded: Embedded[] = [];

  private constructor(private readonly doc: PDFDocument) {}

  static for(doc: PDFDocument): CjkFonts {
    doc.registerFontkit(fontkit);
    return new CjkFonts(doc);
  }

  async load(texts: Iterable<string>, weight: FontWeight = 400): Promise<void> {
    const wanted = new Map<FontSource, Set<number>>();
    const missing: string[] = [];
    for (const text of texts) {
      for (const ch of text) {
        if (INVISIBLE.test(ch) || this.route[weight].has(ch.codePointAt(0)!)) continue;
        const source = fontFor(ch, weight);
        if (!source) {
          if (!missing.includes(ch)) missing.push(ch);
          continue;
        }
        if (!wanted.has(source)) wanted.set(source, new Set());
        wanted.get(source)!.add(ch.codePointAt(0)!);
      }
    }
    if (missing.length) throw new MissingGlyphError(missing);
    for (const [source, codePoints] of wanted) {
      const bytes = await subsetBytes(source, codePoints);
      const parsed = fontkit.create(bytes);
      const font = await this.doc.embedFont(bytes, { subset: false, customName: subsetName(source, codePoints) });
      const cff = bytes[0] === 0x4f && bytes[1] === 0x54 && bytes[2] === 0x54 && bytes[3] === 0x4f; // 'OTTO'
      const entry: Embedded = { font, cff, advance: new Map() };
      const glyphIds = new Map<number, string>();
      for (const cp of codePoints) {
        const glyph = parsed.glyphForCodePoint(cp);
        entry.advance.set(cp, glyph.advanceWidth / parsed.unitsPerEm);
        glyphIds.set(cp, glyph.id.toString(16).toUpperCase().padStart(4, '0'));
        this.route[weight].set(cp, entry);
      }
      encodeByCodePoint(font, glyphIds);
      this.embedded.push(entry);
    }
  }

  /** The embedded fonts so far, one per weight and fallback font used. */
  get fonts(): PDFFont[] {
    return this.embedded.map((e) => e.font);
  }

  private entry(ch: string, weight: FontWeight): Embedded {
    const e = this.route[weight].get(ch.codePointAt(0)!);
    if (!e) throw new Error(`character ${JSON.stringify(ch)} (weight ${weight}) was not loaded before use`);
    return e;
  }

  /** `text` cut where the font changes; each run is drawn with its own font. */
  runs(text: string, weight: FontWeight = 400): TextRun[] {
    const out: TextRun[] = [];
    for (const ch of text) {
      if (INVISIBLE.test(ch)) continue;
      const font = this.entry(ch, weight).font;
      const last = out[out.length - 1];
      if (last && last.font === font) last.text += ch;
      else out.push({ text: ch, font });
    }
    return out;
  }

  /**
   * The sum of the characters' advance widths. pdf-lib places glyphs by those same advances
   * (it writes no kerning, and the subsets carry no layout tables), so this is what it draws.
   * Asking pdf-lib instead runs fontkit's layout engine on every call, and the line breaker
   * measures every candidate line.
   */
  width(text: string, size: number, weight: FontWeight = 400): number {
    let ems = 0;
    for (const ch of text) {
      if (INVISIBLE.test(ch)) continue;
      ems += this.entry(ch, weight).advance.get(ch.codePointAt(0)!)!;
    }
    return ems * size;
  }

  /** Draws `text` on one line from (x, y) on the baseline; returns its width. */
  draw(page: PDFPage, text: string, x: number, y: number, style: TextStyle): number {
    let at = x;
    for (const run of this.runs(text, style.weight ?? 400)) {
      this.setFont(page, run.font);
      page.drawText(run.text, { x: at, y, size: style.size, color: style.color });
      at += this.width(run.text, style.size, style.weight ?? 400);
    }
    return at - x;
  }

  /**
   * Text along a line at `angle` (counter-clockwise, in radians) from (x, y), optionally
   * translucent: the draft's watermark.
   */
  drawRotated(page: PDFPage, text: string, x: number, y: number, angle: number, style: TextStyle & { opacity?: number }): void {
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    let at = 0;
    for (const run of this.runs(text, style.weight ?? 400)) {
      this.setFont(page, run.font);
      page.drawText(run.text, {
        x: x + cos * at,
        y: y + sin * at,
        size: style.size,
        color: style.color,
        opacity: style.opacity,
        rotate: degrees((angle * 180) / Math.PI),
      });
      at += this.width(run.text, style.size, style.weight ?? 400);
    }
  }

  /**
   * pdf-lib's drawText with a `font` option adds that font to the page's resources under a
   * new name, and again to restore the previous one: two entries per call, all the same font.
   * Setting the page's font once per change and drawing without the option adds one per change.
   */
  private setFont(page: PDFPage, font: PDFFont): void {
    if (this.pageFont.get(page) === font) return;
    page.setFont(font);
    this.pageFont.set(page, font);
  }

  /**
   * Writes the font dictionaries. pdf-lib asks @pdf-lib/fontkit whether a font is CFF-based,
   * which answers no for these, and so files a CFF OpenType font as TrueType (CIDFontType2,
   * /FontFile2); poppler then warns of a mismatch. PDF 32000-1 §9.7.4 and Table 126: CFF
   * outlines make a CIDFontType0, and a whole OpenType file is a /FontFile3 of /Subtype /OpenType.
   */
  async finish(): Promise<void> {
    for (const { font, cff } of this.embedded) {
      await font.embed();
      if (!cff) continue;
      const type0 = this.doc.context.lookup(font.ref, PDFDict);
      const cid = this.doc.context.lookup(type0.lookup(PDFName.of('DescendantFonts'), PDFArray).get(0), PDFDict);
      cid.set(PDFName.of('Subtype'), PDFName.of('CIDFontType0'));
      const descriptor = cid.lookup(PDFName.of('FontDescriptor'), PDFDict);
      const fileRef = descriptor.get(PDFName.of('FontFile2'));
      if (!fileRef) continue;
      descriptor.delete(PDFName.of('FontFile2'));
      descriptor.set(PDFName.of('FontFile3'), fileRef);
      descriptor.lookup(PDFName.of('FontFile3'), PDFStream).dict.set(PDFName.of('Subtype'), PDFName.of('OpenType'));
    }
  }
}

/**
 * pdf-lib encodes each string drawn by running fontkit's layout engine over it (encodeText).
 * These subsets carry no layout tables (hb-subset.ts drops them), so the layout is the cmap,
 * one glyph per code point, and the glyph ids are known from loading: this document's font
 * encodes by table lookup instead. A character outside the table (none is drawn: runs() only
 * gives a font its own characters) still goes the long way.
 */
function encodeByCodePoint(font: PDFFont, glyphIds: Map<number, string>): void {
  const layout = font.encodeText.bind(font);
  font.encodeText = (text: string) => {
    let hex = '';
    for (const ch of text) {
      const id = glyphIds.get(ch.codePointAt(0)!);
      if (id === undefined) return layout(text);
      hex += id;
    }
    // What encodeText records besides: the font is to be written (again) when the document is saved.
    (font as unknown as { modified: boolean }).modified = true;
    return PDFHexString.of(hex);
  };
}

/**
 * PDF 32000 §9.6.4: a subset font's name starts with six capital letters and "+"; readers
 * (and pdffonts' "sub" column) recognise subsets by it. Derived from the content so the same
 * input gives the same file.
 */
function subsetName(source: FontSource, codePoints: Set<number>): string {
  const digest = createHash('sha256')
    .update(`${source.id}/${[...codePoints].sort((a, b) => a - b).join(',')}`)
    .digest();
  const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${tag}+${source.postscriptName}`;
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
export async function drawOutline(
  page: PDFPage,
  ch: string,
  weight: FontWeight,
  at: OutlinePlacement,
  /** All the characters drawn alongside (the seal's lettering): one subset serves them all. */
  lettering = ch,
): Promise<void> {
  if (!fontCoverage(PRIMARY_FONTS[weight]).has(ch.codePointAt(0)!)) throw new MissingGlyphError([ch]);
  const font = await outlineFont(weight, lettering.includes(ch) ? lettering : lettering + ch);
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
  // TrueType outlines are quadratic (CFF ones already cubic); PDF only has cubic curves (pdf-lib's appendQuadraticCurve
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
