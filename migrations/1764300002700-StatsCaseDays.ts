import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns of `stats_case_days` after its key, computed from `stats_cases` rows `c` (grouped). */
const FIGURES = `
  count(*)::int,
  count(*) FILTER (WHERE c.session_status = 'approved')::int,
  count(*) FILTER (WHERE c.session_status = 'rejected')::int,
  count(*) FILTER (WHERE c.status = 'cancelled')::int,
  count(*) FILTER (WHERE c.status = 'no_show')::int,
  count(c.issued_at)::int,
  coalesce(array_agg(extract(epoch FROM c.issued_at - c.checked_in_at)::float8 / 60)
           FILTER (WHERE c.issued_at IS NOT NULL AND c.checked_in_at IS NOT NULL), '{}'),
  coalesce(array_agg(extract(epoch FROM c.live_at - c.checked_in_at)::float8 / 60)
           FILTER (WHERE c.live_at IS NOT NULL AND c.checked_in_at IS NOT NULL), '{}')`;

const COLUMNS = `booked, completed, rejected, cancelled, no_show, certificates, handling, waiting`;
const KEY = `day, point_id, office_id, matter_code, notary_id`;

/** A booking row's key in the summary (`b` a bookings row): the same day the view gives it. */
const bookingKey = (b: string) =>
  `ROW(((coalesce(lower(${b}.during), ${b}.created_at) AT TIME ZONE 'UTC') + interval '8 hours')::date,
       ${b}.point_id, ${b}.office_id, ${b}.matter_code, ${b}.notary_id)::stats_case_key`;

/**
 * The case figures per Asia/Shanghai day, point, office, matter and notary, kept by triggers in the
 * same transaction as the facts they count (bookings, sessions, check-ins, certificates), so that a
 * year over a county reads a few thousand rows instead of joining every booking to its session,
 * check-in and certificate (`stats_cases` stays as the definition, and the triggers recompute from it).
 *
 * Percentiles cannot be summed, so each row keeps the raw minutes (`handling`, `waiting`: one value
 * per case that has one, computed exactly as the view-based figures were); p50/p90 over any set of
 * rows is `percentile_cont` over their concatenated arrays, equal to the one over the cases.
 *
 * A change recomputes the rows its cases belong to (old and new key alike) from the view, after
 * locking them: rows are created when first needed and never deleted (a key left empty keeps
 * zeros), so the row lock serialises two transactions touching one key, and the recomputation,
 * a later statement, sees what the other committed (READ COMMITTED; under REPEATABLE READ the lock
 * fails with a serialization error instead of counting wrong).
 */
export class StatsCaseDays1764300002700 implements MigrationInterface {
  name = 'StatsCaseDays1764300002700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE stats_case_key AS (day date, point_id uuid, office_id uuid, matter_code text, notary_id uuid)`);
    await q.query(`
      CREATE TABLE stats_case_days (
        day          date NOT NULL,
        point_id     uuid NOT NULL,
        office_id    uuid NOT NULL,
        matter_code  text NOT NULL,
        notary_id    uuid,
        booked       int NOT NULL DEFAULT 0,
        completed    int NOT NULL DEFAULT 0,
        rejected     int NOT NULL DEFAULT 0,
        cancelled    int NOT NULL DEFAULT 0,
        no_show      int NOT NULL DEFAULT 0,
        certificates int NOT NULL DEFAULT 0,
        handling     float8[] NOT NULL DEFAULT '{}',
        waiting      float8[] NOT NULL DEFAULT '{}',
        CONSTRAINT stats_case_days_key UNIQUE NULLS NOT DISTINCT (${KEY})
      )`);
    await q.query(`CREATE INDEX stats_case_days_office ON stats_case_days (office_id, day)`);
    await q.query(`CREATE INDEX stats_case_days_point ON stats_case_days (point_id, day)`);

    await q.query(`
      CREATE FUNCTION stats_case_days_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM stats_case_days;
        INSERT INTO stats_case_days (${KEY}, ${COLUMNS})
        SELECT c.day, c.point_id, c.office_id, c.matter_code, c.notary_id, ${FIGURES}
          FROM stats_cases c GROUP BY c.day, c.point_id, c.office_id, c.matter_code, c.notary_id;
      END $$`);

    await q.query(`
      CREATE FUNCTION stats_case_days_refresh(keys stats_case_key[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(cardinality(keys), 0) = 0 THEN RETURN; END IF;
        -- Create or lock every row first, in one order (no deadlock between two refreshes).
        INSERT INTO stats_case_days AS d (${KEY})
        SELECT DISTINCT k.day, k.point_id, k.office_id, k.matter_code, k.notary_id FROM unnest(keys) k
         ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT ON CONSTRAINT stats_case_days_key DO UPDATE SET booked = d.booked;
        -- A new statement, so a new snapshot: it sees what a transaction that held a lock committed.
        -- Written by key through the unique index (no join with the summary), one small read of the
        -- view per key: a point's bookings of that day.
        INSERT INTO stats_case_days AS d (${KEY}, ${COLUMNS})
        SELECT k.day, k.point_id, k.office_id, k.matter_code, k.notary_id, f.*
          FROM (SELECT DISTINCT k.day, k.point_id, k.office_id, k.matter_code, k.notary_id FROM unnest(keys) k) k,
               LATERAL (SELECT ${FIGURES}
                          FROM stats_cases c
                         WHERE c.point_id = k.point_id
                           AND c.at >= (k.day - interval '8 hours') AT TIME ZONE 'UTC'
                           AND c.at < (k.day + interval '16 hours') AT TIME ZONE 'UTC'
                           AND c.office_id = k.office_id AND c.matter_code = k.matter_code
                           AND c.notary_id IS NOT DISTINCT FROM k.notary_id) f
        ON CONFLICT ON CONSTRAINT stats_case_days_key DO UPDATE
           SET (${COLUMNS}) = (${COLUMNS.split(', ')
             .map((c) => `EXCLUDED.${c}`)
             .join(', ')});
      END $$`);

    // One function per table; each trigger is for one event (transition tables allow no more).
    await q.query(`
      CREATE FUNCTION stats_case_days_bookings() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM stats_case_days_rebuild();
        ELSIF TG_OP = 'INSERT' THEN
          PERFORM stats_case_days_refresh(ARRAY(SELECT ${bookingKey('n')} FROM new_rows n));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM stats_case_days_refresh(ARRAY(SELECT ${bookingKey('o')} FROM old_rows o));
        ELSE
          PERFORM stats_case_days_refresh(ARRAY(
            SELECT k FROM old_rows o JOIN new_rows n ON n.id = o.id,
                   LATERAL (VALUES (${bookingKey('o')}), (${bookingKey('n')})) v (k)
             WHERE (o.during, o.created_at, o.point_id, o.office_id, o.matter_code, o.notary_id, o.status)
                   IS DISTINCT FROM (n.during, n.created_at, n.point_id, n.office_id, n.matter_code, n.notary_id, n.status)));
        END IF;
        RETURN NULL;
      END $$`);
    // The bookings whose figures a change to sessions, certificates or check-ins can move.
    const refreshBookings = (ids: string) =>
      `PERFORM stats_case_days_refresh(ARRAY(SELECT ${bookingKey('b')} FROM bookings b WHERE b.id IN (${ids})))`;
    await q.query(`
      CREATE FUNCTION stats_case_days_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM stats_case_days_rebuild();
        ELSIF TG_OP = 'INSERT' THEN
          ${refreshBookings('SELECT booking_id FROM new_rows')};
        ELSIF TG_OP = 'DELETE' THEN
          ${refreshBookings('SELECT booking_id FROM old_rows')};
        ELSE
          ${refreshBookings(`SELECT x FROM old_rows o JOIN new_rows n ON n.id = o.id, LATERAL (VALUES (o.booking_id), (n.booking_id)) v (x)
             WHERE (o.booking_id, o.status, o.check_in_id, o.live_at) IS DISTINCT FROM (n.booking_id, n.status, n.check_in_id, n.live_at)`)};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION stats_case_days_certificates() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM stats_case_days_rebuild();
        ELSIF TG_OP = 'INSERT' THEN
          ${refreshBookings('SELECT s.booking_id FROM sessions s WHERE s.id IN (SELECT session_id FROM new_rows)')};
        ELSIF TG_OP = 'DELETE' THEN
          ${refreshBookings('SELECT s.booking_id FROM sessions s WHERE s.id IN (SELECT session_id FROM old_rows)')};
        ELSE
          ${refreshBookings(`SELECT s.booking_id FROM sessions s WHERE s.id IN (
             SELECT x FROM old_rows o JOIN new_rows n ON n.id = o.id, LATERAL (VALUES (o.session_id), (n.session_id)) v (x)
              WHERE (o.session_id, o.issued_at) IS DISTINCT FROM (n.session_id, n.issued_at))`)};
        END IF;
        RETURN NULL;
      END $$`);
    // A new check-in counts only once a session names it (the sessions trigger); its time may change.
    await q.query(`
      CREATE FUNCTION stats_case_days_check_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM stats_case_days_rebuild();
        ELSE
          ${refreshBookings(`SELECT s.booking_id FROM sessions s WHERE s.check_in_id IN (
             SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.created_at IS DISTINCT FROM n.created_at)`)};
        END IF;
        RETURN NULL;
      END $$`);

    for (const table of ['bookings', 'sessions', 'certificates']) {
      const fn = `stats_case_days_${table}()`;
      await q.query(
        `CREATE TRIGGER ${table}_stats_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_stats_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_stats_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}`,
      );
      await q.query(`CREATE TRIGGER ${table}_stats_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}`);
    }
    await q.query(
      `CREATE TRIGGER check_ins_stats_update AFTER UPDATE ON check_ins REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_case_days_check_ins()`,
    );
    await q.query(
      `CREATE TRIGGER check_ins_stats_truncate AFTER TRUNCATE ON check_ins FOR EACH STATEMENT EXECUTE FUNCTION stats_case_days_check_ins()`,
    );

    await q.query(`SELECT stats_case_days_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['bookings', 'sessions', 'certificates'])
      for (const event of ['insert', 'update', 'delete', 'truncate']) await q.query(`DROP TRIGGER ${table}_stats_${event} ON ${table}`);
    await q.query(`DROP TRIGGER check_ins_stats_update ON check_ins`);
    await q.query(`DROP TRIGGER check_ins_stats_truncate ON check_ins`);
    for (const fn of ['bookings', 'sessions', 'certificates', 'check_ins']) await q.query(`DROP FUNCTION stats_case_days_${fn}()`);
    await q.query(`DROP FUNCTION stats_case_days_refresh(stats_case_key[])`);
    await q.query(`DROP FUNCTION stats_case_days_rebuild()`);
    await q.query(`DROP TABLE stats_case_days`);
    await q.query(`DROP TYPE stats_case_key`);
  }
}
