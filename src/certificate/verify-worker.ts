/**
 * The thread that parses uploaded PDFs (verify-pool.ts starts it): bounds first, then pdf-lib and
 * the signature check, one file at a time, so that no file, however built, holds the thread that
 * answers requests.
 */
import { X509Certificate } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { ErrorCode } from '../common/error-codes.js';
import { DomainError } from '../common/errors.js';
import { assertPdfBounds, withDecodeBudget } from './pdf/pdf-bounds.js';
import { extractReceipt } from './pdf/receipt.js';
import { checkPdfSignature, type SignatureCheck } from './signature-verify.js';

export interface VerifyTask {
  pdf: Uint8Array;
  /** `signature`: the file is one we issued, check its own signature; `receipt`: find the receipt it carries. */
  want: 'signature' | 'receipt';
  /** The trusted CAs' DER, for the signature check. */
  trustedCas?: Uint8Array[];
}

export type VerifyOutcome =
  { ok: true; signature?: SignatureCheck; receipt?: string } | { ok: false; status: number; code: ErrorCode; message: string };

export async function inspect(task: VerifyTask): Promise<VerifyOutcome> {
  const pdf = Buffer.from(task.pdf.buffer, task.pdf.byteOffset, task.pdf.byteLength);
  try {
    assertPdfBounds(pdf);
    if (task.want === 'signature') {
      const trustedCas = task.trustedCas?.map((der) => new X509Certificate(der));
      return { ok: true, signature: checkPdfSignature(pdf, { trustedCas }) };
    }
    const receipt = await withDecodeBudget(() => extractReceipt(pdf)).catch((err: unknown) => {
      if (err instanceof DomainError) throw err;
      return undefined; // not a PDF pdf-lib can read: no receipt
    });
    return { ok: true, receipt };
  } catch (err) {
    if (err instanceof DomainError) return { ok: false, status: err.status, code: err.code, message: err.message };
    throw err;
  }
}

if (parentPort) {
  const port = parentPort;
  // pdf-lib reports each damaged object on the console; a hostile file has thousands.
  console.log = console.warn = () => undefined;
  port.on('message', (task: VerifyTask) => {
    inspect(task).then(
      (outcome) => port.postMessage(outcome),
      () => port.postMessage({ ok: false, status: 422, code: 'PDF_UNREADABLE', message: 'This PDF could not be read. 无法读取该文件。' }),
    );
  });
  port.postMessage('ready');
}
