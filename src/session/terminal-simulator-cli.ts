/**
 * SIMULATOR of a point's identity terminal, from the command line (see terminal-simulator.ts).
 *   npm run terminal:simulate -- register --url http://localhost:3000 --token <assistant token> --point <pointId> --key terminal.json
 *   npm run terminal:simulate -- attest --key terminal.json --booking <id> --name 王堃 --id-number 3211… [--score 0.93] [--liveness true] [--valid-until 2036-01-01]
 * `register` creates an Ed25519 key, registers its public half and saves both (with the kid) to --key.
 * `attest` prints an attestation to send as { attestation } to POST /api/bookings/:id/check-in.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exportJWK, importJWK, type CryptoKey, type JWK } from 'jose';
import { attest, createSimulatedTerminal } from './terminal-simulator.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    token: { type: 'string' },
    point: { type: 'string' },
    key: { type: 'string', default: 'terminal-simulator.json' },
    label: { type: 'string', default: '模拟终端 (SIMULATOR)' },
    booking: { type: 'string' },
    name: { type: 'string' },
    'id-number': { type: 'string' },
    score: { type: 'string', default: '0.93' },
    liveness: { type: 'string', default: 'true' },
    'valid-until': { type: 'string', default: '长期' },
  },
});

async function main(): Promise<void> {
  if (positionals[0] === 'register') {
    if (!values.token || !values.point) throw new Error('register needs --token (an assistant token) and --point');
    const t = await createSimulatedTerminal();
    const res = await fetch(`${values.url}/api/points/${values.point}/terminals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token}` },
      body: JSON.stringify({ label: values.label, publicKeyJwk: t.publicJwk }),
    });
    const body = (await res.json()) as { kid?: string; message?: string };
    if (!res.ok) throw new Error(`registration refused: ${res.status} ${body.message}`);
    await writeFile(
      values.key!,
      JSON.stringify({ kid: body.kid, privateJwk: await exportJWK(t.privateKey), publicJwk: t.publicJwk }, null, 2),
      { mode: 0o600 },
    );
    console.log(`registered simulated terminal, kid ${body.kid}; key saved to ${values.key}`);
  } else if (positionals[0] === 'attest') {
    if (!values.booking || !values.name || !values['id-number']) throw new Error('attest needs --booking, --name and --id-number');
    const saved = JSON.parse(await readFile(values.key!, 'utf8')) as { kid: string; privateJwk: JWK; publicJwk: JWK };
    const privateKey = (await importJWK(saved.privateJwk, 'EdDSA')) as CryptoKey;
    const jws = await attest(
      { privateKey, publicJwk: saved.publicJwk, kid: saved.kid },
      {
        bookingId: values.booking,
        idCard: { name: values.name, idNumber: values['id-number'], validUntil: values['valid-until']! },
        faceMatch: { score: Number(values.score), liveness: values.liveness === 'true' },
        photo: new TextEncoder().encode(`simulated photo ${Date.now()}`),
      },
    );
    console.log(jws);
  } else {
    throw new Error('usage: terminal:simulate -- register|attest … (see the comment at the top of terminal-simulator-cli.ts)');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
