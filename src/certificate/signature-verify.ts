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
import { catalogDictionary, readDss } from './pdf/ltv.js';
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
  /** The signer certificate's serial number (hex): a renewed office certificate has another. */
  signerSerial?: string;
  /** The CA the signer's chain ends at, when trusted CAs were given. */
  issuer?: string;
  /** The time the signature claims (/M in the signature dictionary). */
  signedAt?: string;
  timestamp?: { time: string; tsa: string };
}

interface Verified {
  signerCert: X509Certificate;
  carried: X509Certificate[];
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
  return { signerCert, carried: certs, signature, signerInfo };
}

/** The last signature's hole: the CMS DER in /Contents (without its zero padding) and the bytes it covers. */
export function signatureOfPdf(pdf: Buffer): { cms: Buffer; signedBytes: Buffer; dictionary: string } | undefined {
  const text = pdf.toString('latin1');
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const m = all.at(-1);
  if (!m) return undefined;
  const [a, b, c, d] = m.slice(1).map(Number);
  if (a !== 0 || c + d > pdf.length || b >= c) return undefined;
  if (c + d !== pdf.length && !onlyDssAfter(pdf, c + d)) return undefined;
  const der = Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex');
  if (der[0] !== 0x30) return undefined;
  const n = der[1] & 0x7f;
  const len = der[1] < 0x80 ? der[1] : der.subarray(2, 2 + n).reduce((x, y) => x * 256 + y, 0);
  const cms = der.subarray(0, (der[1] < 0x80 ? 2 : 2 + n) + len);
  const dictStart = text.lastIndexOf('<<', m.index);
  return { cms, signedBytes: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), dictionary: text.slice(dictStart, c + 400) };
}

/**
 * Whether everything after the signed bytes is one incremental update that only adds validation
 * data (ltv.ts): the catalog again with nothing but /DSS added, and new objects (numbers at or
 * above the signed file's /Size) that are the DSS, its VRI and plain streams. Anything else —
 * a page, an annotation, a redefined object — means the document was changed after signing.
 */
function onlyDssAfter(pdf: Buffer, signedEnd: number): boolean {
  const before = pdf.subarray(0, signedEnd).toString('latin1');
  const after = pdf.subarray(signedEnd).toString('latin1');
  const trailer = [...before.matchAll(/trailer\s*<<([\s\S]*?)>>\s*startxref/g)].at(-1)?.[1] ?? '';
  const size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1] ?? NaN);
  const root = /\/Root\s+(\d+)\s+(\d+)\s+R/.exec(trailer);
  if (!root || !Number.isFinite(size)) return false;
  let original: string;
  try {
    original = catalogDictionary(before, Number(root[1]), Number(root[2]));
  } catch {
    return false;
  }
  // Walk the update object by object; streams are skipped by their /Length.
  let rest = after;
  let catalogSeen = false;
  for (;;) {
    const head = /^\s*(\d+)\s+(\d+)\s+obj\s*/.exec(rest);
    if (!head) break;
    const num = Number(head[1]);
    rest = rest.slice(head[0].length);
    const stream = /^<<\s*\/Length\s+(\d+)\s*>>\s*stream\r?\n/.exec(rest);
    if (stream) {
      if (num < size) return false;
      rest = rest.slice(stream[0].length + Number(stream[1]));
      const end = /^\s*endstream\s*endobj/.exec(rest);
      if (!end) return false;
      rest = rest.slice(end[0].length);
      continue;
    }
    const dict = /^(<<[\s\S]*?>>)\s*endobj/.exec(rest);
    if (!dict) return false;
    rest = rest.slice(dict[0].length);
    if (num === Number(root[1])) {
      if (catalogSeen || dict[1].replace(/\/DSS\s+\d+\s+0\s+R\s*/, '').replace(/\s+/g, '') !== original.replace(/\s+/g, '')) return false;
      catalogSeen = true;
    } else if (num < size || !/^<<\s*\/Type\s*\/(DSS|VRI)\s/.test(dict[1])) return false;
  }
  // What remains is the xref section and trailer of this update, and nothing else.
  return catalogSeen && /^\s*xref\s+[\d\s]+(?:[fn]\s+[\d\s]*)*trailer\s*<<[^]*?>>\s*startxref\s+\d+\s+%%EOF\s*$/.test(rest);
}

/** PDF 32000 §7.9.4 date (D:YYYYMMDDHHmmSSOHH'mm) as ISO 8601. */
function pdfDate(dictionary: string): string | undefined {
  const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(dictionary);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  const t = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export interface TrustOptions {
  /**
   * The CAs an office's signing certificate must chain to (the development CA, or
   * SIGNING_CA_CERT in production). Without them only the issuer carried in the CMS is checked.
   */
  trustedCas?: X509Certificate[];
}

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

/**
 * Builds the signer's path up to one of `trusted`, through the certificates carried in the
 * CMS or the DSS, checking each link's signature and that each certificate was valid at `at`
 * (the time-stamp's time, or the claimed signing time). Returns the trusted CA reached.
 */
function chainToTrusted(signer: X509Certificate, carried: X509Certificate[], trusted: X509Certificate[], at: Date): X509Certificate {
  const validAt = (c: X509Certificate) => new Date(c.validFrom).getTime() <= at.getTime() && at.getTime() <= new Date(c.validTo).getTime();
  let current = signer;
  for (let depth = 0; depth < 6; depth++) {
    if (!validAt(current)) throw new Error(`the certificate ${commonName(current)} was not valid at ${at.toISOString()}`);
    const anchor = trusted.find((ca) => current.checkIssued(ca) && current.verify(ca.publicKey));
    if (anchor) return anchor;
    if (trusted.some((ca) => ca.fingerprint256 === current.fingerprint256)) return current;
    const up = carried.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!up) break;
    current = up;
  }
  throw new Error('the signer certificate does not chain to the configured CA');
}

export function checkPdfSignature(pdf: Buffer, options: TrustOptions = {}): SignatureCheck {
  const found = signatureOfPdf(pdf);
  if (!found) return { ok: false, problem: 'no signature over the whole file, or the file was changed after it' };
  try {
    const main = verifySignedData(found.cms, found.signedBytes);
    const result: SignatureCheck = {
      ok: true,
      level: 'B-B',
      signer: commonName(main.signerCert),
      signerSerial: main.signerCert.serialNumber,
      signedAt: pdfDate(found.dictionary),
    };
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
      if (!tst.signerCert.keyUsage?.includes(TIME_STAMPING)) throw new Error('the time-stamp is not signed by a time-stamping certificate');
      result.level = 'B-T';
      result.timestamp = { time: info.genTime.toISOString(), tsa: commonName(tst.signerCert) };
    }
    const dss = dssOf(pdf);
    if (options.trustedCas) {
      const carried = [...main.carried, ...(dss?.certs ?? []).map((c) => new X509Certificate(c))];
      const at = new Date(result.timestamp?.time ?? result.signedAt ?? Date.now());
      result.issuer = commonName(chainToTrusted(main.signerCert, carried, options.trustedCas, at));
    }
    if (result.level === 'B-T' && dss && dss.certs.length > 0) result.level = 'B-LT';
    return result;
  } catch (e) {
    return { ok: false, problem: (e as Error).message };
  }
}

function dssOf(pdf: Buffer) {
  try {
    return readDss(pdf);
  } catch {
    return undefined;
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
  // Only what the signature says: an absent field stays absent instead of overriding a known one with undefined.
  return {
    ...(check.level && { level: check.level }),
    ...(check.signer && { signer: check.signer }),
    ...(check.signerSerial && { signerSerial: check.signerSerial }),
    ...(check.issuer && { issuer: check.issuer }),
    ...(check.signedAt && { signedAt: check.signedAt }),
    ...(check.timestamp
      ? { timestamp: check.timestamp }
      : { timestamp: null, note: 'No trusted time-stamp (B-B): the signing time is the signer’s own claim.' }),
  };
}
