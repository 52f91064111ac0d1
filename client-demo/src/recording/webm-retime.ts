/**
 * Makes a later MediaRecorder stream continue an earlier one, so that a recording interrupted by
 * a reload is still one playable WebM.
 *
 * Every MediaRecorder starts a new WebM file: an EBML header, a Segment, its Info and Tracks, then
 * Clusters whose Timecode starts again at 0. Appended to the first file as they are, ffmpeg reads
 * all the frames but the clock jumps back to 0 at the join (measured: two streams of 5.9 s and
 * 5.0 s concatenated probe as 5.9 s, and Chromium stops playing at the join). This transform,
 * applied to the second and later streams, drops everything before the first Cluster (the first
 * stream's header already declares the same tracks: the recorder is built the same way every
 * time, canvas size, codecs and track order included) and adds `offsetMs` to each Cluster's
 * Timecode, so the joined file is one Segment with a clock that keeps running; the time the page
 * was away shows as a gap, as it happened.
 *
 * Track numbers are mapped too: Chromium numbers a recorder's tracks in the order their first
 * frames reach the muxer, so one stream may have video as track 1 and the next audio as track 1
 * (seen in the browser test: appended unmapped, ffmpeg decoded Opus packets as VP8 and the
 * other way round).
 *
 * Element layout (Matroska, RFC 9559): IDs keep their length marker bits (1–4 bytes); sizes are
 * variable-length integers (1–8 bytes), all ones meaning "unknown" (Chromium writes the Segment
 * and Clusters with unknown size while it records). Clusters are re-emitted with unknown size,
 * since a rewritten Timecode may be longer than the original.
 */
const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
} as const;

/** Track number of each kind (TrackType 1 = video, 2 = audio). */
export interface TrackNumbers {
  video?: number;
  audio?: number;
}

function uint(b: Uint8Array, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 256 + b[i];
  return v;
}

/** The video and audio track numbers a Tracks element's body declares. */
function parseTracks(b: Uint8Array, from: number, to: number): TrackNumbers {
  const out: TrackNumbers = {};
  for (let at = from; at < to;) {
    const e = readHeader(b, at);
    if (e === 'more' || e === 'bad' || e.size === null) break;
    const body = at + e.headerLength;
    if (e.id === ID.TrackEntry) {
      let number = 0;
      let type = 0;
      for (let c = body; c < body + e.size;) {
        const f = readHeader(b, c);
        if (f === 'more' || f === 'bad' || f.size === null) break;
        const v = c + f.headerLength;
        if (f.id === ID.TrackNumber) number = uint(b, v, v + f.size);
        if (f.id === ID.TrackType) type = uint(b, v, v + f.size);
        c = v + f.size;
      }
      if (type === 1) out.video = number;
      if (type === 2) out.audio = number;
    }
    at = body + e.size;
  }
  return out;
}

/**
 * The track numbers of a stream's header, once its bytes so far include the Tracks element
 * (null before that). Used on the first stream, whose header the recording keeps.
 */
export function readTrackNumbers(b: Uint8Array): TrackNumbers | null {
  let at = 0;
  for (;;) {
    const e = readHeader(b, at);
    if (e === 'more' || e === 'bad') return null;
    if (e.id === ID.Segment) {
      at += e.headerLength;
      continue;
    }
    if (e.id === ID.Cluster || e.size === null) return null;
    if (e.id === ID.Tracks)
      return at + e.headerLength + e.size <= b.length ? parseTracks(b, at + e.headerLength, at + e.headerLength + e.size) : null;
    at += e.headerLength + e.size;
  }
}
/** Level-1 children of a Segment: one of these ends a Cluster of unknown size. */
const SEGMENT_CHILDREN = new Set([0x114d9b74, 0x1549a966, 0x1654ae6b, 0x1f43b675, 0x1c53bb6b, 0x1941a469, 0x1043a770, 0x1254c367]);
const UNKNOWN_SIZE = new Uint8Array([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

interface Header {
  id: number;
  /** null: unknown size */
  size: number | null;
  headerLength: number;
}

function readHeader(b: Uint8Array, at: number): Header | 'more' | 'bad' {
  if (at >= b.length) return 'more';
  const first = b[at];
  const idLen = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
  if (!idLen) return 'bad';
  if (at + idLen >= b.length) return 'more';
  let id = 0;
  for (let i = 0; i < idLen; i++) id = id * 256 + b[at + i];
  const s0 = b[at + idLen];
  let sizeLen = 1;
  while (sizeLen <= 8 && !(s0 & (0x100 >> sizeLen))) sizeLen++;
  if (sizeLen > 8) return 'bad';
  if (at + idLen + sizeLen > b.length) return 'more';
  let size = s0 & (0xff >> sizeLen);
  let allOnes = size === 0xff >> sizeLen;
  for (let i = 1; i < sizeLen; i++) {
    const v = b[at + idLen + i];
    allOnes &&= v === 0xff;
    size = size * 256 + v;
  }
  return { id, size: allOnes ? null : size, headerLength: idLen + sizeLen };
}

function encodeTimecode(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  } while (v > 0);
  return new Uint8Array([0xe7, 0x80 | bytes.length, ...bytes]);
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export class WebmRetimer {
  private pending: Uint8Array = new Uint8Array(0);
  /** Where the parser stands: before the Segment, among its children, or inside a Cluster. */
  private level: 'top' | 'segment' | 'cluster' = 'top';
  /** Bytes left in a Cluster of known size (null: unknown size). */
  private clusterLeft: number | null = null;

  /** This stream's track number → the first stream's, once this stream's Tracks has been read. */
  private trackMap = new Map<number, number>();

  constructor(
    private readonly offsetMs: number,
    private readonly firstTracks: TrackNumbers | null,
  ) {}

  /** Feeds recorder output; returns what can be written out now (possibly nothing). */
  push(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
    this.pending = this.pending.length ? concat([this.pending, bytes]) : bytes;
    const out: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      const h = readHeader(this.pending, at);
      if (h === 'more') break;
      if (h === 'bad') throw new Error(`not a WebM stream at byte ${at}`);
      if (this.level === 'top') {
        if (h.id === ID.Segment) {
          this.level = 'segment';
          at += h.headerLength;
          continue;
        }
        if (h.size === null) throw new Error('unknown-size element before the Segment');
        if (at + h.headerLength + h.size > this.pending.length) break;
        at += h.headerLength + h.size; // the EBML header: the first stream's stands for all
        continue;
      }
      if (this.level === 'cluster' && this.clusterLeft === null && SEGMENT_CHILDREN.has(h.id)) this.level = 'segment';
      if (this.level === 'segment') {
        if (h.id === ID.Cluster) {
          out.push(new Uint8Array([0x1f, 0x43, 0xb6, 0x75]), UNKNOWN_SIZE);
          this.level = 'cluster';
          this.clusterLeft = h.size;
          at += h.headerLength;
          continue;
        }
        if (h.size === null) throw new Error(`unknown-size element 0x${h.id.toString(16)} in the Segment`);
        if (at + h.headerLength + h.size > this.pending.length) break;
        if (h.id === ID.Tracks && this.firstTracks) {
          const mine = parseTracks(this.pending, at + h.headerLength, at + h.headerLength + h.size);
          for (const kind of ['video', 'audio'] as const) {
            const [from, to] = [mine[kind], this.firstTracks[kind]];
            if (from !== undefined && to !== undefined) this.trackMap.set(from, to);
          }
        }
        at += h.headerLength + h.size; // SeekHead, Info, Tracks, Cues, Tags: declared by the first stream
        continue;
      }
      // Inside a Cluster: Timecode rewritten, blocks passed through whole.
      if (h.size === null) throw new Error(`unknown-size element 0x${h.id.toString(16)} in a Cluster`);
      const end = at + h.headerLength + h.size;
      if (end > this.pending.length) break;
      if (h.id === ID.Timecode) {
        let t = 0;
        for (let i = at + h.headerLength; i < end; i++) t = t * 256 + this.pending[i];
        out.push(encodeTimecode(t + this.offsetMs));
      } else if (h.id === ID.SimpleBlock) {
        out.push(this.renumber(this.pending.slice(at, end), h.headerLength));
      } else if (h.id === ID.BlockGroup) {
        const group = this.pending.slice(at, end);
        for (let c = h.headerLength; c < group.length;) {
          const f = readHeader(group, c);
          if (f === 'more' || f === 'bad' || f.size === null) break;
          if (f.id === ID.Block) this.renumber(group, c + f.headerLength);
          c += f.headerLength + f.size;
        }
        out.push(group);
      } else out.push(this.pending.subarray(at, end));
      if (this.clusterLeft !== null) {
        this.clusterLeft -= end - at;
        if (this.clusterLeft <= 0) this.level = 'segment';
      }
      at = end;
    }
    const ready = concat(out);
    this.pending = this.pending.slice(at);
    return ready;
  }

  /**
   * Rewrites the track number (a 1-byte EBML varint, 0x81 … 0xFE: tracks 1 to 126) that opens a
   * block's body at `at`, in place.
   */
  private renumber(block: Uint8Array, at: number): Uint8Array {
    const n = block[at] & 0x7f;
    const to = this.trackMap.get(n);
    if (block[at] & 0x80 && to !== undefined && to < 127) block[at] = 0x80 | to;
    return block;
  }

  /** Bytes held back waiting for the rest of an element (none once the recorder has stopped). */
  get held(): number {
    return this.pending.length;
  }
}
