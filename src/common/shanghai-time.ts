/**
 * Business time is Asia/Shanghai: UTC+8 all year (China has kept no daylight saving time
 * since 1991), so wall-clock conversion is a fixed offset.
 */
const OFFSET_MS = 8 * 3600_000;

/** The instant of `HH:MM` (24:00 allowed) on a Shanghai calendar date. */
export function shanghaiInstant(date: string, hhmm: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, h, min) - OFFSET_MS);
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes after Shanghai midnight of an instant. */
export function shanghaiMinutes(instant: Date): number {
  const local = new Date(instant.getTime() + OFFSET_MS);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
}

/** ISO 8601 with the +08:00 offset, as the API writes times: 2026-12-01T09:00:00+08:00. */
export function toShanghaiIso(instant: Date): string {
  return shanghaiIsoAt(instant.getTime());
}

/** `toShanghaiIso` of an instant given as epoch milliseconds (whole seconds are written, as there). */
export function shanghaiIsoAt(epochMs: number): string {
  // toISOString always ends in `.sssZ`, whatever the year's width.
  return `${new Date(epochMs + OFFSET_MS).toISOString().slice(0, -5)}+08:00`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
