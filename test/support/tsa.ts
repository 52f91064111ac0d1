/**
 * A real RFC 3161 time-stamping authority for tests: Debian's `openssl ts -reply` behind a small
 * HTTP handler (RFC 3161 §3.4: POST application/timestamp-query, answer application/timestamp-reply).
 * It makes its own CA and TSA certificate (extendedKeyUsage critical timeStamping, as RFC 3161
 * §2.3 requires) in a temporary directory; stop() closes the server and removes the directory.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalTsa {
  url: string;
  /** The TSA's CA certificate (PEM file), for `openssl ts -verify -CAfile`. */
  caFile: string;
  /** The TSA's own certificate (PEM file), for `-untrusted`. */
  certFile: string;
  dir: string;
  requests: number;
  stop(): Promise<void>;
}

export async function startLocalTsa(): Promise<LocalTsa> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tsa-'));
  const f = (name: string) => path.join(dir, name);
  await writeFile(
    f('ext.cnf'),
    'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n',
  );
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '3650',
    '-subj',
    '/CN=Test TSA Root',
  ]);
  await run('openssl', [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    f('tsa.key'),
    '-out',
    f('tsa.csr'),
    '-subj',
    '/CN=Test TSA',
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    f('tsa.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '3650',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('tsa.pem'),
  ]);
  await writeFile(f('serial'), '01\n');
  await writeFile(
    f('openssl.cnf'),
    [
      '[tsa]',
      'default_tsa = tsa_config',
      '[tsa_config]',
      `dir = ${dir}`,
      'serial = $dir/serial',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/ca.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.55555.1.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );

  let seq = 0;
  // openssl ts keeps its serial in one file: answer one request at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const reply = async (query: Buffer): Promise<Buffer> => {
    const n = ++seq;
    await writeFile(f(`q${n}.tsq`), query);
    await run('openssl', ['ts', '-reply', '-config', f('openssl.cnf'), '-queryfile', f(`q${n}.tsq`), '-out', f(`r${n}.tsr`)]);
    return readFile(f(`r${n}.tsr`));
  };
  const tsa: LocalTsa = {
    url: '',
    caFile: f('ca.pem'),
    certFile: f('tsa.pem'),
    dir,
    requests: 0,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/timestamp-query') {
        res.writeHead(400).end();
        return;
      }
      tsa.requests++;
      const answer = queue.then(() => reply(Buffer.concat(chunks)));
      queue = answer.catch(() => undefined);
      answer.then(
        (body) => res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body),
        () => res.writeHead(500).end(),
      );
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tsa.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  return tsa;
}
