/**
 * WOFF 1.0 → plain sfnt (TrueType/OpenType) with Node's native zlib.
 *
 * fontkit can read .woff itself, but inflates every table with a pure-JavaScript inflater,
 * and pdf-lib parses the font again for every document: that was over 90 % of the time to
 * render a certificate. Unwrapping once per process and handing pdf-lib the sfnt avoids it.
 * Format: W3C WOFF File Format 1.0, §3–§5.
 */
import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

export class WoffFormatError extends Error {
  override readonly name = 'WoffFormatError';
}

export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const src = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < WOFF_HEADER || src.getUint32(0) !== WOFF_SIGNATURE) {
    throw new WoffFormatError('not a WOFF 1.0 file');
  }
  const flavor = src.getUint32(4);
  const numTables = src.getUint16(12);
  if (WOFF_HEADER + numTables * WOFF_ENTRY > woff.byteLength) throw new WoffFormatError('table directory runs past the end');

  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const tag = src.getUint32(at);
    const offset = src.getUint32(at + 4);
    const compLength = src.getUint32(at + 8);
    const origLength = src.getUint32(at + 12);
    const checksum = src.getUint32(at + 16);
    if (offset + compLength > woff.byteLength) throw new WoffFormatError(`table ${tagName(tag)} runs past the end`);
    const stored = woff.subarray(offset, offset + compLength);
    // §5: a table is stored uncompressed exactly when compressing it did not make it smaller.
    const data = compLength < origLength ? new Uint8Array(inflateSync(stored)) : stored;
    if (data.byteLength !== origLength) throw new WoffFormatError(`table ${tagName(tag)} inflates to the wrong length`);
    return { tag, checksum, data };
  });

  const pad4 = (n: number) => (n + 3) & ~3;
  let size = SFNT_HEADER + numTables * SFNT_ENTRY;
  for (const t of tables) size += pad4(t.data.byteLength);
  const out = new Uint8Array(size);
  const dst = new DataView(out.buffer);

  // OpenType offset table: searchRange etc. are derived from the largest power of two ≤ numTables.
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  dst.setUint32(0, flavor);
  dst.setUint16(4, numTables);
  dst.setUint16(6, searchRange);
  dst.setUint16(8, entrySelector);
  dst.setUint16(10, numTables * 16 - searchRange);

  // The WOFF directory is already in ascending tag order, which sfnt requires too.
  let offset = SFNT_HEADER + numTables * SFNT_ENTRY;
  tables.forEach((t, i) => {
    const rec = SFNT_HEADER + i * SFNT_ENTRY;
    dst.setUint32(rec, t.tag);
    dst.setUint32(rec + 4, t.checksum);
    dst.setUint32(rec + 8, offset);
    dst.setUint32(rec + 12, t.data.byteLength);
    out.set(t.data, offset);
    offset += pad4(t.data.byteLength);
  });
  return out;
}

function tagName(tag: number): string {
  return String.fromCharCode((tag >>> 24) & 0xff, (tag >>> 16) & 0xff, (tag >>> 8) & 0xff, tag & 0xff);
}
