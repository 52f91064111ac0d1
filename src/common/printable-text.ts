/**
 * Which characters the certificate can print, from the cmaps of the fonts it embeds.
 *
 * Shared by booking (a name that cannot be printed is refused before anything is numbered,
 * since a certificate number once taken cannot be given back) and the certificate renderer (which routes each character to these fonts),
 * so both read the same facts.
 *
 * - Noto Sans SC, whole, one file per weight: Noto Sans Hans from `@embedpdf/fonts-sc` (npm),
 *   the GB 2312 set and nearly all of CJK Extension A (6,582 of 6,592).
 * - HanaMin A and B (Debian's `fonts-hanazono`, installed by `.ci/run`), the fallback for the
 *   rest of Extension A and all of Extension B–E that names use (GB 18030). Where that package
 *   is missing, names that need it are refused at booking, never after numbering.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type FontWeight = 400 | 700;

export interface FontSource {
  /** Stable short name, used in subset tags. */
  id: string;
  file: string;
  /** The PostScript name the embedded subset carries after its tag. */
  postscriptName: string;
}

const require = createRequire(import.meta.url);
// The package exports only its JavaScript entry (dist/index.cjs); the fonts sit beside dist/.
const NOTO_DIR = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
/** Debian's fonts-hanazono. */
export const HANAZONO_DIR = '/usr/share/fonts/truetype/hanazono';

export const PRIMARY_FONTS: Record<FontWeight, FontSource> = {
  400: { id: 'sc400', file: path.join(NOTO_DIR, 'NotoSansHans-Regular.otf'), postscriptName: 'NotoSansHans-Regular' },
  700: { id: 'sc700', file: path.join(NOTO_DIR, 'NotoSansHans-Bold.otf'), postscriptName: 'NotoSansHans-Bold' },
};

/** Tried in order for a character the primary font lacks; one weight only (names are set in regular). */
export const FALLBACK_FONTS: readonly FontSource[] = [
  { id: 'hanaA', file: path.join(HANAZONO_DIR, 'HanaMinA.ttf'), postscriptName: 'HanaMinA' },
  { id: 'hanaB', file: path.join(HANAZONO_DIR, 'HanaMinB.ttf'), postscriptName: 'HanaMinB' },
];

/** The validation constraint on names; the validation pipe answers it with the code UNPRINTABLE_NAME. */
export const PRINTABLE_NAME_CONSTRAINT = 'isPrintableName';
/** The same rule on other printed text (labels, display names, reasons); answered with UNPRINTABLE_TEXT. */
export const PRINTABLE_TEXT_CONSTRAINT = 'isPrintableText';

/** Characters that take no glyph: a line's own break, joiners. */
export const INVISIBLE = /[\n\r\u200b-\u200d\u2060\ufeff]/u;

const coverage = new Map<string, ReadonlySet<number>>();

/** The code points a font's cmap maps, read once per process; empty when the file is absent. */
export function fontCoverage(source: FontSource): ReadonlySet<number> {
  let set = coverage.get(source.file);
  if (!set) {
    set = existsSync(source.file) ? sfntCodePoints(readFileSync(source.file)) : new Set<number>();
    coverage.set(source.file, set);
  }
  return set;
}

/** The font that draws `ch` at `weight`: the primary one, else the first fallback that has it. */
export function fontFor(ch: string, weight: FontWeight): FontSource | undefined {
  const cp = ch.codePointAt(0)!;
  if (fontCoverage(PRIMARY_FONTS[weight]).has(cp)) return PRIMARY_FONTS[weight];
  return FALLBACK_FONTS.find((f) => fontCoverage(f).has(cp));
}

/** The distinct characters of `text` that no certificate font can draw, in order of appearance. */
export function unprintableCharacters(text: string, weight: FontWeight = 400): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (INVISIBLE.test(ch) || out.includes(ch)) continue;
    if (!fontFor(ch, weight)) out.push(ch);
  }
  return out;
}

export function describeCharacter(ch: string): string {
  return `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}

/**
 * OpenType/TrueType `cmap` (OpenType spec, "cmap — Character to Glyph Index Mapping Table"):
 * the code points of the format 12 subtable when there is one (it holds the supplementary
 * planes, where Extension B lives), else of the format 4 subtable.
 */
export function sfntCodePoints(font: Uint8Array): Set<number> {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const numTables = v.getUint16(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (v.getUint32(rec) === 0x636d6170) cmap = v.getUint32(rec + 8); // 'cmap'
  }
  if (cmap < 0) throw new Error('font has no cmap table');
  const subtables = Array.from({ length: v.getUint16(cmap + 2) }, (_, i) => cmap + v.getUint32(cmap + 4 + i * 8 + 4));
  const out = new Set<number>();
  const f12 = subtables.find((at) => v.getUint16(at) === 12);
  if (f12 !== undefined) {
    const groups = v.getUint32(f12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = f12 + 16 + g * 12;
      const start = v.getUint32(at);
      const end = v.getUint32(at + 4);
      const glyph = v.getUint32(at + 8);
      for (let cp = start; cp <= end; cp++) if (glyph + (cp - start) !== 0) out.add(cp);
    }
    return out;
  }
  const f4 = subtables.find((at) => v.getUint16(at) === 4);
  if (f4 === undefined) throw new Error('font has neither a format 12 nor a format 4 cmap');
  const segs = v.getUint16(f4 + 6) / 2;
  const ends = f4 + 14;
  const starts = ends + segs * 2 + 2;
  const deltas = starts + segs * 2;
  const rangeOffsets = deltas + segs * 2;
  for (let s = 0; s < segs; s++) {
    const start = v.getUint16(starts + s * 2);
    const end = v.getUint16(ends + s * 2);
    const delta = v.getUint16(deltas + s * 2);
    const ro = v.getUint16(rangeOffsets + s * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (ro === 0) glyph = (cp + delta) & 0xffff;
      else {
        const g = v.getUint16(rangeOffsets + s * 2 + ro + (cp - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      if (glyph !== 0) out.add(cp);
    }
  }
  return out;
}
