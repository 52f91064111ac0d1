import { parseVerifierKey, type NoteVerifier } from './note.js';

export interface WitnessConfig {
  url: string;
  verifier: NoteVerifier;
}

/** WITNESS_URLS: comma-separated `<submission URL> <verifier key>` pairs. */
export function parseWitnessUrls(value: string | undefined): WitnessConfig[] {
  if (!value?.trim()) return [];
  return value.split(',').map((part) => {
    const [url, vkey, ...rest] = part.trim().split(/\s+/);
    if (!url || !vkey || rest.length) throw new Error('each witness is "<URL> <verifier key>"');
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new Error(`witness URL ${url} must be http(s)`);
    const verifier = parseVerifierKey(vkey);
    if (verifier.kind !== 'cosignature') throw new Error(`${vkey} is not a cosignature (0x04) key`);
    return { url: url.replace(/\/+$/, ''), verifier };
  });
}

export type AddCheckpointResult =
  { status: 'ok'; cosignatures: string } | { status: 'conflict'; size: number } | { status: 'refused'; code: number; message: string };

/** C2SP tlog-witness add-checkpoint. */
export async function addCheckpoint(url: string, oldSize: number, proof: Buffer[], signedCheckpoint: string): Promise<AddCheckpointResult> {
  const body = `old ${oldSize}\n${proof.map((p) => `${p.toString('base64')}\n`).join('')}\n${signedCheckpoint}`;
  const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body, signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  if (res.status === 200) return { status: 'ok', cosignatures: text };
  if (res.status === 409 && /^\d+\n$/.test(text)) return { status: 'conflict', size: Number(text.trim()) };
  return { status: 'refused', code: res.status, message: text.slice(0, 300) };
}
