import { constants, inflateSync } from 'node:zlib';
import DecodeStreamModule from 'pdf-lib/cjs/core/streams/DecodeStream.js';
import { badRequest } from '../../common/errors.js';

/**
 * Bounds on the work an uploaded PDF may cause (a FlateDecode stream of zeros inflates a
 * thousandfold and once blocked the process for seconds). Certificates of this service have
 * about a hundred objects and inflate to well under a megabyte; the bounds leave wide room for
 * re-saved copies (which verify still examines for tampering).
 *
 * Two defences, each enough on its own for inflation: a pre-scan that inflates every Flate
 * stream with node's zlib (native, with an output cap) before pdf-lib sees the file, and a cap
 * inside pdf-lib's own decoders (`withDecodeBudget`), which holds whatever the pre-scan misses.
 */
export const PDF_BOUNDS = {
  /** Indirect objects in the file, counted from `N G obj` headers plus object streams' /N. */
  maxObjects: 20_000,
  /** Streams with any filter. */
  maxStreams: 5_000,
  /** All FlateDecode streams together, once inflated (and all of pdf-lib's decoding per file). */
  maxInflatedBytes: 32 * 1024 * 1024,
  /** Parentheses nested in one literal string: pdf-lib takes seconds over a file of `((((…`; text needs a few. */
  maxStringNesting: 64,
};

const refuse = (why: string) =>
  badRequest('PDF_TOO_COMPLEX', `This PDF is not a certificate of this service: ${why}. 该文件不是本机构出具的公证书。`);

/** PDF white-space (ISO 32000 §7.2.2), as pdf-lib's lexer skips it. */
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

/** Past white-space and `%` comments, as pdf-lib's skipWhitespaceAndComments. */
function skipSpaceAndComments(text: string, i: number): number {
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text[i] !== '%') return i;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  }
}

/** pdf-lib's stream keywords, longest first: the data starts after the one that matches. */
const STREAM_KEYWORDS = ['stream \r\n', 'stream\r\n', 'stream\r', 'stream\n', 'stream'];

interface FoundStream {
  dict: string;
  start: number;
  end: number;
}

/**
 * Every dictionary followed by a stream, found the way pdf-lib's parser finds them: a forward
 * pass over strings, hex strings, comments and nested dictionaries, so that neither a comment or
 * odd line end before `stream` nor a long dictionary hides one. The data ends at /Length when
 * `endstream` follows it there, else at the next `endstream` (pdf-lib's fallback).
 */
function* streamsOf(text: string): Generator<FoundStream> {
  const open: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '%') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '(') {
      // A literal string: balanced parentheses, backslash escapes.
      let depth = 0;
      for (; i < text.length; i++) {
        const s = text[i];
        if (s === '\\') i++;
        else if (s === '(') {
          if (++depth > PDF_BOUNDS.maxStringNesting) throw refuse('its strings are nested too deep');
        } else if (s === ')' && --depth === 0) break;
      }
      i++;
    } else if (c === '<' && text[i + 1] === '<') {
      open.push(i);
      i += 2;
    } else if (c === '<') {
      const close = text.indexOf('>', i + 1);
      i = close < 0 ? text.length : close + 1;
    } else if (c === '>' && text[i + 1] === '>') {
      const from = open.pop();
      i += 2;
      if (from === undefined) continue;
      const k = skipSpaceAndComments(text, i);
      const keyword = text.startsWith('stream', k) && STREAM_KEYWORDS.find((w) => text.startsWith(w, k));
      if (!keyword) continue;
      const dict = text.slice(from, i);
      const start = k + keyword.length;
      const length = /\/Length\s+(\d+)(?![\d.])(?!\s+\d+\s+R)/.exec(dict);
      let end = length ? start + Number(length[1]) : -1;
      if (end < 0 || end > text.length || !text.startsWith('endstream', skipSpaceAndComments(text, end)))
        end = text.indexOf('endstream', start);
      if (end < 0) end = text.length;
      yield { dict, start, end };
      i = end;
    } else i++;
  }
}

/** Names with their #xx escapes resolved (`/Fl#61teDecode` is /FlateDecode to pdf-lib). */
const unescapeNames = (dict: string) => dict.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/**
 * Inflates every FlateDecode stream with node's zlib (native, with an output cap) before pdf-lib
 * would inflate it with its JavaScript decoder; throws 400 PDF_TOO_COMPLEX when the file exceeds
 * a bound. Reads the bytes once; stops at the first bound exceeded.
 */
export function assertPdfBounds(pdf: Uint8Array): void {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  let objects = 0;
  for (const m of text.matchAll(/\d+\s+\d+\s+obj\b/g)) {
    void m;
    if (++objects > PDF_BOUNDS.maxObjects) throw refuse('too many objects');
  }
  let streams = 0;
  let inflated = 0;
  for (const { dict: raw, start, end } of streamsOf(text)) {
    const dict = unescapeNames(raw);
    if (!/\/Filter\b/.test(dict)) continue;
    if (++streams > PDF_BOUNDS.maxStreams) throw refuse('too many streams');
    const n = /\/Type\s*\/ObjStm\b[^]*?\/N\s+(\d+)|\/N\s+(\d+)[^]*?\/Type\s*\/ObjStm\b/.exec(dict);
    if (n && (objects += Number(n[1] ?? n[2])) > PDF_BOUNDS.maxObjects) throw refuse('too many objects');
    // pdf-lib decodes object and cross-reference streams while loading; any other stream only
    // when asked (the receipt, which is decoded with a cap of its own).
    const decodedAtLoad = /\/Type\s*\/(ObjStm|XRef)\b/.test(dict);
    const filters = [...dict.matchAll(/\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>()%]+)/g)].flatMap((f) => f[1].match(/\/[^\s/[\]<>()%]+/g) ?? []);
    const flate = filters.some((f) => f === '/FlateDecode' || f === '/Fl');
    if (decodedAtLoad && (!filters.length || filters.some((f) => f !== '/FlateDecode' && f !== '/Fl'))) {
      throw refuse('an object stream uses a filter that certificates do not use');
    }
    if (!flate) continue;
    const budget = PDF_BOUNDS.maxInflatedBytes - inflated;
    const data = pdf.subarray(start, end);
    try {
      inflated += inflateSync(data, { maxOutputLength: budget + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
        throw refuse('its streams inflate too far');
      // Damaged data (a changed byte): harmless unless pdf-lib would decode it while loading.
      if (decodedAtLoad) throw refuse('a compressed object stream is damaged');
      // What it inflated to before the damage is not known: charge deflate's largest ratio.
      inflated += Math.min(budget + 1, data.length * 1032);
    }
    if (inflated > PDF_BOUNDS.maxInflatedBytes) throw refuse('its streams inflate too far');
  }
}

/** Inflates one stream's bytes with a cap; undefined when it is larger or not Flate data. */
export function inflateCapped(data: Uint8Array, maxBytes: number): Uint8Array | undefined {
  try {
    return inflateSync(data, { maxOutputLength: maxBytes });
  } catch {
    return undefined;
  }
}

interface DecodeStreamLike {
  ensureBuffer(requested: number): Uint8Array;
}
type DecodeStreamClass = { prototype: DecodeStreamLike };

/** pdf-lib's base class of all its decoders (Flate, LZW, ASCII85, …): every output byte passes ensureBuffer. */
const DecodeStream = ((DecodeStreamModule as unknown as { default?: DecodeStreamClass }).default ??
  DecodeStreamModule) as unknown as DecodeStreamClass;

let budget: { left: number; exceeded: boolean } | undefined;
const grown = new WeakMap<object, number>();
let patched = false;

/**
 * Runs `fn` (pdf-lib loading and reading a file) with all of pdf-lib's stream decoding capped at
 * `maxBytes` together; throws PDF_TOO_COMPLEX when it was exceeded, even if pdf-lib caught the
 * decoder's error and went on (its parser recovers from a bad object by skipping it). One file at
 * a time per thread: the budget is this module's state.
 */
export async function withDecodeBudget<T>(fn: () => Promise<T>, maxBytes = PDF_BOUNDS.maxInflatedBytes): Promise<T> {
  if (!patched) {
    const original = DecodeStream.prototype.ensureBuffer;
    DecodeStream.prototype.ensureBuffer = function (this: DecodeStreamLike, requested: number) {
      const b = budget;
      if (b) {
        const before = grown.get(this) ?? 0;
        if (b.exceeded) throw refuse('its streams inflate too far');
        if (requested > before) {
          b.left -= requested - before;
          grown.set(this, requested);
          if (b.left < 0) {
            b.exceeded = true;
            throw refuse('its streams inflate too far');
          }
        }
      }
      return original.call(this, requested);
    };
    patched = true;
  }
  if (budget) throw new Error('withDecodeBudget does not nest');
  const mine = { left: maxBytes, exceeded: false };
  budget = mine;
  try {
    const out = await fn();
    if (mine.exceeded) throw refuse('its streams inflate too far');
    return out;
  } finally {
    budget = undefined;
  }
}
