import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import type { AppConfig } from '../config/config.js';
import { PDF_BOUNDS } from './pdf/pdf-bounds.js';
import { VerifyPool } from './verify-pool.js';

/** Allowed (just under the inflation bound) but long for pdf-lib's JavaScript inflater: an object stream of zeros. */
function slowPdf(): Buffer {
  const data = deflateSync(Buffer.alloc(PDF_BOUNDS.maxInflatedBytes - (1 << 20)), { level: 9 });
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
  ]);
}

describe('the verify worker pool', () => {
  it('ends a worker past the time limit (422 PDF_TOO_SLOW), starts a fresh one for the next file, refuses past the queue, ends all at shutdown', async () => {
    const options = { workers: 1, queue: 0, timeLimitMs: 60_000, memoryMb: 128 };
    const pool = new VerifyPool({ verify: options } as AppConfig);
    const doc = await PDFDocument.create();
    doc.addPage([100, 100]);
    const plain = await doc.save();
    try {
      expect(await pool.inspect({ pdf: plain, want: 'receipt' })).toEqual({ ok: true, receipt: undefined });
      expect(pool.threads).toBe(1);

      // Far below what pdf-lib needs for this file, on any machine.
      options.timeLimitMs = 100;
      await expect(pool.inspect({ pdf: slowPdf(), want: 'receipt' })).rejects.toMatchObject({ status: 422, code: 'PDF_TOO_SLOW' });
      expect(pool.threads).toBe(0);

      options.timeLimitMs = 60_000;
      const running = pool.inspect({ pdf: plain, want: 'receipt' });
      await expect(pool.inspect({ pdf: plain, want: 'receipt' })).rejects.toMatchObject({ status: 503, code: 'VERIFY_BUSY' });
      expect(await running).toEqual({ ok: true, receipt: undefined });
      expect(pool.threads).toBe(1);
    } finally {
      await pool.onApplicationShutdown();
    }
    expect(pool.threads).toBe(0);
    await expect(pool.inspect({ pdf: plain, want: 'receipt' })).rejects.toMatchObject({ code: 'VERIFY_BUSY' });
  });
});
