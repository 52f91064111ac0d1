import { describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { CjkFonts, MissingGlyphError, pieceFor } from './fonts.js';
import { inkRatio, pdffonts, pdftotext, rasterizeGray } from './poppler.js';

describe('pieceFor', () => {
  it('finds the rare name characters in their own pieces', async () => {
    expect(await pieceFor('堃', 400)).toBe('77');
    expect(await pieceFor('喆', 400)).toBe('79');
    expect(await pieceFor('昇', 400)).toBe('66');
  });

  it('takes ASCII from the most common CJK piece, so a mixed number stays in one font', async () => {
    // [119] also holds ， 。 ： and the commonest ideographs; the latin piece would split (2026) off them.
    const pieces = new Set(await Promise.all([...'(2026)7，。：中日'].map((c) => pieceFor(c, 400))));
    expect(pieces).toEqual(new Set(['119']));
  });

  it('has no piece for a character Noto Sans SC lacks', async () => {
    expect(await pieceFor('\u{20000}', 400)).toBeUndefined();
  });
});

describe('CjkFonts', () => {
  it('cuts a mixed line into runs by piece and measures it as the sum of the runs', async () => {
    const doc = await PDFDocument.create();
    const fonts = CjkFonts.for(doc);
    const text = '王堃(2026)昇';
    await fonts.load([text]);
    const runs = fonts.runs(text);
    expect(runs.map((r) => r.text)).toEqual(['王', '堃', '(2026)', '昇']);
    expect(runs.map((r) => r.text).join('')).toBe(text);
    const sum = runs.reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, 14), 0);
    expect(fonts.width(text, 14)).toBeCloseTo(sum, 6);
    // Ideographs are one em wide.
    expect(fonts.width('王堃', 14)).toBeCloseTo(28, 6);
  });

  it('refuses to draw what was not loaded, and to load what no piece has', async () => {
    const doc = await PDFDocument.create();
    const fonts = CjkFonts.for(doc);
    expect(() => fonts.runs('公')).toThrow(/not loaded/);
    await expect(fonts.load(['张\u{20000}三'])).rejects.toThrow(MissingGlyphError);
  });

  it('paints every glyph, rare ones included, as embedded subsets with text that extracts', async () => {
    // FACTS: @pdf-lib/fontkit is known to corrupt some subsets; this renders each character in
    // its own cell and looks for ink there, so one lost glyph fails the test.
    const chars = [...'王堃喆昇公证书〇一二三十年月日（）：，。ABCxyz0123456789'];
    const doc = await PDFDocument.create();
    const fonts = CjkFonts.for(doc);
    await fonts.load(chars, 400);
    const page = doc.addPage([600, 200]);
    const cell = 40;
    const perRow = 14;
    chars.forEach((ch, i) => {
      const x = 10 + (i % perRow) * cell;
      const y = 200 - 40 - Math.floor(i / perRow) * cell;
      fonts.draw(page, ch, x, y, { size: 24 });
    });
    const pdf = await doc.save();

    const img = await rasterizeGray(pdf, 1, 72);
    const blank = chars.filter((_, i) => {
      const left = 10 + (i % perRow) * cell;
      const top = 40 + Math.floor(i / perRow) * cell - 24;
      return inkRatio(img, { left, right: left + 24, top, bottom: top + 30 }) === 0;
    });
    expect(blank).toEqual([]);

    // pdftotext may read a grid column-wise; what matters is that every character comes back.
    const text = [...(await pdftotext(pdf)).replace(/\s/g, '')];
    expect(text.sort()).toEqual([...chars].sort());
    const rows = await pdffonts(pdf);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row).toMatchObject({ embedded: true, subset: true, unicode: true });
      expect(row.name).toMatch(/^[A-Z]{6}\+NotoSansSC-Regular$/);
    }
  });
});
