import type { DataSource } from 'typeorm';

/** The case summary's rows that hold bookings, in a stable order (each case's minutes packed as stored). */
export function caseSummary(db: { query(sql: string): Promise<unknown> }): Promise<unknown> {
  return db.query(
    `SELECT day::text, point_id, office_id, matter_code, notary_id, booked, completed, rejected, cancelled, no_show, certificates,
            handling, waiting
       FROM stats_case_days WHERE booked > 0 ORDER BY 1, 2, 3, 4, 5`,
  );
}

/** The same rows rebuilt from the facts (stats_case_days_rebuild), in a transaction that is rolled back. */
export async function rebuiltCaseSummary(db: DataSource): Promise<unknown> {
  const qr = db.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    await qr.query(`SELECT stats_case_days_rebuild()`);
    return await caseSummary(qr);
  } finally {
    await qr.rollbackTransaction();
    await qr.release();
  }
}
