/**
 * `npm run certificate:verify-offline -- certificate.pdf --jwks jwks.json [--ca ca.pem]`
 * Checks a certificate with no network: the receipt embedded in the PDF (attachment
 * receipt.jws) must verify against the office's published keys (a saved copy of
 * /.well-known/jwks.json). Prints the facts the receipt vouches for. With `--id` and `--name`
 * it also checks the holder hash. The PDF's own PAdES signature is checked too (CMS over the
 * ByteRange, time-stamp, only a DSS update after it); with `--ca` the signer certificate must
 * chain to that CA (PEM, the development CA's ca.cert.pem or the production SIGNING_CA_CERT).
 * Exit 0 verified, 1 not verified, 2 usage error.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { checkLogProof } from '../audit/log/log-proof-offline.js';
import { certificatesOfPem } from './pdf/office-keys.js';
import { extractReceipt, LOG_PROOF_ATTACHMENT } from './pdf/receipt.js';
import { checkPdfSignature } from './signature-verify.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      jwks: { type: 'string' },
      ca: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      'log-key': { type: 'string' },
      'witness-key': { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1 || !values.jwks) {
    console.error(
      'usage: certificate:verify-offline -- <certificate.pdf> --jwks <jwks.json> [--ca <ca.pem>] [--id <ID number> --name <name>] [--log-key <vkey> [--witness-key <vkey>]…]',
    );
    return 2;
  }
  const pdf = await readFile(positionals[0]);
  const jwks = JSON.parse(await readFile(values.jwks, 'utf8')) as JSONWebKeySet;
  const receipt = await extractReceipt(new Uint8Array(pdf)).catch(() => undefined);
  if (!receipt) {
    console.error('NOT VERIFIED: the PDF carries no receipt (receipt.jws); it was not issued by this service.');
    return 1;
  }
  let claims: { certificateId: string; no: string; holderHash: string; [k: string]: unknown };
  try {
    const { payload, protectedHeader } = await compactVerify(receipt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    claims = JSON.parse(new TextDecoder().decode(payload));
    console.error(`receipt signature valid (kid ${protectedHeader.kid})`);
  } catch (err) {
    console.error(`NOT VERIFIED: the receipt does not verify against these keys (${err instanceof Error ? err.message : String(err)}).`);
    return 1;
  }
  const trustedCas = values.ca ? certificatesOfPem(await readFile(values.ca, 'utf8')) : undefined;
  if (values.ca && !trustedCas?.length) {
    console.error(`usage: ${values.ca} holds no PEM certificate`);
    return 2;
  }
  const check = checkPdfSignature(pdf, { trustedCas });
  if (!check.ok) {
    console.error(`NOT VERIFIED: the PDF signature does not hold (${check.problem}).`);
    return 1;
  }
  const { level, signer, signedAt, timestamp = null } = check;
  console.log(
    JSON.stringify(
      { ...claims, signature: { level, signer, signerSerial: check.signerSerial, signedAt, timestamp, issuer: check.issuer } },
      null,
      2,
    ),
  );
  console.error(
    `PDF signature valid: ${level}, signed by ${signer}` +
      (check.issuer
        ? `, chaining to ${check.issuer}`
        : ' (no --ca given: the signer certificate was checked only against the issuer it carries)'),
  );
  const logProof = await extractReceipt(new Uint8Array(pdf), LOG_PROOF_ATTACHMENT).catch(() => undefined);
  if (!checkLogProof(logProof, claims, values['log-key'], values['witness-key'] ?? [])) return 1;
  if (values.id && values.name) {
    const hash = createHash('sha256').update(`${claims.certificateId}:${values.id.toUpperCase()}:${values.name}`).digest('hex');
    if (hash !== claims.holderHash) {
      console.error('NOT VERIFIED: the ID number and name given are not the holder’s.');
      return 1;
    }
    console.error('holder matches the ID number and name given');
  }
  console.error(`VERIFIED: ${claims.no}.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`verify-offline failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
