/**
 * Hostile PDFs for the verify tests and the bench, built with node's zlib (free of Jest, so that
 * bench/ can import it from dist).
 */
import { deflateSync } from 'node:zlib';

/** Ways of writing a stream that pdf-lib accepts and a narrow pre-scan could miss. */
export const BOMB_FORMS = ['cr', 'space-crlf', 'comment', 'long-dict'] as const;
export type BombForm = (typeof BOMB_FORMS)[number];

const KEYWORD: Record<BombForm, string> = {
  cr: '\nstream\r',
  'space-crlf': '\nstream \r\n',
  comment: ' % a comment between the dictionary and its stream\nstream\n',
  'long-dict': '\nstream\n',
};

/** An object stream (pdf-lib inflates those while loading) of `zeros` zero bytes once inflated. */
export function objStmPdf(form: BombForm, zeros: number): Buffer {
  const data = deflateSync(Buffer.alloc(zeros), { level: 9 });
  // A 5,000-character string after /Filter pushes it out of a look-back window of 4 KB.
  const pad = form === 'long-dict' ? ` /Pad (${'x'.repeat(5000)})` : '';
  return Buffer.concat([
    Buffer.from(
      `%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length}${pad} >>${KEYWORD[form]}`,
      'latin1',
    ),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
  ]);
}

/** A PDF of about `size` bytes that is one string of nested parentheses. */
export function parenthesesPdf(size: number): Buffer {
  const head = '%PDF-1.7\n1 0 obj\n';
  const tail = '\nendobj\n%%EOF\n';
  return Buffer.from(head + '('.repeat(Math.max(0, size - head.length - tail.length)) + tail, 'latin1');
}
