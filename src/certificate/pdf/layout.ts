/**
 * Line breaking for Chinese text. pdf-lib only breaks at spaces and hyphens, and Chinese has
 * neither between words: a line may break between any two ideographs, but not so that
 * punctuation is stranded (禁则, kinsoku; GB/T 15834 and W3C "Requirements for Chinese
 * Text Layout" §3.1.7 give the lists below).
 */

export type Measure = (text: string) => number;

export interface WrapOptions {
  /** Width taken from the first line only, e.g. the two-character indent of a paragraph. */
  firstLineIndent?: number;
}

/** Must not begin a line: closing brackets and quotes, sentence and clause punctuation. */
const NO_LINE_START = new Set([
  ...'，。、；：？！）》」』】〕〗〉］｝”’…—～·‥％‰℃°．,.;:?!)]}%>',
  '\u30fc', // ー
]);

/** Must not end a line: opening brackets and quotes. */
const NO_LINE_END = new Set([...'（《「『【〔〖〈［｛“‘([{<￥$＄']);

/** A character around which a line may break on either side (subject to the rules above). */
const BREAKS_AROUND =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u2e80-\u2fff\u3000-\u303f\u3100-\u312f\u31a0-\u31bf\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026]/u;

/** Only ASCII blanks separate Latin words; U+3000 is an ideographic character with width. */
const BLANK = /^[ \t]+$/;

/**
 * Splits `text` into lines no wider than `maxWidth` as measured by `measure`.
 * `\n` is a hard break. A run of Latin letters, digits and their punctuation stays on one
 * line unless it is wider than a whole line on its own, in which case it is cut by character.
 */
export function wrapText(text: string, measure: Measure, maxWidth: number, options: WrapOptions = {}): string[] {
  if (!(maxWidth > 0)) throw new RangeError(`maxWidth must be positive, got ${maxWidth}`);
  const lines: string[] = [];
  text.split(/\r?\n/).forEach((paragraph, i) => {
    const indent = i === 0 ? (options.firstLineIndent ?? 0) : 0;
    lines.push(...wrapParagraph(paragraph, measure, maxWidth, indent));
  });
  return lines;
}

function wrapParagraph(paragraph: string, measure: Measure, maxWidth: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  let pendingBlank = false;
  const room = () => (lines.length === 0 ? maxWidth - indent : maxWidth);

  for (const chunk of chunks(paragraph)) {
    if (BLANK.test(chunk)) {
      pendingBlank = line !== '';
      continue;
    }
    const candidate = line + (pendingBlank ? ' ' : '') + chunk;
    pendingBlank = false;
    if (measure(candidate) <= room()) {
      line = candidate;
      continue;
    }
    if (line !== '') {
      lines.push(line);
      line = '';
    }
    if (measure(chunk) <= room()) {
      line = chunk;
      continue;
    }
    // Wider than a line on its own (a hash, a URL, a word glued to its brackets): cut it where
    // it overflows, taking a character or two down with the cut rather than strand punctuation.
    for (const ch of chunk) {
      if (line !== '' && measure(line + ch) > room()) {
        const chars = [...line];
        let carry = '';
        if (chars.length > 1 && NO_LINE_START.has(ch)) carry = chars.pop()!;
        while (chars.length > 1 && NO_LINE_END.has(chars[chars.length - 1])) carry = chars.pop()! + carry;
        lines.push(chars.join(''));
        line = carry;
      }
      line += ch;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * The text cut at every permitted break. Each chunk is either a blank run or text that
 * must stay on one line: a Latin word, or an ideograph with the punctuation glued to it.
 */
function chunks(paragraph: string): string[] {
  const atoms = paragraph.match(/[ \t]+|[^ \t]/gu) ?? [];
  // Merge characters into atoms: blanks, single break-around characters, and Latin runs.
  const merged: string[] = [];
  for (const a of atoms) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && isLatin(a) && isLatin(lastChar(prev)) && !BLANK.test(prev)) {
      merged[merged.length - 1] = prev + a;
    } else {
      merged.push(a);
    }
  }
  const out: string[] = [];
  for (const atom of merged) {
    const prev = out[out.length - 1];
    const glued =
      prev !== undefined &&
      !BLANK.test(prev) &&
      !BLANK.test(atom) &&
      (NO_LINE_START.has(firstChar(atom)) || NO_LINE_END.has(lastChar(prev)));
    if (glued) out[out.length - 1] = prev + atom;
    else out.push(atom);
  }
  return out;
}

function isLatin(ch: string): boolean {
  return !BLANK.test(ch) && !BREAKS_AROUND.test(ch);
}

function firstChar(s: string): string {
  return String.fromCodePoint(s.codePointAt(0) ?? 0);
}

function lastChar(s: string): string {
  const chars = [...s];
  return chars[chars.length - 1] ?? '';
}
