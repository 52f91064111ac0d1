/**
 * Opening the office's PKCS#12: both signers (the forge one in sign.ts and the native PAdES one
 * in pades.ts) need it, so it sits below them both.
 */
import forge from 'node-forge';

export class SigningCredentialError extends Error {
  override readonly name = 'SigningCredentialError';
}

export interface OpenedP12 {
  key: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
  /** Every certificate in the file, the signer's own included. */
  certificates: forge.pki.Certificate[];
}

export function openP12(p12: Buffer, passphrase: string, source = 'the PKCS#12'): OpenedP12 {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12.toString('binary')), false, passphrase);
  } catch (e) {
    throw new SigningCredentialError(`cannot open ${source} (wrong passphrase, or not a PKCS#12 file): ${(e as Error).message}`);
  }
  const bag = (type: string) => parsed.getBags({ bagType: type })[type] ?? [];
  const key = [...bag(forge.pki.oids.pkcs8ShroudedKeyBag), ...bag(forge.pki.oids.keyBag)][0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new SigningCredentialError(`${source} holds no private key`);
  const certificates = bag(forge.pki.oids.certBag)
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => c !== undefined);
  const certificate = certificates.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.equals(key.n) && pub.e?.equals(key.e);
  });
  if (!certificate) throw new SigningCredentialError(`${source} holds no certificate for its private key`);
  return { key, certificate, certificates };
}
