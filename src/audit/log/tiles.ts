import { EMPTY_ROOT, foldSubtrees, HASH_SIZE, nodeHash, perfectSubtrees, type Range } from './merkle.js';

/**
 * C2SP tlog-tiles: tiles of height 8 (256 hashes). The level-L tile N holds, in order, the
 * hashes of the perfect subtrees of height 8·L numbered 256·N … 256·N+255; a partial tile
 * holds a prefix of them. Only these "bottom rows" are stored; a subtree whose height is not
 * a multiple of 8 is hashed up from its tile's row.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** `<L>/<N>[.p/<W>]` relative to `tile/`, with N in x-prefixed 3-digit groups ("x001/x234/067"). */
export function tilePath(level: number, n: number, width = TILE_WIDTH): string {
  let digits = String(n).padStart(3, '0');
  if (digits.length % 3) digits = digits.padStart(digits.length + 3 - (digits.length % 3), '0');
  const groups = digits.match(/.{3}/g)!;
  const path = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `${level}/${path}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** Parses what follows `tile/`; undefined for anything that is not a canonical tile path. */
export function parseTilePath(p: string): { level: number; n: number; width: number } | undefined {
  const m = /^(\d{1,2})\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d{1,3}))?$/.exec(p);
  if (!m) return undefined;
  const level = Number(m[1]);
  const n = Number(m[2].replace(/x|\//g, ''));
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (!Number.isSafeInteger(n) || width < 1 || width >= TILE_WIDTH + (m[3] === undefined ? 1 : 0)) return undefined;
  // One spelling per tile: no redundant leading groups, no partial marker with leading zeros.
  if (tilePath(level, n, width) !== p) return undefined;
  return { level, n, width };
}

/** Width of tile (level, n) in a tree of `size` leaves: 0 (absent), 1…255 (partial) or 256 (full). */
export function tileWidth(level: number, n: number, size: number): number {
  const entries = Math.floor(size / TILE_WIDTH ** level);
  return Math.max(0, Math.min(TILE_WIDTH, entries - n * TILE_WIDTH));
}

/** Reads the first `width` hashes of tile (level, n), concatenated. */
export type TileReader = (level: number, n: number, width: number) => Promise<Buffer>;

/**
 * Tiles are immutable once they reach a width (a partial tile only grows), so a tile of a given
 * (level, n, width) can be cached for ever.
 */
export function cachedTileReader(read: TileReader, max = 4096): TileReader {
  const cache = new Map<string, Promise<Buffer>>();
  return (level, n, width) => {
    const key = `${level}/${n}/${width}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = read(level, n, width);
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return hit;
  };
}

/** Hashes of ranges of a tree of `size` leaves, read from its tiles. */
export class TiledTree {
  /**
   * `nodes`: an optional cache shared between trees of different sizes: a perfect subtree, once
   * complete, never changes hash.
   */
  constructor(
    readonly size: number,
    private readonly read: TileReader,
    private readonly nodes?: Map<string, Buffer>,
  ) {}

  /** Hash of the perfect subtree { level h, index k }. */
  async subtree(h: number, k: number): Promise<Buffer> {
    if (!this.nodes) return this.computeSubtree(h, k);
    const key = `${h}/${k}`;
    let hit = this.nodes.get(key);
    if (!hit) {
      hit = await this.computeSubtree(h, k);
      this.nodes.set(key, hit);
      if (this.nodes.size > 200_000) this.nodes.delete(this.nodes.keys().next().value!);
    }
    return hit;
  }

  private async computeSubtree(h: number, k: number): Promise<Buffer> {
    const L = Math.floor(h / TILE_HEIGHT);
    const r = h - L * TILE_HEIGHT;
    const first = k * 2 ** r; // 2^r ≤ 128 consecutive entries, all inside one tile
    const count = 2 ** r;
    const n = Math.floor(first / TILE_WIDTH);
    const width = tileWidth(L, n, this.size);
    const offset = first - n * TILE_WIDTH;
    if (offset + count > width) throw new RangeError(`subtree ${h}/${k} is not inside a tree of size ${this.size}`);
    const tile = await this.read(L, n, width);
    let row: Buffer[] = [];
    for (let i = 0; i < count; i++) row.push(tile.subarray((offset + i) * HASH_SIZE, (offset + i + 1) * HASH_SIZE));
    while (row.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i < row.length; i += 2) up.push(nodeHash(row[i], row[i + 1]));
      row = up;
    }
    return Buffer.from(row[0]);
  }

  async range(r: Range): Promise<Buffer> {
    const parts = await Promise.all(perfectSubtrees(r).map((s) => this.subtree(s.level, s.index)));
    return foldSubtrees(parts);
  }
}

/**
 * The right edge of a tree kept by the integrator: for each level, the entries of its
 * rightmost (partial) tile. Everything a new root needs lives there (docs/evidence.md).
 */
export class TileEdge {
  /** edge[L] = hashes of tile level L, number floor(size / 256^(L+1)), a prefix shorter than 256. */
  private constructor(
    public size: number,
    private readonly edge: Buffer[][],
  ) {}

  static empty(): TileEdge {
    return new TileEdge(0, []);
  }

  /** From the stored partial tiles of a tree of `size` leaves. */
  static async load(size: number, read: TileReader): Promise<TileEdge> {
    const edge: Buffer[][] = [];
    for (let L = 0; TILE_WIDTH ** L <= size; L++) {
      const n = Math.floor(size / TILE_WIDTH ** (L + 1));
      const width = tileWidth(L, n, size);
      const row: Buffer[] = [];
      if (width > 0) {
        const tile = await read(L, n, width);
        for (let i = 0; i < width; i++) row.push(Buffer.from(tile.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)));
      }
      edge.push(row);
    }
    return new TileEdge(size, edge);
  }

  /**
   * Appends leaf hashes; returns every tile that changed (full tiles once, when they fill,
   * and the new partial tiles), as rows to store.
   */
  append(leaves: readonly Buffer[]): { level: number; n: number; hashes: Buffer }[] {
    const touched = new Map<string, { level: number; n: number }>();
    const full: { level: number; n: number; hashes: Buffer }[] = [];
    for (const leaf of leaves) {
      let h = leaf;
      let count = this.size; // entries at level L before this push = floor(size / 256^L)
      for (let L = 0; ; L++) {
        this.edge[L] ??= [];
        const row = this.edge[L];
        row.push(h);
        const n = Math.floor(count / TILE_WIDTH);
        touched.set(`${L}/${n}`, { level: L, n });
        if (row.length < TILE_WIDTH) break;
        full.push({ level: L, n, hashes: Buffer.concat(row) });
        touched.delete(`${L}/${n}`);
        h = TileEdge.rootOfRow(row);
        this.edge[L] = [];
        count = Math.floor(count / TILE_WIDTH);
      }
      this.size++;
    }
    const partial = [...touched.values()]
      .filter(({ level, n }) => tileWidth(level, n, this.size) > 0 && tileWidth(level, n, this.size) < TILE_WIDTH)
      .map(({ level, n }) => ({ level, n, hashes: Buffer.concat(this.edge[level]) }));
    return [...full, ...partial];
  }

  /** MTH of the whole tree, from the edge alone. */
  root(): Buffer {
    if (this.size === 0) return EMPTY_ROOT;
    // Perfect subtrees of the size's binary decomposition, each hashed up from one edge row.
    const parts: Buffer[] = [];
    for (const { level, index } of perfectSubtrees([0, this.size])) {
      const L = Math.floor(level / TILE_HEIGHT);
      const r = level - L * TILE_HEIGHT;
      const first = (index * 2 ** r) % TILE_WIDTH;
      let row = this.edge[L].slice(first, first + 2 ** r);
      while (row.length > 1) {
        const up: Buffer[] = [];
        for (let i = 0; i < row.length; i += 2) up.push(nodeHash(row[i], row[i + 1]));
        row = up;
      }
      parts.push(row[0]);
    }
    return foldSubtrees(parts);
  }

  private static rootOfRow(row: Buffer[]): Buffer {
    let r = row;
    while (r.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i < r.length; i += 2) up.push(nodeHash(r[i], r[i + 1]));
      r = up;
    }
    return r[0];
  }
}
