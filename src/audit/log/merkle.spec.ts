import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  consistencyRanges,
  EMPTY_ROOT,
  inclusionRanges,
  leafHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import { parseTilePath, TiledTree, TileEdge, tilePath, TILE_WIDTH, type TileReader } from './tiles.js';

const VECTORS = path.resolve('test/vectors/transparency-dev-merkle');
const b64 = (s: string | null | undefined) => Buffer.from(s ?? '', 'base64');
function cases(kind: string): { file: string; v: Record<string, unknown> }[] {
  const dir = path.join(VECTORS, kind);
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: `${kind}/${f}`, v: JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown> }));
}

describe('RFC 9162 proof verification against transparency-dev/merkle vectors', () => {
  const inclusion = cases('inclusion');
  const consistency = cases('consistency');
  it('has the vectors', () => {
    expect(inclusion.length).toBeGreaterThan(50);
    expect(consistency.length).toBeGreaterThan(80);
  });
  it.each(inclusion.map((c) => [c.file, c.v] as const))('inclusion %s', (_f, v) => {
    const run = () =>
      verifyInclusion(
        v.leafIdx as number,
        v.treeSize as number,
        b64(v.leafHash as string),
        ((v.proof as string[] | null) ?? []).map(b64),
        b64(v.root as string),
      );
    if (v.wantErr) expect(run).toThrow();
    else expect(run).not.toThrow();
  });
  it.each(consistency.map((c) => [c.file, c.v] as const))('consistency %s', (_f, v) => {
    const run = () =>
      verifyConsistency(
        v.size1 as number,
        v.size2 as number,
        ((v.proof as string[] | null) ?? []).map(b64),
        b64(v.root1 as string),
        b64(v.root2 as string),
      );
    if (v.wantErr) expect(run).toThrow();
    else expect(run).not.toThrow();
  });
});

/** A tile store fed by TileEdge, like the integrator's table. */
function build(n: number, batch: number) {
  const leaves = Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
  const tiles = new Map<string, Buffer>();
  const edge = TileEdge.empty();
  const roots: Buffer[] = [EMPTY_ROOT];
  for (let i = 0; i < n; i += batch) {
    const part = leaves.slice(i, i + batch);
    for (const t of edge.append(part)) tiles.set(`${t.level}/${t.n}`, t.hashes);
    roots.push(edge.root());
  }
  const read: TileReader = async (level, tn, width) => {
    const t = tiles.get(`${level}/${tn}`);
    if (!t || t.length < width * 32) throw new Error(`missing tile ${level}/${tn}.p/${width}`);
    return t.subarray(0, width * 32);
  };
  return { leaves, tiles, edge, read };
}

describe('tiles and proofs against a from-scratch recomputation of the tree', () => {
  it('the edge root equals the RFC 6962 root for every size, batch by batch', () => {
    const leaves = Array.from({ length: 600 }, (_, i) => leafHash(Buffer.from([i & 255, i >> 8])));
    const edge = TileEdge.empty();
    for (let i = 0; i < leaves.length; i++) {
      edge.append([leaves[i]]);
      if (i < 70 || i % 37 === 0 || i > 500) expect(edge.root().equals(rootFromLeafHashes(leaves.slice(0, i + 1)))).toBe(true);
    }
  });

  it('inclusion and consistency proofs read from tiles verify and match the recomputed roots', async () => {
    const n = 70_000;
    const { leaves, read, edge } = build(n, 997);
    const full = rootFromLeafHashes(leaves);
    expect(edge.root().equals(full)).toBe(true);
    const tree = new TiledTree(n, read);
    for (const m of [0, 1, 255, 256, 257, 65_535, 65_536, 69_999, 12_345]) {
      const proof = await Promise.all(inclusionRanges(m, n).map((r) => tree.range(r)));
      expect(() => verifyInclusion(m, n, leaves[m], proof, full)).not.toThrow();
      expect(() => verifyInclusion(m, n, leaves[(m + 1) % n], proof, full)).toThrow();
    }
    for (const [a, b] of [
      [1, 2],
      [3, 7],
      [256, 70_000],
      [255, 65_537],
      [65_536, 70_000],
      [12_345, 69_999],
    ] as const) {
      const small = new TiledTree(b, read);
      const proof = await Promise.all(consistencyRanges(a, b).map((r) => small.range(r)));
      const ra = rootFromLeafHashes(leaves.slice(0, a));
      const rb = rootFromLeafHashes(leaves.slice(0, b));
      expect(() => verifyConsistency(a, b, proof, ra, rb)).not.toThrow();
      expect(() => verifyConsistency(a, b, proof, rb, ra)).toThrow();
    }
  });

  it('stores full tiles once and keeps the rightmost partial tiles', () => {
    const { tiles } = build(70_000, 1000);
    expect(tiles.get('0/0')!.length).toBe(TILE_WIDTH * 32);
    expect(tiles.get(`0/${Math.floor(70_000 / 256)}`)!.length).toBe((70_000 % 256) * 32);
    expect(tiles.get('1/0')!.length).toBe(TILE_WIDTH * 32);
    expect(tiles.get('1/1')!.length).toBe((Math.floor(70_000 / 256) - 256) * 32);
    expect(tiles.get('2/0')!.length).toBe(32);
  });
});

describe('tile paths (C2SP tlog-tiles)', () => {
  it('formats and parses the spec examples', () => {
    expect(tilePath(0, 1_234_067)).toBe('0/x001/x234/067');
    expect(tilePath(1, 5, 17)).toBe('1/005.p/17');
    expect(parseTilePath('0/x001/x234/067')).toEqual({ level: 0, n: 1_234_067, width: 256 });
    expect(parseTilePath('2/000.p/1')).toEqual({ level: 2, n: 0, width: 1 });
  });
  it('refuses non-canonical spellings', () => {
    for (const p of ['0/1', '0/x000/001', '0/001.p/256', '0/001.p/0', '0/001.p/017', '0/abc', '../etc', '0/001/']) {
      expect(parseTilePath(p)).toBeUndefined();
    }
  });
});
