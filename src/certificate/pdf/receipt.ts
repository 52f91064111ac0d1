import { AFRelationship, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFStream, PDFString } from 'pdf-lib';
import { inflateCapped } from './pdf-bounds.js';

export const RECEIPT_ATTACHMENT = 'receipt.jws';
/** A receipt is a compact JWS of a few kilobytes; anything far larger is not one (and may be a bomb). */
const MAX_RECEIPT_BYTES = 64 * 1024;
/** Evidence log v2: the issuing entry's C2SP tlog-proof (docs/evidence.md). */
export const LOG_PROOF_ATTACHMENT = 'log-proof.tlog-proof';

/**
 * Embeds the issuing receipt (a compact JWS) as an attached file, so that whoever holds the PDF
 * also holds the receipt and can check it against the service's published keys offline.
 */
export async function attachReceipt(doc: PDFDocument, jws: string, at: Date): Promise<void> {
  await doc.attach(new TextEncoder().encode(jws), RECEIPT_ATTACHMENT, {
    mimeType: 'application/jose',
    description: 'Issuing receipt (compact JWS) / 出证回执',
    // Fixed dates: the default is "now", which would make equal input give different files.
    creationDate: at,
    modificationDate: at,
    afRelationship: AFRelationship.Supplement,
  });
}

/** Embeds the evidence-log proof beside the receipt. */
export async function attachLogProof(doc: PDFDocument, proof: string, at: Date): Promise<void> {
  await doc.attach(new TextEncoder().encode(proof), LOG_PROOF_ATTACHMENT, {
    mimeType: 'text/plain',
    description: 'Evidence log inclusion proof (c2sp.org/tlog-proof@v1) / 证据日志包含证明',
    creationDate: at,
    modificationDate: at,
    afRelationship: AFRelationship.Supplement,
  });
}

/** The attached receipt, or undefined when the PDF carries none. Works on signed files too. */
export async function extractReceipt(pdf: Uint8Array, name = RECEIPT_ATTACHMENT): Promise<string | undefined> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  if (!tree) return undefined;
  const spec = findInNameTree(tree, name, 0);
  const ef = spec?.lookupMaybe(PDFName.of('EF'), PDFDict);
  const stream = ef?.lookupMaybe(PDFName.of('UF'), PDFStream) ?? ef?.lookupMaybe(PDFName.of('F'), PDFStream);
  if (!(stream instanceof PDFRawStream)) return undefined;
  // Decoded here with a cap rather than by pdf-lib's uncapped decoder: none or FlateDecode only.
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  const raw = stream.getContents();
  const bytes =
    filter === undefined
      ? raw.length <= MAX_RECEIPT_BYTES
        ? raw
        : undefined
      : filter === PDFName.of('FlateDecode')
        ? inflateCapped(raw, MAX_RECEIPT_BYTES)
        : undefined;
  return bytes && new TextDecoder().decode(bytes);
}

/** PDF 32000 §7.9.6: a name tree is leaves of [key value …] pairs, possibly under Kids. */
function findInNameTree(node: PDFDict, key: string, depth: number): PDFDict | undefined {
  // A malformed or hostile file could nest Kids without end.
  if (depth > 32) return undefined;
  const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (pairs) {
    for (let i = 0; i + 1 < pairs.size(); i += 2) {
      const k = pairs.lookup(i);
      if ((k instanceof PDFString || k instanceof PDFHexString) && k.decodeText() === key) {
        return pairs.lookupMaybe(i + 1, PDFDict);
      }
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookupMaybe(i, PDFDict);
    const found = kid && findInNameTree(kid, key, depth + 1);
    if (found) return found;
  }
  return undefined;
}
