/**
 * Signing credentials. Production loads the office's PKCS#12 as issued by a real CA
 * (`loadP12Signer`). Development and tests get a self-issued CA and an office certificate
 * under it, made once per directory and reused, so that signatures made on one run still chain
 * to the same CA on the next.
 */
import { createHash, createPrivateKey, generateKeyPair, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import forge from 'node-forge';
import { issueCrl } from './ltv.js';
import { openP12, SigningCredentialError, type PdfSigner } from './sign.js';

export interface DevSigner extends PdfSigner {
  certificatePem: string;
  caCertificatePem: string;
  /** The development CA's current CRL (also written to `dev-ca/ca/ca.crl`), re-issued a day before it expires. */
  crls: () => Promise<Buffer[]>;
}

export interface LoadedSigner extends PdfSigner {
  certificatePem: string;
}

export const DEV_CA_COMMON_NAME = 'Remote Notary Development CA — NOT FOR PRODUCTION';

const CA_DIR = 'ca';
const CA_KEY = 'ca.key.pem';
const CA_CERT = 'ca.cert.pem';
const CA_CRL = 'ca.crl';
const OFFICE_P12 = 'office.p12';
const OFFICE_CERT = 'office.cert.pem';
const OFFICE_PASSPHRASE = 'passphrase';

const generateRsa = promisify(generateKeyPair);

/**
 * Attribute values as UTF8String, not forge's default PrintableString, which cannot hold
 * Chinese or "—". forge reads this field as an ASN.1 universal type; @types/node-forge
 * mistypes it as a tag class, hence the cast.
 */
const UTF8_STRING = forge.asn1.Type.UTF8 as number as forge.asn1.Class;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/**
 * The development signer for `officeName`, from `dir/dev-ca/` if it is there, else made now.
 * Layout: `dev-ca/ca/` (the CA key and certificate, shared by all offices) and
 * `dev-ca/office-<hash of the name>/` (PKCS#12, certificate, passphrase).
 */
export async function loadOrCreateDevSigner(
  dir: string,
  subject: { officeName: string },
  options: { now?: Date; clock?: () => Date } = {},
): Promise<DevSigner> {
  const now = options.now ?? options.clock?.() ?? new Date();
  const root = path.join(dir, 'dev-ca');
  await mkdir(root, { recursive: true, mode: 0o700 });
  const ca = await loadOrCreate(root, CA_DIR, () => createCa(now), loadCa, now);
  const officeDir = `office-${createHash('sha256').update(subject.officeName).digest('hex').slice(0, 16)}`;
  const office = await loadOrCreate(root, officeDir, () => createOffice(ca, subject.officeName, now), loadOffice, now);
  return {
    p12: office.p12,
    passphrase: office.passphrase,
    certificatePem: office.certificatePem,
    caCertificatePem: ca.certificatePem,
    crls: crlSource(path.join(root, CA_DIR), ca, options.clock ?? (() => options.now ?? new Date())),
  };
}

/** The development CA's certificate (made if absent), for checking signatures without signing. */
export async function loadOrCreateDevCa(dir: string, options: { now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const root = path.join(dir, 'dev-ca');
  await mkdir(root, { recursive: true, mode: 0o700 });
  return (await loadOrCreate(root, CA_DIR, () => createCa(now), loadCa, now)).certificatePem;
}

const crlSources = new Map<string, () => Promise<Buffer[]>>();

/** One CRL per CA directory and process, issued on first use and again a day before its nextUpdate. */
function crlSource(dir: string, ca: Ca, clock: () => Date): () => Promise<Buffer[]> {
  const key = `${dir}\n${ca.certificatePem}`;
  const known = crlSources.get(key);
  if (known) return known;
  let current: { der: Buffer; nextUpdate: Date } | undefined;
  const source = async () => {
    const now = clock();
    if (!current || current.nextUpdate.getTime() - now.getTime() < DAY || now.getTime() < current.nextUpdate.getTime() - 8 * DAY) {
      const nextUpdate = new Date(now.getTime() + 7 * DAY);
      const der = issueCrl(derOfPem(ca.certificatePem), createPrivateKey(forge.pki.privateKeyToPem(ca.key)), {
        thisUpdate: new Date(now.getTime() - HOUR),
        nextUpdate,
        number: Math.floor(now.getTime() / 1000),
      });
      await writeFile(path.join(dir, CA_CRL), der, { mode: 0o644 });
      current = { der, nextUpdate };
    }
    return [current.der];
  };
  crlSources.set(key, source);
  return source;
}

function derOfPem(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
}

/** Loads a PKCS#12 file and proves the passphrase opens it, so a bad secret fails at start-up, not at the first certificate. */
export async function loadP12Signer(file: string, passphrase: string): Promise<LoadedSigner> {
  let p12: Buffer;
  try {
    p12 = await readFile(file);
  } catch (e) {
    throw new SigningCredentialError(`cannot read the signing PKCS#12 at ${file}: ${(e as Error).message}`);
  }
  const { certificate } = openP12(p12, passphrase, `the signing PKCS#12 at ${file}`);
  return { p12, passphrase, certificatePem: forge.pki.certificateToPem(certificate) };
}

interface Expiring {
  notAfter: Date;
}

/**
 * Loads the credential in `root/name`, or makes it and moves it into place in one rename, so
 * two processes starting together cannot end up with a key from one and a certificate from the
 * other. An expired credential is replaced.
 */
async function loadOrCreate<T extends Expiring>(
  root: string,
  name: string,
  create: () => Promise<Map<string, string | Buffer>>,
  load: (dir: string) => Promise<T>,
  now: Date,
): Promise<T> {
  const target = path.join(root, name);
  const existing = await load(target).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing && existing.notAfter.getTime() > now.getTime() + DAY) return existing;
  if (existing) await rm(target, { recursive: true, force: true });

  const staging = await mkdtemp(path.join(root, `.${name}-`));
  try {
    for (const [file, content] of await create()) {
      await writeFile(path.join(staging, file), content, { mode: 0o600 });
    }
    await rename(staging, target);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    // Another process won the race: use what it made.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
  }
  return load(target);
}

interface Ca extends Expiring {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
  certificatePem: string;
}

interface Office extends Expiring {
  p12: Buffer;
  passphrase: string;
  certificatePem: string;
}

async function loadCa(dir: string): Promise<Ca> {
  const [keyPem, certificatePem] = await Promise.all([readFile(path.join(dir, CA_KEY), 'utf8'), readFile(path.join(dir, CA_CERT), 'utf8')]);
  const cert = forge.pki.certificateFromPem(certificatePem);
  return { key: forge.pki.privateKeyFromPem(keyPem), cert, certificatePem, notAfter: cert.validity.notAfter };
}

async function loadOffice(dir: string): Promise<Office> {
  const [p12, passphrase, certificatePem] = await Promise.all([
    readFile(path.join(dir, OFFICE_P12)),
    readFile(path.join(dir, OFFICE_PASSPHRASE), 'utf8'),
    readFile(path.join(dir, OFFICE_CERT), 'utf8'),
  ]);
  const notAfter = forge.pki.certificateFromPem(certificatePem).validity.notAfter;
  return { p12, passphrase: passphrase.trim(), certificatePem, notAfter };
}

// Development certificates start a day before "now": the service clock (shifted in tests) and a
// time-stamping authority's clock may disagree, and a signature is checked at the time-stamp's time.
async function createCa(now: Date): Promise<Map<string, string>> {
  const { privateKey, cert } = await certificate({
    subject: [
      { shortName: 'CN', value: DEV_CA_COMMON_NAME },
      { shortName: 'O', value: 'Remote Notary (development)' },
    ],
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 10 * 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return new Map([
    [CA_KEY, forge.pki.privateKeyToPem(privateKey)],
    [CA_CERT, forge.pki.certificateToPem(cert)],
  ]);
}

async function createOffice(ca: Ca, officeName: string, now: Date): Promise<Map<string, string | Buffer>> {
  const { privateKey, cert } = await certificate({
    subject: [
      { shortName: 'CN', value: officeName },
      { shortName: 'O', value: officeName },
      { shortName: 'OU', value: 'Development signing key — NOT FOR PRODUCTION' },
      { shortName: 'C', value: 'CN' },
    ],
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(Math.min(now.getTime() + 3 * 365 * DAY, ca.notAfter.getTime())),
    issuer: ca,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      // PDF signing by an organisation: readers look for non-repudiation (content commitment).
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
    ],
  });
  const passphrase = randomBytes(24).toString('base64url');
  const asn1 = forge.pkcs12.toPkcs12Asn1(privateKey, [cert, ca.cert], passphrase, {
    algorithm: 'aes256',
    friendlyName: officeName,
  });
  return new Map<string, string | Buffer>([
    [OFFICE_P12, Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')],
    [OFFICE_CERT, forge.pki.certificateToPem(cert)],
    [OFFICE_PASSPHRASE, passphrase],
  ]);
}

interface CertificateRequest {
  subject: Array<{ shortName: string; value: string }>;
  notBefore: Date;
  notAfter: Date;
  /** Absent: self-issued. */
  issuer?: Ca;
  extensions: object[];
}

async function certificate(req: CertificateRequest): Promise<{ privateKey: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate }> {
  // Node's OpenSSL makes an RSA-2048 key in tens of milliseconds; forge's own generator
  // takes seconds. forge then only builds and signs the certificate.
  const { privateKey: keyPem } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const privateKey = forge.pki.privateKeyFromPem(keyPem);
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);

  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = req.notBefore;
  cert.validity.notAfter = req.notAfter;
  // RFC 5280 appendix A: countryName is a PrintableString; the rest may be UTF8String.
  const attrs: forge.pki.CertificateField[] = req.subject.map((a) => (a.shortName === 'C' ? a : { ...a, valueTagClass: UTF8_STRING }));
  cert.setSubject(attrs);
  cert.setIssuer(req.issuer ? issuerName(req.issuer.cert) : attrs);
  cert.setExtensions([...req.extensions, { name: 'subjectKeyIdentifier' }]);
  cert.sign(req.issuer?.key ?? privateKey, forge.md.sha256.create());
  return { privateKey, cert };
}

/**
 * The issuer's subject as attributes to encode again. forge keeps a parsed UTF8String as its
 * raw UTF-8 bytes but encodes the value it is given as UTF-8 once more, so without decoding
 * first the issuer name would no longer match the CA's subject and the chain would break.
 */
function issuerName(ca: forge.pki.Certificate): forge.pki.CertificateField[] {
  return ca.subject.attributes.map((a) =>
    a.valueTagClass === UTF8_STRING && typeof a.value === 'string' ? { ...a, value: forge.util.decodeUtf8(a.value) } : a,
  );
}

/** RFC 5280 §4.1.2.2: positive, at most 20 octets, unpredictable. */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}
