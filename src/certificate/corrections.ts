/** Which printed values a correction may replace, and the latest correction of each (read by the renderer's facts). */
import type { DataSource } from 'typeorm';

/** The printed values a correction may replace: those not checked before numbering until now. */
export const CORRECTABLE_FIELDS = ['terminalLabel', 'notaryName', 'recordingOverrideReason', 'recordingOverrideByName'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** The latest correction of each field of a certificate. */
export async function latestCorrections(db: DataSource, id: string): Promise<Partial<Record<CorrectableField, string>>> {
  const rows = (await db.query(
    `SELECT DISTINCT ON (field) field, value FROM certificate_corrections WHERE certificate_id = $1 ORDER BY field, seq DESC`,
    [id],
  )) as { field: CorrectableField; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.field, r.value]));
}
