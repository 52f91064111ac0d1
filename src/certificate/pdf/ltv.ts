/**
 * PAdES baseline B-LT (ETSI EN 319 142-1 §5.4): the validation data a verifier needs once the
 * certificates have expired — the signer's chain, the CA's CRL and the time-stamping
 * authority's chain — in a Document Security Store, added by an incremental update after the
 * signature so that the signed bytes stay as they were.
 *
 * The update is written by hand (no PDF library appends an incremental update to a file it
 * did not write): the catalog again with /DSS, the DSS dictionary, one stream per certificate
 * and CRL, a VRI entry for the signature, and an xref section chained to the previous one by /Prev.
 */
import { createHash, sign as nodeSign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AuthorityKeyIdentifier,
  Certificate,
  CertificateList,
  CRLNumber,
  Extension,
  KeyIdentifier,
  SubjectKeyIdentifier,
  TBSCertList,
  Time,
  Version,
  id_ce_authorityKeyIdentifier,
  id_ce_cRLNumber,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';

export interface ValidationData {
  /** DER certificates: the signer's chain and the TSA's. Duplicates are written once. */
  certs: Buffer[];
  /** DER CRLs. */
  crls: Buffer[];
}

export class IncrementalUpdateError extends Error {
  override readonly name = 'IncrementalUpdateError';
}

/** The last trailer of a classic xref file: where its xref starts, /Size, /Root, /Info, /ID. */
function lastTrailer(pdf: string) {
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf);
  const trailer = [...pdf.matchAll(/trailer\s*<<([\s\S]*?)>>\s*startxref/g)].at(-1);
  if (!start || !trailer) throw new IncrementalUpdateError('the PDF has no classic trailer to chain an update to');
  const dict = trailer[1];
  const size = /\/Size\s+(\d+)/.exec(dict);
  const root = /\/Root\s+(\d+)\s+(\d+)\s+R/.exec(dict);
  if (!size || !root) throw new IncrementalUpdateError('the PDF trailer has no /Size or /Root');
  return {
    prev: Number(start[1]),
    size: Number(size[1]),
    root: { num: Number(root[1]), gen: Number(root[2]) },
    info: /\/Info\s+\d+\s+\d+\s+R/.exec(dict)?.[0],
    id: /\/ID\s*\[[^\]]*\]/.exec(dict)?.[0],
  };
}

/** The catalog's dictionary as written (the last definition of the object, in case of earlier updates). */
export function catalogDictionary(pdf: string, num: number, gen: number): string {
  const m = [...pdf.matchAll(new RegExp(`(?:^|[\\r\\n\\s])${num}\\s+${gen}\\s+obj\\s*(<<[\\s\\S]*?>>)\\s*endobj`, 'g'))].at(-1);
  if (!m) throw new IncrementalUpdateError(`the catalog object ${num} ${gen} R is not in the file`);
  return m[1];
}

/** The hex-decoded /Contents of the last signature, zero padding included: what the VRI key hashes. */
function signatureContents(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const m = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].at(-1);
  if (!m) throw new IncrementalUpdateError('the PDF is not signed');
  const [, b, c] = m.slice(1).map(Number);
  return Buffer.from(pdf.subarray(b + 1, c - 1).toString('latin1'), 'hex');
}

/** ETSI EN 319 142-1 §5.4.2.3: a VRI key is the upper-case hex SHA-1 of the signature's /Contents. */
export function vriKey(pdf: Buffer): string {
  return createHash('sha1').update(signatureContents(pdf)).digest('hex').toUpperCase();
}

function unique(items: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return items.filter((b) => {
    const h = createHash('sha256').update(b).digest('hex');
    if (seen.has(h)) return false;
    seen.add(h);
    return true;
  });
}

/** Appends the DSS (and a VRI entry for the last signature) as an incremental update. */
export function appendDss(signed: Buffer, data: ValidationData): Buffer {
  const text = signed.toString('latin1');
  const t = lastTrailer(text);
  const catalog = catalogDictionary(text, t.root.num, t.root.gen);
  if (/\/DSS\s/.test(catalog)) throw new IncrementalUpdateError('the PDF already has a DSS');
  const certs = unique(data.certs);
  const crls = unique(data.crls);

  let next = t.size;
  const dssNum = next++;
  const vriNum = next++;
  const streamNums = [...certs, ...crls].map(() => next++);
  const refs = (from: number, n: number) =>
    streamNums
      .slice(from, from + n)
      .map((o) => `${o} 0 R`)
      .join(' ');
  const certRefs = refs(0, certs.length);
  const crlRefs = refs(certs.length, crls.length);

  const objects: Array<{ num: number; gen: number; body: Buffer }> = [];
  const dict = (num: number, gen: number, s: string) => objects.push({ num, gen, body: Buffer.from(s, 'latin1') });
  dict(t.root.num, t.root.gen, `${catalog.replace(/>>\s*$/, '')}/DSS ${dssNum} 0 R\n>>`);
  dict(dssNum, 0, `<<\n/Type /DSS\n/Certs [${certRefs}]\n/CRLs [${crlRefs}]\n/VRI << /${vriKey(signed)} ${vriNum} 0 R >>\n>>`);
  dict(vriNum, 0, `<<\n/Type /VRI\n/Cert [${certRefs}]\n/CRL [${crlRefs}]\n>>`);
  [...certs, ...crls].forEach((der, i) =>
    objects.push({
      num: streamNums[i],
      gen: 0,
      body: Buffer.concat([Buffer.from(`<< /Length ${der.length} >>\nstream\n`, 'latin1'), der, Buffer.from('\nendstream', 'latin1')]),
    }),
  );

  const parts: Buffer[] = [signed, Buffer.from(text.endsWith('\n') ? '' : '\n', 'latin1')];
  let offset = parts.reduce((n, p) => n + p.length, 0);
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const o of objects) {
    const chunk = Buffer.concat([Buffer.from(`${o.num} ${o.gen} obj\n`, 'latin1'), o.body, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.set(o.num, { offset, gen: o.gen });
    parts.push(chunk);
    offset += chunk.length;
  }
  const xrefAt = offset;
  const entry = (e: { offset: number; gen: number }) => `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
  let xref = `xref\n${t.root.num} 1\n${entry(offsets.get(t.root.num)!)}${t.size} ${next - t.size}\n`;
  for (let n = t.size; n < next; n++) xref += entry(offsets.get(n)!);
  const trailer = ['/Size ' + next, `/Root ${t.root.num} ${t.root.gen} R`, t.info, t.id, `/Prev ${t.prev}`].filter(Boolean).join('\n');
  parts.push(Buffer.from(`${xref}trailer\n<<\n${trailer}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

export interface Dss {
  certs: Buffer[];
  crls: Buffer[];
  /** The VRI keys present. */
  vri: string[];
}

/** Reads back a DSS written by appendDss (for the verify answer and the tests); undefined without one. */
export function readDss(pdf: Buffer): Dss | undefined {
  const text = pdf.toString('latin1');
  const t = lastTrailer(text);
  const catalog = catalogDictionary(text, t.root.num, t.root.gen);
  const ref = /\/DSS\s+(\d+)\s+(\d+)\s+R/.exec(catalog);
  if (!ref) return undefined;
  const dss = catalogDictionary(text, Number(ref[1]), Number(ref[2]));
  const stream = (num: number): Buffer => {
    const m = [
      ...text.matchAll(new RegExp(`(?:^|[\\r\\n\\s])${num}\\s+0\\s+obj\\s*<<\\s*/Length\\s+(\\d+)\\s*>>\\s*stream\\r?\\n`, 'g')),
    ].at(-1);
    if (!m) throw new IncrementalUpdateError(`DSS stream ${num} is missing`);
    const start = m.index + m[0].length;
    return pdf.subarray(start, start + Number(m[1]));
  };
  const list = (key: string) =>
    [...(new RegExp(`/${key}\\s*\\[([^\\]]*)\\]`).exec(dss)?.[1] ?? '').matchAll(/(\d+)\s+\d+\s+R/g)].map((r) => stream(Number(r[1])));
  return {
    certs: list('Certs'),
    crls: list('CRLs'),
    vri: [...(/\/VRI\s*<<([\s\S]*?)>>/.exec(dss)?.[1] ?? '').matchAll(/\/([0-9A-F]{40})\s/g)].map((m) => m[1]),
  };
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/**
 * A CRL (RFC 5280 §5) issued by `caDer` with `caKey`, listing `revoked` serial numbers (hex):
 * what the development CA publishes for the DSS.
 */
export function issueCrl(
  caDer: Buffer,
  caKey: KeyObject,
  options: { thisUpdate: Date; nextUpdate: Date; number: number; revoked?: Array<{ serial: string; at: Date }> },
): Buffer {
  const ca = AsnConvert.parse(caDer, Certificate);
  const alg = new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
  const ski = ca.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
  const extensions = [
    new Extension({
      extnID: id_ce_cRLNumber,
      critical: false,
      extnValue: new OctetString(AsnConvert.serialize(new CRLNumber(options.number))),
    }),
  ];
  if (ski) {
    const keyId = AsnConvert.parse(ski.extnValue.buffer, SubjectKeyIdentifier);
    extensions.unshift(
      new Extension({
        extnID: id_ce_authorityKeyIdentifier,
        critical: false,
        extnValue: new OctetString(AsnConvert.serialize(new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(keyId.buffer) }))),
      }),
    );
  }
  const tbs = new TBSCertList({
    version: Version.v2,
    signature: alg,
    issuer: ca.tbsCertificate.subject,
    thisUpdate: new Time({ utcTime: options.thisUpdate }),
    nextUpdate: new Time({ utcTime: options.nextUpdate }),
    crlExtensions: extensions,
  });
  if (options.revoked?.length) {
    tbs.revokedCertificates = options.revoked.map((r) => ({
      userCertificate: new Uint8Array(Buffer.from(r.serial, 'hex')).buffer,
      revocationDate: new Time({ utcTime: r.at }),
    }));
  }
  const signature = nodeSign('sha256', Buffer.from(AsnConvert.serialize(tbs)), caKey);
  return Buffer.from(
    AsnConvert.serialize(new CertificateList({ tbsCertList: tbs, signatureAlgorithm: alg, signature: new Uint8Array(signature).buffer })),
  );
}
