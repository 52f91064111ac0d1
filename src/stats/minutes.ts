/**
 * Minutes (handling or waiting times) as the summary holds them, and their percentiles.
 *
 * A summary row packs its minutes as the 8-byte big-endian IEEE 754 image of each double
 * (`float8send`); a group's rows arrive concatenated (`string_agg(handling, '')`) and are read
 * back here as the very doubles PostgreSQL computed. Sorting and picking here instead of in
 * `percentile_cont` gives the same results: the arithmetic below is the one PostgreSQL's
 * `percentile_cont` does, in IEEE doubles, on the same values.
 */

/** The doubles of packed minutes (`null`: none), sorted ascending. */
export function unpackMinutes(bytes: Uint8Array | null | undefined): Float64Array {
  if (!bytes || bytes.length === 0) return new Float64Array(0);
  if (bytes.length % 8 !== 0) throw new Error(`packed minutes of ${bytes.length} bytes, not a multiple of 8`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(bytes.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat64(i * 8, false);
  return values.sort();
}

/** Several sorted lists as one sorted list. */
export function mergeMinutes(lists: Float64Array[]): Float64Array {
  const all = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  return all.sort();
}

/**
 * `percentile_cont(p) WITHIN GROUP (ORDER BY v)` over sorted values, computed as PostgreSQL does:
 * the rows at floor and ceil of p·(n−1), linearly interpolated (`lo + f·(hi − lo)`); `null` for none.
 */
export function percentileCont(sorted: Float64Array, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const at = p * (n - 1);
  const first = Math.floor(at);
  const second = Math.ceil(at);
  if (first === second) return sorted[first];
  return sorted[first] + (at - first) * (sorted[second] - sorted[first]);
}
