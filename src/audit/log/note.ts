import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed-note (compatible with Go's golang.org/x/mod/sumdb/note) with Ed25519 keys, and
 * C2SP tlog-cosignature/v1 signatures. A note is its text (lines ending in U+000A), a blank
 * line, then signature lines `— <name> base64(keyID[4] ‖ signature)`.
 */
const ALG_ED25519 = 0x01;
const ALG_COSIGNATURE_V1 = 0x04;
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const DASH = '\u2014';

export class NoteError extends Error {}

function keyId(name: string, alg: number, pub: Buffer): Buffer {
  return createHash('sha256').update(name).update('\n').update(Buffer.of(alg)).update(pub).digest().subarray(0, 4);
}

function validName(name: string): boolean {
  return name.length > 0 && !/[\s+]/.test(name);
}

function publicKeyObject(pub: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, pub]), format: 'der', type: 'spki' });
}

/** A name and Ed25519 key that signs notes (alg 0x01) or cosignatures (alg 0x04). */
export class NoteSigner {
  readonly publicKey: Buffer;
  private readonly key: KeyObject;
  constructor(
    readonly name: string,
    seed: Buffer,
    readonly kind: 'note' | 'cosignature' = 'note',
  ) {
    if (!validName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
    if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
    this.key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.key).export({ format: 'der', type: 'spki' });
    this.publicKey = Buffer.from(spki.subarray(spki.length - 32));
  }

  private get alg(): number {
    return this.kind === 'note' ? ALG_ED25519 : ALG_COSIGNATURE_V1;
  }

  get keyId(): Buffer {
    return keyId(this.name, this.alg, this.publicKey);
  }

  /** Verifier key `<name>+<hex key ID>+<base64(alg ‖ public key)>`. */
  get verifierKey(): string {
    return `${this.name}+${this.keyId.toString('hex')}+${Buffer.concat([Buffer.of(this.alg), this.publicKey]).toString('base64')}`;
  }

  /** A signature line over the note text. */
  signNote(text: string): string {
    if (this.kind !== 'note') throw new NoteError('a cosigner key does not sign notes');
    const sig = sign(null, Buffer.from(text, 'utf8'), this.key);
    return `${DASH} ${this.name} ${Buffer.concat([this.keyId, sig]).toString('base64')}\n`;
  }

  /** tlog-cosignature/v1: signs `cosignature/v1\ntime <t>\n` + checkpoint body, t in seconds. */
  cosign(checkpointBody: string, time: number): string {
    if (this.kind !== 'cosignature') throw new NoteError('a note key does not cosign');
    const sig = sign(null, cosignedMessage(checkpointBody, time), this.key);
    const ts = Buffer.alloc(8);
    ts.writeBigUInt64BE(BigInt(time));
    return `${DASH} ${this.name} ${Buffer.concat([this.keyId, ts, sig]).toString('base64')}\n`;
  }
}

function cosignedMessage(body: string, time: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${body}`, 'utf8');
}

/** A parsed verifier key: a note key (0x01) or a cosignature key (0x04). */
export interface NoteVerifier {
  name: string;
  keyId: Buffer;
  kind: 'note' | 'cosignature';
  publicKey: Buffer;
  /** The original `<name>+<hex>+<base64>` string. */
  vkey: string;
}

export function parseVerifierKey(vkey: string): NoteVerifier {
  const m = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim());
  if (!m) throw new NoteError('a verifier key is <name>+<8 hex digits>+<base64 key>');
  const raw = Buffer.from(m[3], 'base64');
  if (raw.length !== 33 || (raw[0] !== ALG_ED25519 && raw[0] !== ALG_COSIGNATURE_V1)) {
    throw new NoteError('only Ed25519 note (0x01) and cosignature/v1 (0x04) keys are supported');
  }
  const pub = raw.subarray(1);
  const id = keyId(m[1], raw[0], pub);
  if (id.toString('hex') !== m[2]) throw new NoteError('the key ID does not match the name and key');
  return { name: m[1], keyId: id, kind: raw[0] === ALG_ED25519 ? 'note' : 'cosignature', publicKey: Buffer.from(pub), vkey: vkey.trim() };
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  /** The bytes after the key ID (for a cosignature: timestamp ‖ signature). */
  sig: Buffer;
  line: string;
}

export interface Note {
  text: string;
  signatures: NoteSignature[];
}

/** Splits a signed note into its text and signature lines (no signature checked yet). */
export function parseNote(note: string): Note {
  if (note.length > 1_000_000) throw new NoteError('note too large');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a signed note needs a blank line before its signatures');
  const text = note.slice(0, split + 1);
  const rest = note.slice(split + 2);
  if (!rest.endsWith('\n')) throw new NoteError('signature lines must end in a newline');
  if (/[\x00-\x09\x0b-\x1f]/.test(text)) throw new NoteError('control characters in note text');
  const signatures: NoteSignature[] = [];
  for (const line of rest.slice(0, -1).split('\n')) {
    const m = new RegExp(`^${DASH} ([^\\s+]+) ([A-Za-z0-9+/]+={0,2})$`).exec(line);
    if (!m) throw new NoteError(`malformed signature line ${JSON.stringify(line.slice(0, 80))}`);
    const raw = Buffer.from(m[2], 'base64');
    if (raw.length < 5) throw new NoteError('signature too short');
    signatures.push({ name: m[1], keyId: raw.subarray(0, 4), sig: raw.subarray(4), line: `${line}\n` });
  }
  if (signatures.length === 0) throw new NoteError('a signed note needs at least one signature');
  return { text, signatures };
}

/** The signature lines of `note` from `v` that verify; an error if one from a known key fails (a malformed note). */
export function verifiedSignatures(note: Note, v: NoteVerifier): { line: string; time?: number }[] {
  const out: { line: string; time?: number }[] = [];
  const pub = publicKeyObject(v.publicKey);
  for (const s of note.signatures) {
    if (s.name !== v.name || !s.keyId.equals(v.keyId)) continue;
    if (v.kind === 'note') {
      if (s.sig.length !== 64 || !verify(null, Buffer.from(note.text, 'utf8'), pub, s.sig)) {
        throw new NoteError(`signature from ${v.name} does not verify`);
      }
      out.push({ line: s.line });
    } else {
      if (s.sig.length !== 72) throw new NoteError(`cosignature from ${v.name} has the wrong length`);
      const time = s.sig.readBigUInt64BE(0);
      if (time >= 2n ** 63n) throw new NoteError(`cosignature from ${v.name} has an invalid time`);
      if (!verify(null, cosignedMessage(note.text, Number(time)), pub, s.sig.subarray(8))) {
        throw new NoteError(`cosignature from ${v.name} does not verify`);
      }
      out.push({ line: s.line, time: Number(time) });
    }
  }
  return out;
}

/** Opens a note: requires a valid signature from `log`; returns which `witnesses` cosigned it. */
export function openNote(
  signed: string,
  log: NoteVerifier,
  witnesses: readonly NoteVerifier[] = [],
): { text: string; cosigned: { name: string; time: number }[] } {
  const note = parseNote(signed);
  if (verifiedSignatures(note, log).length === 0) throw new NoteError(`no signature from ${log.name}`);
  const cosigned: { name: string; time: number }[] = [];
  for (const w of witnesses) {
    for (const s of verifiedSignatures(note, w)) cosigned.push({ name: w.name, time: s.time! });
  }
  return { text: note.text, cosigned };
}

/** C2SP tlog-checkpoint body: origin, decimal size, base64 root, then optional extension lines. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export function formatCheckpoint(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new NoteError('a checkpoint has origin, size and root lines');
  const [origin, size, root] = lines;
  if (!origin || /\s$/.test(origin)) throw new NoteError('invalid origin line');
  if (!/^(0|[1-9]\d{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) throw new NoteError('invalid tree size line');
  const r = Buffer.from(root, 'base64');
  if (r.length !== 32 || r.toString('base64') !== root) throw new NoteError('invalid root hash line');
  return { origin, size: Number(size), root: r };
}
