import type { DataSource } from 'typeorm';

/** The dataset's shape: a province's remote notarization network and a year of its bookings. */
export const DATASET = { offices: 20, notariesPerOffice: 10, pointsPerOffice: 20, bookingsPerPointDay: 7 };

export interface Dataset {
  offices: { id: string; points: { id: string }[] }[];
  /** The first day with no generated booking (Shanghai date): bench writes start there. */
  firstFreeDay: string;
  bookings: number;
}

/**
 * A province, 20 offices (one per county) with 10 notaries each, 20 township points per office
 * (400, each with one terminal), and `days` days of bookings ending a week after `now` (none made after `now`), all in
 * set-based SQL (generate_series), not row by row: 7 per point and day, about a million in a year.
 * Notary j of an office serves points 2j and 2j+1 on alternate half hours from 08:30, so active
 * bookings never overlap (the exclusion constraints hold). Seven matters, the declaration most
 * often (so the figures per matter have several groups). Statuses as a year of service looks:
 * past days mostly completed, some cancelled, no-shows, expired walk-ins; the coming week
 * confirmed with some cancellations.
 */
/**
 * The figures' summary (stats_case_days) is kept by per-statement triggers that re-read each
 * touched key: right for the service's one-booking writes, slow for a load of a million rows (one
 * small read per key). A bulk load turns them off and rebuilds the summary once, set-based.
 */
async function statsTriggers(db: DataSource, on: boolean): Promise<void> {
  for (const table of ['bookings', 'sessions', 'certificates'])
    for (const event of ['insert', 'update', 'delete'])
      await db.query(`ALTER TABLE ${table} ${on ? 'ENABLE' : 'DISABLE'} TRIGGER ${table}_stats_${event}`);
  if (on) await db.query(`SELECT stats_case_days_rebuild()`);
}

export async function generateDataset(db: DataSource, now: Date, days = 365): Promise<Dataset> {
  const { offices, notariesPerOffice, pointsPerOffice, bookingsPerPointDay } = DATASET;
  await db.transaction(async (m) => {
    await m.query(
      `INSERT INTO regions (code, name, level, parent_code, illustrative) VALUES ('390000', '数据省', 'province', NULL, true), ('390100', '数据市', 'city', '390000', true)`,
    );
    await m.query(
      `INSERT INTO regions (code, name, level, parent_code, illustrative)
       SELECT '3901' || lpad(o::text, 2, '0'), '数据县' || o, 'county', '390100', true FROM generate_series(1, $1) o`,
      [offices],
    );
    await m.query(
      `INSERT INTO regions (code, name, level, parent_code, illustrative)
       SELECT '3901' || lpad(o::text, 2, '0') || lpad(p::text, 3, '0'), '数据镇' || o || '-' || p, 'township', '3901' || lpad(o::text, 2, '0'), true
         FROM generate_series(1, $1) o, generate_series(1, $2) p`,
      [offices, pointsPerOffice],
    );
    await m.query(
      `INSERT INTO offices (name, region_code, certificate_prefix, address, phone)
       SELECT '数据公证处' || o, '3901' || lpad(o::text, 2, '0'), '苏数' || o, '县政府路' || o || '号', '0511-86000000' FROM generate_series(1, $1) o`,
      [offices],
    );
    await m.query(
      `INSERT INTO users (username, password_hash, role, display_name, office_id)
       SELECT 'ds-notary-' || o || '-' || j, 'not-a-login', 'notary', '公证员' || o || '-' || j, f.id
         FROM generate_series(1, $1) o JOIN offices f ON f.name = '数据公证处' || o, generate_series(0, $2 - 1) j`,
      [offices, notariesPerOffice],
    );
    await m.query(
      `INSERT INTO notaries (user_id, office_id, license_no) SELECT id, office_id, 'DS-' || username FROM users WHERE username LIKE 'ds-notary-%'`,
    );
    await m.query(
      `INSERT INTO points (name, region_code, office_id, address, phone, opening_hours)
       SELECT '数据点' || o || '-' || p, '3901' || lpad(o::text, 2, '0') || lpad(p::text, 3, '0'), f.id, '镇政府', '0511-86111111',
              '{"mon":[["08:30","12:00"],["13:30","17:30"]],"tue":[["08:30","12:00"],["13:30","17:30"]],"wed":[["08:30","12:00"],["13:30","17:30"]],"thu":[["08:30","12:00"],["13:30","17:30"]],"fri":[["08:30","12:00"],["13:30","17:30"]],"sat":[["08:30","12:00"],["13:30","17:30"]],"sun":[["08:30","12:00"],["13:30","17:30"]]}'
         FROM generate_series(1, $1) o JOIN offices f ON f.name = '数据公证处' || o, generate_series(1, $2) p`,
      [offices, pointsPerOffice],
    );
    await m.query(
      `INSERT INTO terminals (point_id, label, kid, alg, public_jwk) SELECT id, '终端', 'ds-kid-' || id, 'EdDSA', '{}' FROM points WHERE name LIKE '数据点%'`,
    );
  });
  // Notaries' working plans cover every day, as the points' hours do (the bench books on any day).
  await db.query(`UPDATE notaries SET weekly = (SELECT opening_hours FROM points WHERE name = '数据点1-1') WHERE license_no LIKE 'DS-%'`);
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  await statsTriggers(db, false);
  // One statement: points numbered within their office (i), their notary (i / 2) and terminal.
  await db.query(
    `WITH pt AS (
       SELECT p.id AS point_id, p.office_id, t.id AS terminal_id, (row_number() OVER (PARTITION BY p.office_id ORDER BY p.name) - 1)::int AS i
         FROM points p JOIN terminals t ON t.point_id = p.id WHERE p.name LIKE '数据点%'),
     nt AS (
       SELECT n.user_id AS notary_id, n.office_id, (row_number() OVER (PARTITION BY n.office_id ORDER BY n.license_no) - 1)::int AS j
         FROM notaries n WHERE n.license_no LIKE 'DS-%'),
     g AS (
       SELECT pt.*, nt.notary_id, d, k,
              (($1::date + d) + time '08:30' + ((2 * k + pt.i % 2) * 30) * interval '1 minute') AT TIME ZONE 'Asia/Shanghai' AS starts,
              hashtext(pt.point_id::text || d || ':' || k) AS h
         FROM pt JOIN nt ON nt.office_id = pt.office_id AND nt.j = pt.i / 2,
              generate_series(-($2::int - 8), 7) d, generate_series(0, $3::int - 1) k)
     INSERT INTO bookings (case_no, access_code_hash, kind, status, point_id, office_id, matter_code, notary_id, terminal_id, during,
                           applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc, applicant_phone_masked,
                           created_by, created_at, updated_at)
     SELECT 'DS' || to_char(starts AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDDHH24MI') || '-' || left(point_id::text, 8),
            'x', s.kind, s.status, point_id, office_id, s.matter,
            CASE WHEN s.kind = 'walk_in' THEN NULL ELSE notary_id END, CASE WHEN s.kind = 'walk_in' THEN NULL ELSE terminal_id END,
            CASE WHEN s.kind = 'walk_in' THEN NULL ELSE tstzrange(starts, starts + interval '30 minutes', '[)') END,
            '数据', 'x', 'x', '3211**********0013', 'x', '139****5678', 'dataset',
            least(starts - (1 + abs(h) % 14) * interval '1 day', $4::timestamptz), starts
       FROM g, LATERAL (SELECT
              CASE WHEN d < 0 AND abs(h) % 100 < 4 THEN 'walk_in' ELSE 'appointment' END AS kind,
              CASE WHEN d < 0 THEN CASE WHEN abs(h) % 100 < 4 THEN 'expired' WHEN abs(h) % 100 < 10 THEN 'no_show' WHEN abs(h) % 100 < 18 THEN 'cancelled' ELSE 'completed' END
                   ELSE CASE WHEN abs(h) % 100 < 10 THEN 'cancelled' ELSE 'confirmed' END END AS status,
              (ARRAY['declaration', 'declaration', 'declaration', 'driving_licence', 'driving_licence', 'entrustment',
                     'no_criminal_record', 'kinship', 'education', 'copy_conforms'])[1 + abs(h >> 8) % 10] AS matter) s`,
    [today, days, bookingsPerPointDay, now],
  );
  await statsTriggers(db, true);
  // At rest, as a running province's database is: vacuumed (else autovacuum takes up a million
  // fresh rows during the measured reads) and its pages written out (else the checkpointer does;
  // CHECKPOINT needs a superuser or pg_checkpoint, and is skipped without).
  await db.query(`VACUUM ANALYZE bookings`);
  await db.query(`CHECKPOINT`).catch(() => undefined);
  const rows = (await db.query(
    `SELECT o.id, json_agg(json_build_object('id', p.id) ORDER BY p.name) AS points FROM offices o JOIN points p ON p.office_id = o.id
      WHERE o.name LIKE '数据公证处%' GROUP BY o.id ORDER BY min(o.name)`,
  )) as { id: string; points: { id: string }[] }[];
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM bookings WHERE created_by = 'dataset'`)) as { n: number }[];
  const first = new Date(`${today}T00:00:00+08:00`);
  first.setUTCDate(first.getUTCDate() + 8);
  return { offices: rows, firstFreeDay: new Date(first.getTime() + 8 * 3600_000).toISOString().slice(0, 10), bookings: n };
}

/**
 * What became of the dataset's past bookings, as the service records it: for every completed
 * booking a check-in 0–5 minutes after its start, a session the notary joined 1–8 minutes after
 * the check-in, ended 5–17 minutes after it (about ten on average, the headline of a simple remote
 * act); 5 % rejected, the rest approved with a certificate issued when the session ended.
 * Set-based SQL, like the bookings. Returns the counts written.
 */
export async function generateOutcomes(db: DataSource): Promise<{ sessions: number; certificates: number }> {
  await statsTriggers(db, false);
  await db.query(
    `INSERT INTO check_ins (booking_id, method, terminal_id, jti, outcome, claims_sha256, created_at)
     SELECT id, 'terminal_attested', terminal_id, 'ds-' || id, 'checked_in', 'dataset', lower(during) + (abs(hashtext(id::text)) % 300) * interval '1 second'
       FROM bookings WHERE created_by = 'dataset' AND status = 'completed'`,
  );
  await db.query(
    `INSERT INTO sessions (booking_id, status, point_id, office_id, notary_id, terminal_id, check_in_id, created_by, created_at,
                           live_at, signing_at, ended_at, signature_sha256)
     SELECT b.id, CASE WHEN abs(h) % 100 < 5 THEN 'rejected' ELSE 'approved' END, b.point_id, b.office_id, b.notary_id, b.terminal_id, c.id,
            b.notary_id, c.created_at,
            c.created_at + (60 + abs(h >> 4) % 420) * interval '1 second',
            c.created_at + (300 + abs(h >> 3) % 420) * interval '1 second',
            c.created_at + (300 + abs(h >> 3) % 420 + abs(h >> 11) % 300) * interval '1 second',
            'dataset'
       FROM bookings b JOIN check_ins c ON c.booking_id = b.id, LATERAL (SELECT hashtext(b.id::text || 'session') AS h) x
      WHERE b.created_by = 'dataset' AND b.status = 'completed'`,
  );
  await db.query(
    `INSERT INTO certificates (id, session_id, booking_id, office_id, point_id, notary_id, matter_code, year, seq, number,
                               holder_name, holder_id_masked, holder_digest, wording, issued_at, receipt_jws, audit_seq, audit_hash)
     SELECT gen_random_uuid(), s.id, s.booking_id, s.office_id, s.point_id, s.notary_id, (SELECT matter_code FROM bookings WHERE id = s.booking_id), y,
            row_number() OVER (PARTITION BY s.office_id, y ORDER BY s.ended_at, s.id),
            '(' || y || ')DS' || left(s.office_id::text, 8) || '证字第' || row_number() OVER (PARTITION BY s.office_id, y ORDER BY s.ended_at, s.id) || '号',
            '数据', '3211**********0013', 'dataset', 'dataset', s.ended_at, 'dataset', 0, repeat('0', 64)
       FROM sessions s, LATERAL (SELECT extract(year FROM s.ended_at AT TIME ZONE 'Asia/Shanghai')::int AS y) x
      WHERE s.status = 'approved' AND s.signature_sha256 = 'dataset'`,
  );
  await statsTriggers(db, true);
  await db.query(`ANALYZE check_ins`);
  await db.query(`ANALYZE sessions`);
  await db.query(`ANALYZE certificates`);
  await db.query(`VACUUM ANALYZE stats_case_days`);
  const [n] = (await db.query(
    `SELECT (SELECT count(*)::int FROM sessions WHERE signature_sha256 = 'dataset') AS sessions,
            (SELECT count(*)::int FROM certificates WHERE holder_digest = 'dataset') AS certificates`,
  )) as { sessions: number; certificates: number }[];
  return n;
}
