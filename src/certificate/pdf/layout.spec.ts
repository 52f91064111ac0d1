import { describe, expect, it } from '@jest/globals';
import { wrapText } from './layout.js';

/** Ideographs and full-width punctuation one unit wide, everything else half: like a real CJK face. */
const measure = (s: string) => [...s].reduce((w, ch) => w + (/[\x00-\x7f]/.test(ch) ? 0.5 : 1), 0);

const NO_START = [...'，。、；：？！）》」』】'];
const NO_END = [...'（《「『【'];

describe('wrapText', () => {
  it('breaks between any two ideographs', () => {
    expect(wrapText('一二三四五六七', measure, 3)).toEqual(['一二三', '四五六', '七']);
  });

  it('never starts a line with closing punctuation: the last ideograph moves down with it', () => {
    expect(wrapText('一二三，四五', measure, 3)).toEqual(['一二', '三，四', '五']);
    expect(wrapText('甲乙丙。」丁', measure, 3)).toEqual(['甲乙', '丙。」', '丁']);
  });

  it('never ends a line with opening punctuation', () => {
    expect(wrapText('一二《三》四', measure, 3)).toEqual(['一二', '《三》', '四']);
    expect(wrapText('一二（三四', measure, 3)).toEqual(['一二', '（三四']);
  });

  it('keeps Latin words and numbers whole and breaks at the spaces between them', () => {
    expect(wrapText('赴德国Federal Republic留学', measure, 6)).toEqual(['赴德国', 'Federal', 'Republic留学']);
    expect(wrapText('第12345号', measure, 3)).toEqual(['第', '12345', '号']);
  });

  it('cuts a run wider than a whole line where it overflows', () => {
    expect(wrapText('abcdefghij', measure, 2)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('哈希ab12cd34ef', measure, 2)).toEqual(['哈希', 'ab12', 'cd34', 'ef']);
  });

  it('keeps punctuation off the cut even inside an over-long run', () => {
    // 'Germany）' is one unbreakable chunk 4.5 wide; the cut takes the y down with the bracket.
    expect(wrapText('Germany）', measure, 4)).toEqual(['German', 'y）']);
  });

  it('drops the blank at a break', () => {
    expect(wrapText('ab cd', measure, 1)).toEqual(['ab', 'cd']);
  });

  it('honours hard line breaks and indents only the first line', () => {
    expect(wrapText('一二三四\n五六', measure, 3, { firstLineIndent: 1 })).toEqual(['一二', '三四', '五六']);
  });

  it('keeps every character, in order, and respects the punctuation rules on real text', () => {
    const text =
      '兹证明王堃（男，一九八八年二月二十九日出生）于二〇二六年赴德国（Federal Republic of Germany）留学，' +
      '其护照号码为E12345678；出生医学证明编号为M320123456。“本证明”仅用于上述用途！';
    for (const width of [4, 5, 7, 10, 13, 20]) {
      const lines = wrapText(text, measure, width);
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      for (const [i, line] of lines.entries()) {
        expect(measure(line)).toBeLessThanOrEqual(width);
        if (i > 0) expect(NO_START).not.toContain(line[0]);
        if (i < lines.length - 1) expect(NO_END).not.toContain(line[line.length - 1]);
        expect(line).not.toMatch(/^ | $/);
      }
      // Where the line can hold the longest word with its glued punctuation, no word is cut.
      if (width < 7) continue;
      for (const word of ['Federal', 'Republic', 'Germany', 'E12345678', 'M320123456']) {
        expect(lines.some((l) => l.includes(word))).toBe(true);
      }
    }
  });

  it('rejects a width that can hold nothing', () => {
    expect(() => wrapText('一', measure, 0)).toThrow(RangeError);
  });
});
