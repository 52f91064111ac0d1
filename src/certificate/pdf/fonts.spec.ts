import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { fontFor, unprintableCharacters } from '../../common/printable-text.js';
import { CjkFonts, MissingGlyphError } from './fonts.js';
import { inkRatio, pdffonts, pdftotext, rasterizeGray } from './poppler.js';

describe('fontFor', () => {
  it('takes common and rare name characters, Extension A included, from Noto Sans Hans', () => {
    for (const ch of [...'王堃喆昇〇(2026)，', '䶮']) expect(fontFor(ch, 400)?.postscriptName).toBe('NotoSansHans-Regular');
    expect(fontFor('公', 700)?.postscriptName).toBe('NotoSansHans-Bold');
  });

  it('falls back to HanaMin for Extension B', () => {
    expect(fontFor('\u{21619}', 400)?.postscriptName).toMatch(/^HanaMin[AB]$/); // 𡘙
    expect(fontFor('\u{20001}', 400)?.postscriptName).toBe('HanaMinB');
  });

  it('has no font for Extension G, nor for private use', () => {
    expect(fontFor('\u{30000}', 400)).toBeUndefined();
    expect(fontFor('\u{e000}', 400)).toBeUndefined();
    expect(unprintableCharacters('刘\u{30000}䶮\u{30000}')).toEqual(['\u{30000}']);
  });
});

describe('CjkFonts', () => {
  it('measures a line as the sum of its characters, ideographs one em wide', async () => {
    const doc = await PDFDocument.create();
    const fonts = CjkFonts.for(doc);
    const text = '王堃(2026)昇';
    await fonts.load([text]);
    expect(fonts.runs(text).map((r) => r.text)).toEqual([text]);
    expect(fonts.width('王堃', 14)).toBeCloseTo(28, 6);
    expect(fonts.width(text, 14)).toBeCloseTo(fonts.runs(text)[0].font.widthOfTextAtSize(text, 14), 6);
  });

  it('refuses to draw what was not loaded, and to load what no font has', async () => {
    const doc = await PDFDocument.create();
    const fonts = CjkFonts.for(doc);
    expect(() => fonts.runs('公')).toThrow(/not loaded/);
    await expect(fonts.load(['张\u{30000}三'])).rejects.toThrow(MissingGlyphError);
  });

  it('embeds one font per weight and one per fallback, paints every glyph and extracts every character', async () => {
    // FACTS: @pdf-lib/fontkit is known to corrupt some subsets; this renders each character in
    // its own cell and looks for ink there, so one lost glyph fails the test.
    const regular = [...'王堃喆昇刘䶮公证书〇一二三十年月日（）：，。ABCxyz0123456789\u{21619}\u{20001}'];
    const bold = [...'公证书证据摘要'];
    const doc = await PDFDocument.create();
    const fonts = CjkFonts.for(doc);
    await fonts.load(regular, 400);
    await fonts.load(bold, 700);
    const page = doc.addPage([600, 240]);
    const cell = 40;
    const perRow = 14;
    const cells = [...regular.map((ch) => [ch, 400] as const), ...bold.map((ch) => [ch, 700] as const)];
    cells.forEach(([ch, weight], i) => {
      const x = 10 + (i % perRow) * cell;
      const y = 240 - 40 - Math.floor(i / perRow) * cell;
      fonts.draw(page, ch, x, y, { size: 24, weight });
    });
    await fonts.finish();
    const pdf = await doc.save();

    const img = await rasterizeGray(pdf, 1, 72);
    const blank = cells
      .filter((_, i) => {
        const left = 10 + (i % perRow) * cell;
        const top = 40 + Math.floor(i / perRow) * cell - 24;
        return inkRatio(img, { left, right: left + 24, top, bottom: top + 30 }) === 0;
      })
      .map(([ch]) => ch);
    expect(blank).toEqual([]);

    // pdftotext may read a grid column-wise; what matters is that every character comes back.
    const text = [...(await pdftotext(pdf)).replace(/\s/g, '')];
    expect(text.sort()).toEqual(cells.map(([ch]) => ch).sort());
    const rows = await pdffonts(pdf);
    for (const row of rows) expect(row).toMatchObject({ embedded: true, subset: true, unicode: true });
    const names = rows.map((r) => r.name.replace(/^[A-Z]{6}\+/, '')).sort();
    expect(names.filter((n) => n.startsWith('NotoSansHans'))).toEqual(['NotoSansHans-Bold', 'NotoSansHans-Regular']);
    expect(names.filter((n) => n.startsWith('HanaMin')).length).toBeGreaterThanOrEqual(1);
    expect(rows.find((r) => r.name.endsWith('NotoSansHans-Regular'))?.type).toBe('CID Type 0C (OT)');
  });
});
