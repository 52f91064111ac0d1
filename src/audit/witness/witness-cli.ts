/**
 * `npm run witness -- --name witness.example/w1 --key FILE --state FILE --log <log verifier key> [--listen 127.0.0.1:7380]`
 *
 * A C2SP tlog-witness: POST /add-checkpoint (docs/evidence.md, "Witnesses"). It keeps, per
 * log origin, the latest checkpoint it cosigned (in --state, written before it answers) and
 * cosigns a new one only with a valid consistency proof from that one (C2SP tlog-cosignature/v1).
 * The Ed25519 seed lives in --key (made on first start, mode 0600). Prints its verifier key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { NoteSigner, parseVerifierKey } from '../log/note.js';
import { addCheckpoint, type WitnessState } from './witness.js';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    key: { type: 'string' },
    state: { type: 'string' },
    log: { type: 'string', multiple: true },
    listen: { type: 'string', default: '127.0.0.1:7380' },
  },
});
if (!values.name || !values.key || !values.state || !values.log?.length) {
  console.error(
    'usage: npm run witness -- --name <name> --key <seed file> --state <state file> --log <log verifier key> [--listen host:port]',
  );
  process.exit(2);
}
if (!existsSync(values.key)) writeFileSync(values.key, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
const signer = new NoteSigner(values.name, Buffer.from(readFileSync(values.key, 'utf8').trim(), 'base64'), 'cosignature');
const logs = values.log.map(parseVerifierKey);
const statePath = values.state;
let state: WitnessState = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as WitnessState) : {};
let queue: Promise<unknown> = Promise.resolve();

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/add-checkpoint') {
    res.writeHead(404).end('not found\n');
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > 64 * 1024) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    // One request at a time: the size check and the update are atomic.
    queue = queue.then(() => {
      const { reply, next } = addCheckpoint(Buffer.concat(chunks).toString('utf8'), logs, state, signer, () =>
        Math.floor(Date.now() / 1000),
      );
      if (next) {
        writeFileSync(`${statePath}.tmp`, JSON.stringify(next));
        renameSync(`${statePath}.tmp`, statePath);
        state = next;
      }
      if (reply.status !== 200) console.error(`refused (${reply.status}): ${reply.body.trim()}`);
      res.writeHead(reply.status, { 'Content-Type': reply.contentType }).end(reply.body);
    });
  });
});
const [host, port] = values.listen.split(':');
server.listen(Number(port), host, () => {
  const a = server.address();
  const url = typeof a === 'object' && a ? `http://${host}:${a.port}` : values.listen;
  console.log(`witness ${signer.verifierKey} listening on ${url}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
