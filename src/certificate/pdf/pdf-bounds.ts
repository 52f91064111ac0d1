import { constants, inflateSync } from 'node:zlib';
import { badRequest } from '../../common/errors.js';

/**
 * Bounds on the work an uploaded PDF may cause before pdf-lib parses it (a
 * FlateDecode stream of zeros inflated to gigabytes and blocked the process). Certificates of
 * this service have about a hundred objects and inflate to well under a megabyte; the bounds
 * leave wide room for re-saved copies (which verify still examines for tampering).
 */
export const PDF_BOUNDS = {
  /** Indirect objects in the file, counted from `N G obj` headers plus object streams' /N. */
  maxObjects: 20_000,
  /** Streams with any filter. */
  maxStreams: 5_000,
  /** All FlateDecode streams together, once inflated. */
  maxInflatedBytes: 32 * 1024 * 1024,
};

const refuse = (why: string) =>
  badRequest('PDF_TOO_COMPLEX', `This PDF is not a certificate of this service: ${why}. 该文件不是本机构出具的公证书。`);

const FLATE = /\/(FlateDecode|Fl)\b/;

/**
 * Inflates every FlateDecode stream with node's zlib (native, with an output cap) before pdf-lib
 * would inflate it with its JavaScript decoder, which has no cap; throws 400 PDF_TOO_COMPLEX when
 * the file exceeds a bound. Reads the bytes once; stops at the first bound exceeded.
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
  const header = /stream\r?\n/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const start = m.index + m[0].length;
    // The stream's dictionary: from the last `obj` (or `>>`-closed dictionary) before the keyword.
    const before = text.slice(Math.max(0, m.index - 4096), m.index);
    if (!/>>\s*$/.test(before)) continue; // "endstream" or stream-like text in other places
    const dict = before.slice(before.lastIndexOf(' obj') + 1);
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    header.lastIndex = end + 9;
    if (!/\/Filter\b/.test(dict)) continue;
    if (++streams > PDF_BOUNDS.maxStreams) throw refuse('too many streams');
    const n = /\/Type\s*\/ObjStm\b[^]*?\/N\s+(\d+)|\/N\s+(\d+)[^]*?\/Type\s*\/ObjStm\b/.exec(dict);
    if (n && (objects += Number(n[1] ?? n[2])) > PDF_BOUNDS.maxObjects) throw refuse('too many objects');
    // pdf-lib decodes object and cross-reference streams while loading; any other stream only
    // when asked (the receipt, which is decoded with a cap of its own).
    const decodedAtLoad = /\/Type\s*\/(ObjStm|XRef)\b/.test(dict);
    const filters = dict.match(/\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/)?.[1] ?? '';
    if (decodedAtLoad && (filters.match(/\/[A-Za-z0-9]+/g) ?? []).some((f) => !['/FlateDecode', '/Fl'].includes(f))) {
      throw refuse('an object stream uses a filter that certificates do not use');
    }
    if (!FLATE.test(dict)) continue;
    const budget = PDF_BOUNDS.maxInflatedBytes - inflated;
    try {
      inflated += inflateSync(pdf.subarray(start, end), { maxOutputLength: budget + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
        throw refuse('its streams inflate too far');
      // Damaged data (a changed byte): harmless unless pdf-lib would decode it while loading.
      if (decodedAtLoad) throw refuse('a compressed object stream is damaged');
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
