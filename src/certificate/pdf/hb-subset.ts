/**
 * HarfBuzz's subsetter (hb-subset, the WebAssembly build shipped by `harfbuzzjs`) over whole
 * fonts kept in WebAssembly memory for the life of the process: each certificate asks for the
 * characters it prints and gets one small OpenType font back.
 *
 * Why not pdf-lib's `subset: true`: it subsets with @pdf-lib/fontkit, which writes CFF subsets
 * poppler calls invalid (seen with the Noto Sans SC web-font pieces and again here with
 * Noto Sans Hans), and it parses the whole 8 MB font for every document.
 *
 * One instance holds every font. The module declares a fixed memory (initial = maximum, 65 MB,
 * no growth), too small for the four fonts (70 MB, HanaMin B alone 30 MB), which is why each
 * font once had an instance of its own, each with its own copy of HarfBuzz's data and heap. The
 * module's memory limits are raised before it is compiled instead: by the fonts' size, so the
 * heap HarfBuzz works in stays what it was. Pages never written are not resident.
 */
import { open, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface HbExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(n: number): number;
  free(p: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;
/**
 * Tables a PDF reader never uses for horizontal text drawn glyph by glyph: layout (pdf-lib
 * places glyphs by their advances, as CjkFonts measures them, so shaping would only make the
 * two disagree), signatures. vhea/vmtx stay: without them fontkit works out each glyph's
 * vertical metrics from its outline, parsing every charstring pdf-lib asks a width for.
 */
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'VORG', 'DSIG', 'kern'];

const WASM_PAGE = 65536;
/** The WebAssembly limit for a 32-bit memory. */
const MAX_PAGES = 65536;

function tag(s: string): number {
  return ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;
}

export class SubsetError extends Error {
  override readonly name = 'SubsetError';
}

function readLeb(b: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (at >= b.length) throw new SubsetError('truncated WebAssembly module');
    const byte = b[at++];
    value += (byte & 0x7f) * scale;
    if (!(byte & 0x80)) return [value, at];
    scale *= 128;
  }
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const low = n % 128;
    n = Math.floor(n / 128);
    out.push(n ? low | 0x80 : low);
  } while (n);
  return out;
}

/** Where the module's one memory is declared (WebAssembly core spec §5.5.8: section 5, a vector of limits). */
function memorySection(wasm: Uint8Array): { at: number; end: number; initialPages: number } {
  let at = 8; // magic and version
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = readLeb(wasm, at + 1);
    if (id === 5) {
      const [count, flagsAt] = readLeb(wasm, body);
      const flags = wasm[flagsAt];
      // 0: no maximum, 1: a maximum; anything else (shared, 64-bit) is not this module.
      if (count !== 1 || flags > 1) throw new SubsetError(`unexpected WebAssembly memory (${count} memories, flags ${flags})`);
      return { at, end: body + size, initialPages: readLeb(wasm, flagsAt + 1)[0] };
    }
    at = body + size;
  }
  throw new SubsetError('the WebAssembly module declares no memory');
}

/** The module's initial memory, in pages of 64 KiB. */
export function memoryPages(wasm: Uint8Array): number {
  return memorySection(wasm).initialPages;
}

/** The module with its memory's initial and maximum size both set to `pages`. */
export function withMemoryPages(wasm: Uint8Array, pages: number): Uint8Array<ArrayBuffer> {
  const { at, end, initialPages } = memorySection(wasm);
  if (pages < initialPages || pages > MAX_PAGES) throw new SubsetError(`cannot size the WebAssembly memory to ${pages} pages`);
  const limits = [1, 1, ...leb(pages), ...leb(pages)];
  const section = [5, ...leb(limits.length), ...limits];
  const out = new Uint8Array(at + section.length + (wasm.length - end));
  out.set(wasm.subarray(0, at));
  out.set(section, at);
  out.set(wasm.subarray(end), at + section.length);
  return out;
}

/** One instance of hb-subset with room for the given fonts; each is read straight into its memory once. */
export class HarfBuzz {
  private readonly faces = new Map<string, Promise<HbSubsetter>>();

  private constructor(private readonly hb: HbExports) {}

  /** An instance whose memory holds `bytes` of fonts beside what HarfBuzz itself uses. */
  static async create(bytes: number): Promise<HarfBuzz> {
    const original = await readFile(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const pages = Math.min(MAX_PAGES, memoryPages(original) + Math.ceil(bytes / WASM_PAGE));
    const hb = (await WebAssembly.instantiate(await WebAssembly.compile(withMemoryPages(original, pages)), {}))
      .exports as unknown as HbExports;
    hb._initialize();
    return new HarfBuzz(hb);
  }

  /** The subsetter of `file`, read into this instance on first use. */
  face(file: string): Promise<HbSubsetter> {
    let p = this.faces.get(file);
    if (!p) {
      p = this.load(file);
      p.catch(() => this.faces.delete(file));
      this.faces.set(file, p);
    }
    return p;
  }

  private async load(file: string): Promise<HbSubsetter> {
    const hb = this.hb;
    const handle = await open(file);
    let ptr = 0;
    try {
      const { size } = await handle.stat();
      ptr = hb.malloc(size);
      if (ptr === 0) throw new SubsetError(`no WebAssembly memory for ${file} (${size} bytes)`);
      // Straight into WebAssembly memory: no second copy of the font, even for a moment.
      for (let done = 0; done < size;) {
        const { bytesRead } = await handle.read(new Uint8Array(hb.memory.buffer, ptr + done, size - done), 0, size - done, done);
        if (bytesRead === 0) throw new SubsetError(`${file} ended after ${done} of ${size} bytes`);
        done += bytesRead;
      }
      // The blob keeps the bytes for the face's lifetime, which is the process's.
      const blob = hb.hb_blob_create(ptr, size, HB_MEMORY_MODE_WRITABLE, 0, 0);
      const face = hb.hb_face_create(blob, 0);
      hb.hb_blob_destroy(blob);
      return new HbSubsetter(hb, face);
    } catch (e) {
      if (ptr) hb.free(ptr);
      throw e;
    } finally {
      await handle.close();
    }
  }
}

export class HbSubsetter {
  constructor(
    private readonly hb: HbExports,
    private readonly face: number,
  ) {}

  /** An OpenType font with just the glyphs of `codePoints` (and .notdef), glyph ids renumbered. */
  subset(codePoints: Iterable<number>): Uint8Array {
    const hb = this.hb;
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new SubsetError('hb_subset_input_create_or_fail failed');
    let result: number;
    try {
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
      const drop = hb.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
      for (const t of DROPPED_TABLES) hb.hb_set_add(drop, tag(t));
      hb.hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
      result = hb.hb_subset_or_fail(this.face, input);
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    if (result === 0) throw new SubsetError('hb_subset_or_fail failed');
    const blob = hb.hb_face_reference_blob(result);
    try {
      const at = hb.hb_blob_get_data(blob, 0);
      const length = hb.hb_blob_get_length(blob);
      if (length === 0) throw new SubsetError('hb-subset produced an empty font');
      return withIdentityCidCharset(new Uint8Array(hb.memory.buffer).slice(at, at + length));
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(result);
    }
  }
}

/**
 * A CID-keyed CFF subset keeps each glyph's original CID in its charset, while pdf-lib writes
 * glyph ids as CIDs (Identity-H, /CIDToGIDMap /Identity). Readers that follow the charset would
 * then pick other glyphs. Rewriting the charset as the identity (CID n = glyph n; CFF spec,
 * Adobe TN 5176 §13, format 1 or 2 with one range) makes both readings agree. It fits in place:
 * any non-identity charset of three or more glyphs is at least as long. TrueType fonts pass
 * through untouched.
 */
export function withIdentityCidCharset(font: Uint8Array): Uint8Array {
  const v = new DataView(font.buffer, font.byteOffset, font.byteLength);
  let cffAt = -1;
  let cffLen = 0;
  let record = -1;
  for (let i = 0; i < v.getUint16(4); i++) {
    const rec = 12 + i * 16;
    if (v.getUint32(rec) === tag('CFF ')) {
      record = rec;
      cffAt = v.getUint32(rec + 8);
      cffLen = v.getUint32(rec + 12);
    }
  }
  if (cffAt < 0) return font;
  const index = (at: number): { end: number; items: Array<[number, number]> } => {
    const count = v.getUint16(at);
    if (count === 0) return { end: at + 2, items: [] };
    const offSize = v.getUint8(at + 2);
    const off = (i: number) => {
      let n = 0;
      for (let k = 0; k < offSize; k++) n = n * 256 + v.getUint8(at + 3 + i * offSize + k);
      return n;
    };
    const data = at + 3 + (count + 1) * offSize - 1;
    const items = Array.from({ length: count }, (_, i): [number, number] => [data + off(i), data + off(i + 1)]);
    return { end: data + off(count), items };
  };
  const names = index(cffAt + v.getUint8(cffAt + 2));
  const top = index(names.end).items[0];
  const dict = topDict(v, top[0], top[1]);
  if (!dict.has(0x0c1e)) return font; // ROS: only CID-keyed fonts map through the charset
  const charsetAt = cffAt + dict.get(15)![0];
  const nGlyphs = v.getUint16(cffAt + dict.get(17)![0]);
  if (nGlyphs < 3) return font;
  if (nGlyphs - 2 <= 0xff) {
    v.setUint8(charsetAt, 1);
    v.setUint16(charsetAt + 1, 1);
    v.setUint8(charsetAt + 3, nGlyphs - 2);
  } else {
    v.setUint8(charsetAt, 2);
    v.setUint16(charsetAt + 1, 1);
    v.setUint16(charsetAt + 3, nGlyphs - 2);
  }
  // The table checksum (OpenType "Calculating checksums"): sum of big-endian uint32 words.
  let sum = 0;
  for (let i = 0; i < cffLen; i += 4) {
    let word = 0;
    for (let k = 0; k < 4; k++) word = word * 256 + (i + k < cffLen ? v.getUint8(cffAt + i + k) : 0);
    sum = (sum + word) >>> 0;
  }
  v.setUint32(record + 4, sum);
  return font;
}

/** A CFF DICT's operands by operator (two-byte operators as 0x0cNN); TN 5176 §4. */
function topDict(v: DataView, from: number, to: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let operands: number[] = [];
  let i = from;
  while (i < to) {
    const b0 = v.getUint8(i);
    if (b0 <= 21) {
      const op = b0 === 12 ? 0x0c00 | v.getUint8(i + 1) : b0;
      i += b0 === 12 ? 2 : 1;
      out.set(op, operands);
      operands = [];
    } else if (b0 === 28) {
      operands.push(v.getInt16(i + 1));
      i += 3;
    } else if (b0 === 29) {
      operands.push(v.getInt32(i + 1));
      i += 5;
    } else if (b0 === 30) {
      i++;
      for (;;) {
        const b = v.getUint8(i++);
        if ((b & 0x0f) === 0x0f || b >> 4 === 0x0f) break;
      }
      operands.push(0); // reals are never offsets or counts
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      i += 1;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + v.getUint8(i + 1) + 108);
      i += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - v.getUint8(i + 1) - 108);
      i += 2;
    } else {
      i++;
    }
  }
  return out;
}
