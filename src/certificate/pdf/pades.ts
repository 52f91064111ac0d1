/**
 * PAdES baseline B-B signature value (ETSI EN 319 142-1 §6.3, ETSI EN 319 122-1 CAdES):
 * a detached CMS SignedData over the PDF's ByteRange whose signed attributes are
 * content-type, message-digest and signing-certificate-v2 (RFC 5035), and NOT signing-time,
 * which PAdES prohibits (the claimed time is the signature dictionary's /M).
 *
 * The ASN.1 structures come from @peculiar/asn1-cms; the signature itself is computed with
 * node:crypto (OpenSSL), which is what makes signing take about a millisecond instead of the
 * 150 ms forge's pure-JavaScript RSA took.
 */
import { createHash, createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import {
  Attribute,
  ContentInfo,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  id_data,
} from '@peculiar/asn1-cms';
import {
  AsnConvert,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  AsnArray,
  OctetString,
  AsnIntegerArrayBufferConverter,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, GeneralName, GeneralNames } from '@peculiar/asn1-x509';
import { Signer } from '@signpdf/signpdf';
import forge from 'node-forge';
import { openP12 } from './p12.js';
import { requestTimestamp } from './timestamp.js';

const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

// RFC 5035 §3: IssuerSerial, ESSCertIDv2, SigningCertificateV2.
@AsnType({ type: AsnTypeTypes.Sequence })
class IssuerSerial {
  @AsnProp({ type: GeneralNames }) issuer = new GeneralNames();
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter }) serialNumber = new ArrayBuffer(0);
  constructor(params: Partial<IssuerSerial> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence })
class EssCertIdV2 {
  // hashAlgorithm is left out: its DEFAULT is id-sha256, and DER omits a default value.
  @AsnProp({ type: OctetString }) certHash = new OctetString();
  @AsnProp({ type: IssuerSerial, optional: true }) issuerSerial?: IssuerSerial;
  constructor(params: Partial<EssCertIdV2> = {}) {
    Object.assign(this, params);
  }
}

@AsnType({ type: AsnTypeTypes.Sequence, itemType: EssCertIdV2 })
class EssCertIdV2s extends AsnArray<EssCertIdV2> {}

@AsnType({ type: AsnTypeTypes.Sequence })
class SigningCertificateV2 {
  @AsnProp({ type: EssCertIdV2s }) certs = new EssCertIdV2s();
  constructor(params: Partial<SigningCertificateV2> = {}) {
    Object.assign(this, params);
  }
}

/** DER of the OBJECT IDENTIFIER id-data (1.2.840.113549.1.7.1), the content-type attribute's value. */
const ID_DATA_DER = new Uint8Array([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]).buffer;

/** The signer's key as an OpenSSL key object and its chain as DER, the signer's own certificate first. */
export interface NativeCredential {
  key: KeyObject;
  chain: Buffer[];
}

// Opening a PKCS#12 with forge runs its key derivation in JavaScript (tens of milliseconds):
// do it once per file and passphrase per process.
const opened = new WeakMap<Buffer, Map<string, NativeCredential>>();

export function nativeCredential(p12: Buffer, passphrase: string): NativeCredential {
  let byPass = opened.get(p12);
  const hit = byPass?.get(passphrase);
  if (hit) return hit;
  const { key, certificate, certificates } = openP12(p12, passphrase);
  // The certificates' DER as it was stored: re-encoding a forge certificate can change a
  // UTF8String name (see OfficeP12Signer) and so break the CA's signature over it.
  const derOf = (c: forge.pki.Certificate) => {
    const asn1 = (c as unknown as { asn1?: forge.asn1.Asn1 }).asn1 ?? forge.pki.certificateToAsn1(c);
    return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  };
  const own = derOf(certificate);
  const others = certificates
    .filter((c) => c !== certificate)
    .map(derOf)
    .filter((d) => !d.equals(own));
  const credential: NativeCredential = {
    key: createPrivateKey(forge.pki.privateKeyToPem(key)),
    chain: [own, ...others],
  };
  if (!byPass) opened.set(p12, (byPass = new Map()));
  byPass.set(passphrase, credential);
  return credential;
}

/**
 * Room for the CMS in /Contents, computed rather than guessed: the exact size of this
 * credential's B-B CMS (built once over empty content: every field but the signature value
 * has a fixed size, and an RSA signature's is the modulus length; an ECDSA one varies by a few
 * bytes, hence SLACK), plus with a TSA the size of that authority's last token and the
 * unsigned attribute around it. Before the first token from an authority, a generous 6 KB.
 */
export async function signatureLengthFor(credential: NativeCredential, tsaUrl?: string): Promise<number> {
  let base = bbLength.get(credential);
  if (base === undefined) {
    base = (await buildCadesDetached(Buffer.alloc(0), credential)).length;
    bbLength.set(credential, base);
  }
  const last = tsaUrl ? lastTokenSize.get(tsaUrl) : undefined;
  // unsignedAttrs [1] { Attribute { OID, SET { token } } }: tags, lengths and the OID, at most 32 bytes;
  // the outer lengths may each take one byte more.
  const token = tsaUrl ? (last === undefined ? 6000 : last + TOKEN_SLACK) + 32 : 0;
  return base + SLACK + token;
}

const SLACK = 16;
/** A token from the same authority differs by its signature (ECDSA) and serial number: a few bytes. */
const TOKEN_SLACK = 32;
const bbLength = new WeakMap<NativeCredential, number>();

const lastTokenSize = new Map<string, number>();

/**
 * What a credential's signatures share: its certificates parsed, the signing-certificate and
 * content-type attributes, and the CMS's certificate set as the DER it was stored in. Made once
 * per credential: parsing and re-encoding the chain was most of what signing cost.
 */
interface SignerParts {
  tbs: Certificate['tbsCertificate'];
  attributes: Array<{ a: Attribute; der: Buffer }>;
  /** certificates [0] IMPLICIT CertificateSet, the signer's own first. */
  certificates: Buffer;
}

const signerParts = new WeakMap<NativeCredential, SignerParts>();
const SHA256_ALG = new AlgorithmIdentifier({ algorithm: OID.sha256 });
const SHA256_ALG_DER = Buffer.from(AsnConvert.serialize(SHA256_ALG));
const ENCAP_DATA_DER = Buffer.from(AsnConvert.serialize(new EncapsulatedContentInfo({ eContentType: id_data })));
/** OBJECT IDENTIFIER id-signedData (1.2.840.113549.1.7.2). */
const ID_SIGNED_DATA_DER = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]);
const VERSION_1_DER = Buffer.from([0x02, 0x01, 0x01]);

function partsOf(credential: NativeCredential): SignerParts {
  let parts = signerParts.get(credential);
  if (parts) return parts;
  const signerDer = credential.chain[0];
  const tbs = AsnConvert.parse(signerDer, Certificate).tbsCertificate;
  const signingCertificate = new SigningCertificateV2({
    certs: new EssCertIdV2s([
      new EssCertIdV2({
        certHash: new OctetString(createHash('sha256').update(signerDer).digest()),
        issuerSerial: new IssuerSerial({
          issuer: new GeneralNames([new GeneralName({ directoryName: tbs.issuer })]),
          serialNumber: tbs.serialNumber,
        }),
      }),
    ]),
  });
  const attributes = [
    attribute(OID.contentType, ID_DATA_DER),
    attribute(OID.signingCertificateV2, AsnConvert.serialize(signingCertificate)),
  ];
  parts = {
    tbs,
    attributes: attributes.map((a) => ({ a, der: Buffer.from(AsnConvert.serialize(a)) })),
    certificates: tlv(0xa0, credential.chain),
  };
  signerParts.set(credential, parts);
  return parts;
}

function attribute(type: string, value: ArrayBuffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [value] });
}

/**
 * The CMS for a PAdES signature: B-B, or B-T when `tsaUrl` is given (the signature value
 * time-stamped by that RFC 3161 authority, in the signature-time-stamp unsigned attribute).
 * The SignerInfo is encoded by @peculiar/asn1-cms; SignedData and ContentInfo around it are
 * put together from DER (RFC 5652 §5.1, §3), so that the certificates go in as they are.
 */
export async function buildCadesDetached(content: Buffer, credential: NativeCredential, tsaUrl?: string): Promise<Buffer> {
  const { tbs, attributes, certificates } = partsOf(credential);
  const digest = attribute(OID.messageDigest, AsnConvert.serialize(new OctetString(createHash('sha256').update(content).digest())));
  // DER orders a SET OF by the encodings of its elements (X.690 §11.6); the signature covers
  // the attributes encoded as that SET, and the SignerInfo must carry them in the same order.
  const encoded = [...attributes, { a: digest, der: Buffer.from(AsnConvert.serialize(digest)) }].sort((x, y) =>
    Buffer.compare(x.der, y.der),
  );
  const signedSet = tlv(
    0x31,
    encoded.map((e) => e.der),
  );

  const ec = credential.key.asymmetricKeyType === 'ec';
  const signature = nodeSign('sha256', signedSet, credential.key);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: tbs.issuer, serialNumber: tbs.serialNumber }) }),
    digestAlgorithm: SHA256_ALG,
    signedAttrs: encoded.map((e) => e.a),
    signatureAlgorithm: ec
      ? new AlgorithmIdentifier({ algorithm: OID.ecdsaWithSha256 })
      : new AlgorithmIdentifier({ algorithm: OID.sha256WithRsa, parameters: null }),
    signature: new OctetString(signature),
  });
  if (tsaUrl) {
    const { token } = await requestTimestamp(tsaUrl, signature);
    lastTokenSize.set(tsaUrl, token.length);
    signerInfo.unsignedAttrs = [new Attribute({ attrType: OID.signatureTimeStampToken, attrValues: [new Uint8Array(token).buffer] })];
  }
  // SignedData: version 1, digestAlgorithms SET { sha-256 }, encapContentInfo { id-data } (detached),
  // certificates, signerInfos SET { signerInfo }.
  const signedData = tlv(0x30, [
    VERSION_1_DER,
    tlv(0x31, [SHA256_ALG_DER]),
    ENCAP_DATA_DER,
    certificates,
    tlv(0x31, [Buffer.from(AsnConvert.serialize(signerInfo))]),
  ]);
  // ContentInfo: contentType id-signedData, content [0] EXPLICIT SignedData.
  return tlv(0x30, [ID_SIGNED_DATA_DER, tlv(0xa0, [signedData])]);
}

/** The certificates carried in the signature time-stamp token of the signed PDF's last signature (the TSA's chain). */
export function timestampCertificates(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  const m = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(-1);
  if (!m) return [];
  const der = Buffer.from(pdf.subarray(Number(m[2]) + 1, Number(m[3]) - 1).toString('latin1'), 'hex');
  const signedData = AsnConvert.parse(AsnConvert.parse(trimDer(der), ContentInfo).content, SignedData);
  const token = signedData.signerInfos[0]?.unsignedAttrs?.find((a) => a.attrType === OID.signatureTimeStampToken)?.attrValues[0];
  if (!token) return [];
  const tst = AsnConvert.parse(AsnConvert.parse(token, ContentInfo).content, SignedData);
  return (tst.certificates ?? []).filter((c) => c.certificate).map((c) => Buffer.from(AsnConvert.serialize(c.certificate!)));
}

/** A DER element without what follows it (the zero padding of /Contents). */
export function trimDer(der: Buffer): Buffer {
  const n = der[1] & 0x7f;
  const len = der[1] < 0x80 ? der[1] : der.subarray(2, 2 + n).reduce((x, y) => x * 256 + y, 0);
  return der.subarray(0, (der[1] < 0x80 ? 2 : 2 + n) + len);
}

/** A DER element of one-byte tag `tag` whose contents are `elements` one after another. */
function tlv(tag: number, elements: Buffer[]): Buffer {
  const body = Buffer.concat(elements);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** The @signpdf Signer for a PAdES B-B (or, with a TSA, B-T) signature. */
export class PadesSigner extends Signer {
  constructor(
    private readonly credential: NativeCredential,
    private readonly tsaUrl?: string,
  ) {
    super();
  }

  override async sign(pdf: Buffer): Promise<Buffer> {
    return buildCadesDetached(pdf, this.credential, this.tsaUrl);
  }
}
