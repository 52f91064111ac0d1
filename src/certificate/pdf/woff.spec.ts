import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import fontkit from '@pdf-lib/fontkit';
import { fontPiecePath } from './fonts.js';
import { woffToSfnt, WoffFormatError } from './woff.js';

describe('woffToSfnt', () => {
  it('gives the same font fontkit reads from the WOFF itself', async () => {
    const woff = new Uint8Array(await readFile(fontPiecePath('77', 400)));
    const sfnt = woffToSfnt(woff);
    // TrueType-flavoured sfnt: version 0x00010000.
    expect([...sfnt.subarray(0, 4)]).toEqual([0, 1, 0, 0]);
    const direct = fontkit.create(woff);
    const unwrapped = fontkit.create(sfnt);
    expect(unwrapped.numGlyphs).toBe(direct.numGlyphs);
    expect(unwrapped.characterSet).toEqual(direct.characterSet);
    const kun = '堃'.codePointAt(0)!;
    expect(unwrapped.glyphForCodePoint(kun).path.toSVG()).toBe(direct.glyphForCodePoint(kun).path.toSVG());
    expect(unwrapped.glyphForCodePoint(kun).path.toSVG().length).toBeGreaterThan(50);
  });

  it('refuses what is not WOFF 1.0, WOFF2 included', async () => {
    const woff2 = new Uint8Array(await readFile(fontPiecePath('77', 400, 'woff2')));
    expect(() => woffToSfnt(woff2)).toThrow(WoffFormatError);
    expect(() => woffToSfnt(new Uint8Array(10))).toThrow(WoffFormatError);
  });

  it('refuses a file cut short', async () => {
    const woff = new Uint8Array(await readFile(fontPiecePath('77', 400)));
    expect(() => woffToSfnt(woff.subarray(0, woff.length - 100))).toThrow(WoffFormatError);
  });
});
