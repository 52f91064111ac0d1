/**
 * RFC 3161 client: asks a time-stamping authority to time-stamp a signature value, for the
 * CAdES signature-time-stamp attribute that makes a PAdES signature B-T.
 *
 * The request is short enough to write as DER here; the response is read with
 * @peculiar/asn1-cms. Traps met against OpenSSL's authority (`openssl ts`): a nonce whose top bit is set would encode
 * as a negative INTEGER, and a needless 0x00 pad makes OpenSSL refuse the request; the nonce
 * must be compared by the client.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ContentInfo, SignedData } from '@peculiar/asn1-cms';
import {
  AsnConvert,
  AsnIntegerArrayBufferConverter,
  AsnProp,
  AsnPropTypes,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, GeneralName } from '@peculiar/asn1-x509';

export class TimestampError extends Error {
  override readonly name = 'TimestampError';
}

@AsnType({ type: AsnTypeTypes.Sequence })
class PkiStatusInfo {
  @AsnProp({ type: AsnPropTypes.Integer }) status = 0;
  @AsnProp({ type: AsnPropTypes.Any, optional: true }) statusString?: ArrayBuffer;
  @AsnProp({ type: AsnPropTypes.BitString, optional: true }) failInfo?: ArrayBuffer;
}

@AsnType({ type: AsnTypeTypes.Sequence })
class TimeStampResp {
  @AsnProp({ type: PkiStatusInfo }) status = new PkiStatusInfo();
  @AsnProp({ type: ContentInfo, optional: true }) timeStampToken?: ContentInfo;
}

@AsnType({ type: AsnTypeTypes.Sequence })
class MessageImprint {
  @AsnProp({ type: AlgorithmIdentifier }) hashAlgorithm = new AlgorithmIdentifier();
  @AsnProp({ type: OctetString }) hashedMessage = new OctetString();
}

@AsnType({ type: AsnTypeTypes.Sequence })
class Accuracy {
  @AsnProp({ type: AsnPropTypes.Integer, optional: true }) seconds?: number;
  @AsnProp({ type: AsnPropTypes.Integer, context: 0, implicit: true, optional: true }) millis?: number;
  @AsnProp({ type: AsnPropTypes.Integer, context: 1, implicit: true, optional: true }) micros?: number;
}

/** RFC 3161 §2.4.2 TSTInfo. */
@AsnType({ type: AsnTypeTypes.Sequence })
export class TstInfo {
  @AsnProp({ type: AsnPropTypes.Integer }) version = 1;
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier }) policy = '';
  @AsnProp({ type: MessageImprint }) messageImprint = new MessageImprint();
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter }) serialNumber = new ArrayBuffer(0);
  @AsnProp({ type: AsnPropTypes.GeneralizedTime }) genTime = new Date();
  @AsnProp({ type: Accuracy, optional: true }) accuracy?: Accuracy;
  @AsnProp({ type: AsnPropTypes.Boolean, defaultValue: false }) ordering = false;
  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerArrayBufferConverter, optional: true }) nonce?: ArrayBuffer;
  @AsnProp({ type: GeneralName, context: 0, optional: true }) tsa?: GeneralName;
  @AsnProp({ type: AsnPropTypes.Any, context: 1, implicit: true, optional: true }) extensions?: ArrayBuffer;
}

const SHA256 = Buffer.from('0609608648016503040201', 'hex'); // OID 2.16.840.1.101.3.4.2.1
export const ID_CT_TSTINFO = '1.2.840.113549.1.9.16.1.4';

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

/** RFC 3161 §2.4.1 TimeStampReq for a SHA-256 imprint, with a nonce and certReq TRUE. */
export function timeStampRequest(digest: Buffer, nonce: Buffer): Buffer {
  const algorithm = tlv(0x30, Buffer.concat([SHA256, Buffer.from([0x05, 0x00])]));
  const imprint = tlv(0x30, Buffer.concat([algorithm, tlv(0x04, digest)]));
  return tlv(0x30, Buffer.concat([Buffer.from([0x02, 0x01, 0x01]), imprint, tlv(0x02, nonce), Buffer.from([0x01, 0x01, 0xff])]));
}

/** A positive nonce with no leading zero byte, so its DER is exactly these bytes. */
export function newNonce(): Buffer {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] & 0x7f) | 0x01;
  return nonce;
}

export interface Timestamp {
  /** The TimeStampToken (a CMS ContentInfo), DER. */
  token: Buffer;
  info: TstInfo;
}

/** Reads the TSTInfo out of a TimeStampToken. */
export function readTimestampToken(token: Buffer | ArrayBuffer): TstInfo {
  const content = AsnConvert.parse(token, ContentInfo);
  const signed = AsnConvert.parse(content.content, SignedData);
  if (signed.encapContentInfo.eContentType !== ID_CT_TSTINFO || !signed.encapContentInfo.eContent) {
    throw new TimestampError('the time-stamp token holds no TSTInfo');
  }
  const e = signed.encapContentInfo.eContent;
  const bytes = e.single ? e.single.buffer : e.any;
  if (!bytes) throw new TimestampError('the time-stamp token holds no TSTInfo');
  return AsnConvert.parse(bytes, TstInfo);
}

/** Time-stamps `data` (the signature value) at `url`; checks status, imprint and nonce. */
export async function requestTimestamp(url: string, data: Buffer, options: { timeoutMs?: number } = {}): Promise<Timestamp> {
  const digest = createHash('sha256').update(data).digest();
  const nonce = newNonce();
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(timeStampRequest(digest, nonce)),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (e) {
    throw new TimestampError(`the time-stamping authority at ${url} did not answer: ${(e as Error).message}`);
  }
  if (!res.ok) throw new TimestampError(`the time-stamping authority at ${url} answered HTTP ${res.status}`);
  const resp = AsnConvert.parse(Buffer.from(await res.arrayBuffer()), TimeStampResp);
  // RFC 3161 §2.4.2: 0 granted, 1 grantedWithMods.
  if (resp.status.status > 1 || !resp.timeStampToken)
    throw new TimestampError(`the time-stamping authority refused the request (status ${resp.status.status})`);
  const token = Buffer.from(AsnConvert.serialize(resp.timeStampToken));
  const info = readTimestampToken(token);
  if (!Buffer.from(info.messageImprint.hashedMessage.buffer).equals(digest))
    throw new TimestampError('the time-stamp token is for other data');
  if (!info.nonce || !Buffer.from(info.nonce).equals(nonce)) throw new TimestampError('the time-stamp token does not carry our nonce');
  return { token, info };
}
