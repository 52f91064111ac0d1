/**
 * Checks a certificate's evidence in the browser, the way `npm run certificate:verify-offline`
 * does: the receipt's signature against the published JWKS, then the embedded C2SP tlog-proof
 * against the log's verifier key and the witnesses' keys, with the service's own verifier module
 * (`src/audit/log/log-proof.ts`, its node:crypto calls served by `shims/node-crypto.ts`).
 * Nothing here trusts the service's verdict: only its published keys.
 */
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { verifyEntryProof, type EntryProofCheck } from '../../src/audit/log/log-proof';

export interface BrowserCheck {
  receipt: 'valid' | 'invalid' | 'absent';
  log: EntryProofCheck | { ok: false; absent: true };
}

/** An attached file of the PDF by name (PDF 32000 §7.11.4), inflated when FlateDecode; small files only. */
async function attachment(pdf: ArrayBuffer, name: string): Promise<string | undefined> {
  const { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString } = await import('pdf-lib');
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const tree = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('EmbeddedFiles'), PDFDict);
  const pairs = tree?.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
    const k = pairs.lookup(i);
    if (!(k instanceof PDFString || k instanceof PDFHexString) || k.decodeText() !== name) continue;
    const ef = pairs.lookupMaybe(i + 1, PDFDict)?.lookupMaybe(PDFName.of('EF'), PDFDict);
    const stream = ef?.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) return undefined;
    const raw = stream.getContents();
    if (raw.length > 64 * 1024) return undefined;
    const flate = stream.dict.lookup(PDFName.of('Filter')) === PDFName.of('FlateDecode');
    const body = flate
      ? new Blob([raw as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'))
      : new Blob([raw as BlobPart]).stream();
    return new Response(body).text();
  }
  return undefined;
}

const text = async (url: string) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
};

export async function checkInBrowser(pdf: ArrayBuffer): Promise<BrowserCheck> {
  const [jws, proof] = await Promise.all([attachment(pdf, 'receipt.jws'), attachment(pdf, 'log-proof.tlog-proof')]);
  if (!jws) return { receipt: 'absent', log: { ok: false, absent: true } };
  let claims: { certificateId: string; audit?: { hash?: string } };
  try {
    const jwks = (await (await fetch('/.well-known/jwks.json')).json()) as JSONWebKeySet;
    const { payload } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    claims = JSON.parse(new TextDecoder().decode(payload)) as typeof claims;
  } catch {
    return { receipt: 'invalid', log: { ok: false, absent: true } };
  }
  if (!proof) return { receipt: 'valid', log: { ok: false, absent: true } };
  const [logKey, witnesses] = await Promise.all([text('/log/verifier-key'), text('/log/witnesses')]);
  const log = verifyEntryProof(
    proof,
    { log: logKey.trim(), witnesses: witnesses.split('\n').filter(Boolean) },
    { entryHash: claims.audit?.hash, action: 'certificate.issued', subjectId: claims.certificateId },
  );
  return { receipt: 'valid', log };
}
