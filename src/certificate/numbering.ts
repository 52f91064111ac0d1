/** (2026)苏镇丹证字第7号: year, the office's prefix, 证字, and the running number of that year. */
export function formatCertificateNo(year: number, prefix: string, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`certificate sequence must be a positive integer, got ${seq}`);
  return `(${year})${prefix}证字第${seq}号`;
}
