/**
 * Minutes (handling or waiting times) as the summary holds them, and their percentiles.
 *
 * The database sends a group's minutes as one text, the rows' arrays joined by commas
 * (`string_agg(array_to_string(…), ',')`), each value in PostgreSQL's exact float8 text (the
 * shortest digits that read back as the same double, with `extra_float_digits` above 0). Sorting
 * and picking here instead of in `percentile_cont` gives the same doubles: the arithmetic below is
 * the one PostgreSQL's `percentile_cont` does, in IEEE doubles, on the same values.
 */

/** The values of a comma-separated list (`null` or `''`: none), sorted ascending. */
export function parseMinutes(text: string | null | undefined): Float64Array {
  if (!text) return new Float64Array(0);
  const parts = text.split(',');
  const values = new Float64Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const v = Number(parts[i]);
    if (parts[i] === '' || !Number.isFinite(v)) throw new Error(`not a number of minutes: ${parts[i]}`);
    values[i] = v;
  }
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
