import type { EntityManager } from 'typeorm';

export interface ExpiredRecording {
  sessionId: string;
  caseNo: string;
  chunks: number;
  bytes: number;
  /** The latest retain_until of the session's recording rows: nothing of it may go before then. */
  retainUntil: string;
  /** Where the session's chunks are: a directory under RECORDINGS_DIR or an s3:// prefix. */
  location: string;
}

/**
 * The recordings whose retention has passed at `now`: every chunk, manifest and override row of the
 * session past its `retain_until`. Listing only: deleting is an archivist's decision (销毁 needs an
 * appraisal and a record under the archive rules), and the database refuses any earlier delete.
 */
export async function expiredRecordings(m: EntityManager, now: Date): Promise<Omit<ExpiredRecording, 'location'>[]> {
  const rows = (await m.query(
    `WITH r AS (
       SELECT session_id, retain_until, 0 AS size FROM recording_finishes
       UNION ALL SELECT session_id, retain_until, 0 FROM recording_overrides
       UNION ALL SELECT session_id, retain_until, size FROM recording_chunks
     ), agg AS (
       SELECT session_id, max(retain_until) AS retain_until,
              count(*) FILTER (WHERE size > 0)::int AS chunks, sum(size)::float8 AS bytes
         FROM r GROUP BY session_id
     )
     SELECT agg.session_id AS "sessionId", b.case_no AS "caseNo", agg.chunks, agg.bytes, agg.retain_until AS "retainUntil"
       FROM agg JOIN sessions s ON s.id = agg.session_id JOIN bookings b ON b.id = s.booking_id
      WHERE agg.retain_until <= $1
      ORDER BY agg.retain_until, agg.session_id`,
    [now],
  )) as { sessionId: string; caseNo: string; chunks: number; bytes: number; retainUntil: Date }[];
  return rows.map((r) => ({ ...r, retainUntil: new Date(r.retainUntil).toISOString() }));
}
