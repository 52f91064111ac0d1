/**
 * pdf-lib deflates streams with pako, zlib written in JavaScript: the font programs, their
 * ToUnicode maps, attachments and page contents of every certificate. Node's zlib (the C
 * library) makes the same FlateDecode streams several times faster. pdf-lib has no option for
 * it, but it creates every such stream through one of two doors, both reachable per document:
 *
 * - `context.flateStream` (fonts, ToUnicode maps, attached files) is looked up on the context
 *   at each call, so a document's own context gets a native one;
 * - page content streams are built up operator by operator and deflated when saved; just before
 *   saving, each is replaced under its own reference by the same operators deflated natively.
 *
 * Object streams are left alone: documents saved here are written without them.
 */
import { deflateSync } from 'node:zlib';
import { PDFContentStream, PDFName, PDFRawStream, typedArrayFor, type PDFDocument } from 'pdf-lib';

const FLATE = PDFName.of('FlateDecode');
const FILTER = PDFName.of('Filter');

/** From now on, `doc`'s fonts, maps and attachments are deflated by node:zlib. */
export function deflateNatively(doc: PDFDocument): void {
  const context = doc.context;
  context.flateStream = (contents, dict = {}) => context.stream(deflateSync(typedArrayFor(contents)), { ...dict, Filter: 'FlateDecode' });
}

/** Every page content stream of `doc` not yet deflated, deflated by node:zlib. Call after the last drawing, right before saving. */
export function deflateContentStreams(doc: PDFDocument): void {
  const context = doc.context;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFContentStream) || object.dict.get(FILTER) !== FLATE) continue;
    context.assign(ref, PDFRawStream.of(object.dict, deflateSync(object.getUnencodedContents())));
  }
}
