/**
 * The office's PDF signature: a PAdES baseline B-B signature (ETSI.CAdES.detached, see pades.ts)
 * over the ByteRange of the whole file, recognised by PDF readers. It must be the last thing done to the bytes: any later
 * save, even by pdf-lib with no change, rewrites the file and breaks it.
 */
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf, Signer } from '@signpdf/signpdf';
import forge from 'node-forge';
import { ParseSpeeds, PDFDocument } from 'pdf-lib';
import { appendDss } from './ltv.js';
import { nativeCredential, PadesSigner, signatureLengthFor, timestampCertificates } from './pades.js';
import { openP12, type OpenedP12 } from './p12.js';

export { openP12, SigningCredentialError, type OpenedP12 } from './p12.js';

export interface PdfSigner {
  /** PKCS#12 holding the signing key, its certificate and the chain up to the CA. */
  p12: Buffer;
  passphrase: string;
  /**
   * Revocation data for the signer's chain (DER CRLs), for the DSS of a B-LT signature. The
   * CA certificate itself is added from `caCertificatePem` when the PKCS#12 does not carry it.
   */
  crls?: () => Promise<Buffer[]>;
  caCertificatePem?: string;
}

export interface SignatureInfo {
  reason: string;
  location: string;
  name: string;
  contactInfo?: string;
  /** The signing time claimed in the signature; pass the service clock's "now". */
  signingTime?: Date;
  /** An RFC 3161 time-stamping authority: the signature becomes PAdES B-T; without it, B-B. */
  tsaUrl?: string;
}

export async function signPdf(unsigned: Uint8Array, signer: PdfSigner, info: SignatureInfo): Promise<Buffer> {
  // Open the key first: a wrong passphrase should fail before any work is done.
  const credential = nativeCredential(signer.p12, signer.passphrase);
  const attempt = async () => {
    // Parsed and written in one go rather than yielding every 100 and 50 objects: a certificate has about 40.
    const doc = await PDFDocument.load(unsigned, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    pdflibAddPlaceholder({
      pdfDoc: doc,
      reason: pdfTextLiteral(info.reason),
      location: pdfTextLiteral(info.location),
      name: pdfTextLiteral(info.name),
      contactInfo: pdfTextLiteral(info.contactInfo ?? ''),
      signingTime: info.signingTime,
      // @signpdf's placeholder counts hex digits, two per byte of DER.
      signatureLength: 2 * (await signatureLengthFor(credential, info.tsaUrl)),
      subFilter: 'ETSI.CAdES.detached',
    });
    // signpdf finds the placeholder by scanning the file; object streams would compress it away.
    const prepared = await doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
    return new SignPdf().sign(Buffer.from(prepared), new PadesSigner(credential, info.tsaUrl), info.signingTime);
  };
  // The placeholder is sized to the authority's last token; should a token come out larger
  // (the authority changed its certificate), its size is now known: sign once more.
  const signed = await attempt().catch((e: unknown) => {
    if (info.tsaUrl && e instanceof Error && /exceeds placeholder length/.test(e.message)) return attempt();
    throw e;
  });
  if (!info.tsaUrl) return signed;
  // B-LT: the validation data after the time-stamped signature, in an incremental update.
  const ca = signer.caCertificatePem ? [derOfPem(signer.caCertificatePem)] : [];
  return appendDss(signed, {
    certs: [...credential.chain, ...ca, ...timestampCertificates(signed)],
    crls: signer.crls ? await signer.crls() : [],
  });
}

function derOfPem(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

/**
 * The placeholder writes Reason, Name, Location and ContactInfo with pdf-lib's PDFString.of,
 * which emits each character's low byte as is: 公证书电子签名 would come out as mojibake. So the
 * value handed to it is already the bytes of a PDF text string (PDF 32000 §7.9.2.2: UTF-16BE
 * with a byte-order mark), escaped for a literal string (§7.3.4.2), one character per byte.
 */
export function pdfTextLiteral(text: string): string {
  const bytes: number[] = [];
  if (/^[\x20-\x7e]*$/.test(text)) {
    for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i));
  } else {
    bytes.push(0xfe, 0xff);
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      bytes.push(unit >> 8, unit & 0xff);
    }
  }
  const escapes: Record<number, string> = { 0x28: '\\(', 0x29: '\\)', 0x5c: '\\\\', 0x0d: '\\r', 0x0a: '\\n' };
  return bytes.map((b) => escapes[b] ?? String.fromCharCode(b)).join('');
}

/**
 * What @signpdf/signer-p12's P12Signer does (SHA-256, signed contentType, signingTime and
 * messageDigest attributes, the whole chain attached), with one fix. forge keeps a parsed
 * UTF8String name as raw UTF-8 bytes and encodes it as UTF-8 again when writing the signer's
 * issuerAndSerialNumber (digitalbazaar/forge#847, vbuch/node-signpdf#111). Any issuer with a
 * non-ASCII name, such as the development CA or a CA with a Chinese name, then names an
 * issuer that does not exist, and verifiers cannot find the signer: pdfsig reports
 * "Unknown Validation Failure". Decoding the issuer name first makes forge write its original bytes.
 */
export class OfficeP12Signer extends Signer {
  private readonly opened: OpenedP12;

  constructor(p12: Buffer, passphrase: string) {
    super();
    this.opened = openP12(p12, passphrase);
  }

  override async sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> {
    const { key, certificate, certificates } = this.opened;
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(pdf.toString('binary'));
    for (const c of certificates) p7.addCertificate(c);
    const issuer = certificate.issuer.attributes.map((a) =>
      a.valueTagClass === (forge.asn1.Type.UTF8 as number) && typeof a.value === 'string'
        ? { ...a, value: forge.util.decodeUtf8(a.value) }
        : a,
    );
    p7.addSigner({
      key,
      certificate: { ...certificate, issuer: { ...certificate.issuer, attributes: issuer } },
      digestAlgorithm: forge.pki.oids.sha256,
      // This order (contentType, signingTime, messageDigest) is P12Signer's, chosen there for
      // the EU DSS validator.
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime, value: (signingTime ?? new Date()).toISOString() },
        { type: forge.pki.oids.messageDigest },
      ],
    });
    p7.sign({ detached: true });
    return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
  }
}
