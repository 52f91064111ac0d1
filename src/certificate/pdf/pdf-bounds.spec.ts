import { describe, expect, it, jest } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { assertPdfBounds, PDF_BOUNDS, withDecodeBudget } from './pdf-bounds.js';

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

describe('PDF bounds before parsing', () => {
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

/** An object stream of `zeros` inflated bytes, its dictionary and `stream` keyword written as `form` says. */
function objStmBomb(form: 'cr' | 'space-crlf' | 'comment' | 'long-dict', zeros: number): Buffer {
  const data = deflateSync(Buffer.alloc(zeros), { level: 9 });
  const pad = form === 'long-dict' ? ` /Pad (${'x'.repeat(5000)})` : '';
  const keyword = { cr: '\nstream\r', 'space-crlf': '\nstream \r\n', comment: ' % a comment\nstream\n', 'long-dict': '\nstream\n' }[form];
  return Buffer.concat([
    Buffer.from(
      `%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length}${pad} >>${keyword}`,
      'latin1',
    ),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
  ]);
}

describe('the pre-scan sees every stream pdf-lib sees', () => {
  const forms = ['cr', 'space-crlf', 'comment', 'long-dict'] as const;

  it.each(forms)('refuses an object-stream bomb written with %s', (form) => {
    expect(code(() => assertPdfBounds(objStmBomb(form, PDF_BOUNDS.maxInflatedBytes + 1024)))).toBe('PDF_TOO_COMPLEX');
  });

  it('reads escaped names as pdf-lib does (/Fl#61teDecode is FlateDecode)', () => {
    const bomb = deflateSync(Buffer.alloc(PDF_BOUNDS.maxInflatedBytes + 1024));
    expect(code(() => assertPdfBounds(withStream('/Filter /Fl#61teDecode', bomb)))).toBe('PDF_TOO_COMPLEX');
  });
});

describe("pdf-lib's own decoding is capped too", () => {
  it('stops pdf-lib inflating an object stream past the budget, even though pdf-lib catches the error', async () => {
    const bomb = objStmBomb('cr', 4 * 1024 * 1024);
    const load = () => PDFDocument.load(bomb, { updateMetadata: false }).then(() => 'loaded');
    const quiet = [
      jest.spyOn(console, 'log').mockImplementation(() => undefined),
      jest.spyOn(console, 'warn').mockImplementation(() => undefined),
    ];
    try {
      await expect(withDecodeBudget(load, 1024 * 1024)).rejects.toMatchObject({ code: 'PDF_TOO_COMPLEX' });
      // The same file under a budget it fits in loads as before: the cap changes nothing else.
      await expect(withDecodeBudget(load, 8 * 1024 * 1024)).resolves.toBe('loaded');
    } finally {
      for (const q of quiet) q.mockRestore();
    }
  });
});
