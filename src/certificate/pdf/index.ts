export type { CertificateFacts, DraftCertificateFacts, IdentityEvidence } from './certificate-facts.js';
export {
  DEV_CA_COMMON_NAME,
  loadOrCreateDevCa,
  loadOrCreateDevSigner,
  loadP12Signer,
  type DevSigner,
  type LoadedSigner,
} from './dev-credentials.js';
export { MissingGlyphError } from './fonts.js';
export { wrapText, type Measure, type WrapOptions } from './layout.js';
export { extractReceipt, RECEIPT_ATTACHMENT } from './receipt.js';
export { describeFields, describeFieldsZh, printedFields, unprintableFields, type UnprintableField } from './printed-fields.js';
export { assertPrints, renderCertificatePdf, renderDraftPdf } from './render.js';
export { sampleCertificateFacts } from './sample-certificate.js';
export { OfficeP12Signer, signPdf, SigningCredentialError, type PdfSigner, type SignatureInfo } from './sign.js';
export { TimestampError } from './timestamp.js';
