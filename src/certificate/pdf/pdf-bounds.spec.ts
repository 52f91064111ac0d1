import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { assertPdfBounds, PDF_BOUNDS } from './pdf-bounds.js';

/** A minimal PDF body around one stream object with the given dictionary entries and data. */
function withStream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n2 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

const code = (fn: () => void) => {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('PDF bounds before parsing (a decompression bomb must not block the process)', () => {
  it('accepts small Flate streams', () => {
    expect(code(() => assertPdfBounds(withStream('/Filter /FlateDecode', deflateSync(Buffer.alloc(100_000)))))).toBe('accepted');
  });

  it('refuses a stream that inflates beyond the bound, without inflating it all', () => {
    const bomb = deflateSync(Buffer.alloc(PDF_BOUNDS.maxInflatedBytes + 1024));
    expect(code(() => assertPdfBounds(withStream('/Filter /FlateDecode', bomb)))).toBe('PDF_TOO_COMPLEX');
  });

  it('refuses an object stream with a filter chain pdf-lib would decode uncapped while loading', () => {
    expect(
      code(() => assertPdfBounds(withStream('/Type /ObjStm /N 1 /First 4 /Filter [/ASCIIHexDecode /FlateDecode]', Buffer.from('00>')))),
    ).toBe('PDF_TOO_COMPLEX');
    expect(code(() => assertPdfBounds(withStream('/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode', Buffer.from('x'))))).toBe(
      'PDF_TOO_COMPLEX',
    );
  });

  it('refuses damaged object streams but tolerates a damaged content stream (pdf-lib never decodes it at load)', () => {
    expect(code(() => assertPdfBounds(withStream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', Buffer.from('not zlib'))))).toBe(
      'PDF_TOO_COMPLEX',
    );
    expect(code(() => assertPdfBounds(withStream('/Filter /FlateDecode', Buffer.from('not zlib'))))).toBe('accepted');
  });

  it('refuses too many objects, counted in the file and declared by object streams', () => {
    const many = Buffer.from(
      Array.from({ length: PDF_BOUNDS.maxObjects + 1 }, (_, i) => `${i + 1} 0 obj\nnull\nendobj\n`).join(''),
      'latin1',
    );
    expect(code(() => assertPdfBounds(Buffer.concat([Buffer.from('%PDF-1.7\n'), many])))).toBe('PDF_TOO_COMPLEX');
    const declared = withStream(
      `/Type /ObjStm /N ${PDF_BOUNDS.maxObjects} /First 4 /Filter /FlateDecode`,
      deflateSync(Buffer.from('1 0 ')),
    );
    expect(code(() => assertPdfBounds(declared))).toBe('PDF_TOO_COMPLEX');
  });
});
