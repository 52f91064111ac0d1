/**
 * Checks the PDF's own signature, independently of our database: the CMS over the ByteRange
 * (message digest and the signer's signature over the signed attributes), the signer's
 * certificate against the issuing certificate carried beside it, and the RFC 3161
 * signature time-stamp (imprint over the signature value, and the authority's own signature).
 * Reports the PAdES baseline level reached: B-B, B-T, or B-LT when a /DSS is present.
 */
import { createHash, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { ContentInfo, SignedData, type SignerInfo } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { readTimestampToken } from './pdf/timestamp.js';

const OID = {
  messageDigest: '1.2.840.113549.1.9.4',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT';

export interface SignatureCheck {
  /** The CMS signature, its digest, the signer's issuer link and any time-stamp all hold. */
  ok: boolean;
  problem?: string;
  level?: PadesLevel;
  /** The signer certificate's subject common name. */
  signer?: string;
  /** The time the signature claims (/M in the signature dictionary). */
  signedAt?: string;
  timestamp?: { time: string; tsa: string };
}

interface Verified {
  signerCert: X509Certificate;
  signature: Buffer;
  signerInfo: SignerInfo;
}

function commonName(cert: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? cert.subject;
}

/** One SignerInfo of a SignedData: digest of `content`, signature over the signed attributes, issuer link. */
function verifySignedData(cms: Buffer | ArrayBuffer, content: Buffer): Verified {
  const signedData = AsnConvert.parse(AsnConvert.parse(cms, ContentInfo).content, SignedData);
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo?.signedAttrs) throw new Error('no signer with signed attributes');
  const certs = (signedData.certificates ?? [])
    .filter((c) => c.certificate)
    .map((c) => new X509Certificate(Buffer.from(AsnConvert.serialize(c.certificate!))));
  const sid = signerInfo.sid.issuerAndSerialNumber;
  if (!sid) throw new Error('the signer is not named by issuer and serial number');
  const serial = Buffer.from(sid.serialNumber).toString('hex').replace(/^0+/, '').toUpperCase();
  const signerCert = certs.find((c) => c.serialNumber.replace(/^0+/, '').toUpperCase() === serial);
  if (!signerCert) throw new Error('the signer certificate is not in the signature');

  const md = signerInfo.signedAttrs.find((a) => a.attrType === OID.messageDigest);
  if (!md) throw new Error('no message-digest attribute');
  const claimed = Buffer.from(AsnConvert.parse(md.attrValues[0], OctetString).buffer);
  if (!claimed.equals(createHash('sha256').update(content).digest())) throw new Error('the signed bytes do not match the message digest');

  // RFC 5652 §5.4: the signature covers the attributes' DER as a SET OF (DER: the order they are in).
  const attrs = derSet(signerInfo.signedAttrs.map((a) => Buffer.from(AsnConvert.serialize(a))));
  const signature = Buffer.from(signerInfo.signature.buffer);
  if (!nodeVerify('sha256', attrs, signerCert.publicKey, signature)) throw new Error('the signature value does not verify');

  const issuer = certs.find((c) => c !== signerCert && signerCert.checkIssued(c));
  if (issuer && !signerCert.verify(issuer.publicKey)) throw new Error('the signer certificate is not signed by its issuer');
  return { signerCert, signature, signerInfo };
}

/** The last signature's hole: the CMS DER in /Contents (without its zero padding) and the bytes it covers. */
export function signatureOfPdf(pdf: Buffer): { cms: Buffer; signedBytes: Buffer; dictionary: string } | undefined {
  const text = pdf.toString('latin1');
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = all.at(-1);
  if (!m) return undefined;
  const [a, b, c, d] = m.slice(1).map(Number);
  if (a !== 0 || c + d !== pdf.length || b >= c) return undefined;
  const der = Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex');
  if (der[0] !== 0x30) return undefined;
  const n = der[1] & 0x7f;
  const len = der[1] < 0x80 ? der[1] : der.subarray(2, 2 + n).reduce((x, y) => x * 256 + y, 0);
  const cms = der.subarray(0, (der[1] < 0x80 ? 2 : 2 + n) + len);
  const dictStart = text.lastIndexOf('<<', m.index);
  return { cms, signedBytes: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), dictionary: text.slice(dictStart, c + 400) };
}

/** PDF 32000 §7.9.4 date (D:YYYYMMDDHHmmSSOHH'mm) as ISO 8601. */
function pdfDate(dictionary: string): string | undefined {
  const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(dictionary);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  const t = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export function checkPdfSignature(pdf: Buffer): SignatureCheck {
  const found = signatureOfPdf(pdf);
  if (!found) return { ok: false, problem: 'no signature over the whole file' };
  try {
    const main = verifySignedData(found.cms, found.signedBytes);
    const result: SignatureCheck = { ok: true, level: 'B-B', signer: commonName(main.signerCert), signedAt: pdfDate(found.dictionary) };
    const tsAttr = main.signerInfo.unsignedAttrs?.find((a) => a.attrType === OID.signatureTimeStampToken);
    if (tsAttr) {
      const token = Buffer.from(tsAttr.attrValues[0]);
      const info = readTimestampToken(token);
      if (!Buffer.from(info.messageImprint.hashedMessage.buffer).equals(createHash('sha256').update(main.signature).digest())) {
        throw new Error('the time-stamp is not over this signature');
      }
      const signedData = AsnConvert.parse(AsnConvert.parse(token, ContentInfo).content, SignedData);
      const e = signedData.encapContentInfo.eContent!;
      const tst = verifySignedData(token, Buffer.from(e.single ? e.single.buffer : e.any!));
      result.level = 'B-T';
      result.timestamp = { time: info.genTime.toISOString(), tsa: commonName(tst.signerCert) };
    }
    if (result.level === 'B-T' && /\/DSS\s/.test(pdf.toString('latin1'))) result.level = 'B-LT';
    return result;
  } catch (e) {
    return { ok: false, problem: (e as Error).message };
  }
}

function derSet(elements: Buffer[]): Buffer {
  const body = Buffer.concat(elements);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([0x31, ...len]), body]);
}

/**
 * The `signature` facts of the verify answer: level, signer, signedAt, timestamp; a signature
 * without a time-stamp says so (the service had no TSA_URL), and a broken one says why.
 */
export function signatureAnswer(check: SignatureCheck | undefined) {
  if (!check) return {};
  if (!check.ok) return { problem: check.problem };
  return {
    level: check.level,
    signer: check.signer,
    signedAt: check.signedAt,
    ...(check.timestamp
      ? { timestamp: check.timestamp }
      : { timestamp: null, note: 'No trusted time-stamp (B-B): the signing time is the signer’s own claim.' }),
  };
}
