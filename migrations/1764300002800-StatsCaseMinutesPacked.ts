import type { MigrationInterface, QueryRunner } from 'typeorm';
import { StatsCaseDays1764300002700 } from './1764300002700-StatsCaseDays.js';

/** A list of minutes as stored: each value's 8 bytes (`float8send`, big-endian IEEE 754), in ascending order. */
const packed = (minutes: string, when: string) =>
  `coalesce(string_agg(float8send(${minutes}), ''::bytea ORDER BY ${minutes}) FILTER (WHERE ${when}), ''::bytea)`;

/** Columns of `stats_case_days` after its key, computed from `stats_cases` rows `c` (grouped). */
const FIGURES = `
  count(*)::int,
  count(*) FILTER (WHERE c.session_status = 'approved')::int,
  count(*) FILTER (WHERE c.session_status = 'rejected')::int,
  count(*) FILTER (WHERE c.status = 'cancelled')::int,
  count(*) FILTER (WHERE c.status = 'no_show')::int,
  count(c.issued_at)::int,
  ${packed(`extract(epoch FROM c.issued_at - c.checked_in_at)::float8 / 60`, `c.issued_at IS NOT NULL AND c.checked_in_at IS NOT NULL`)},
  ${packed(`extract(epoch FROM c.live_at - c.checked_in_at)::float8 / 60`, `c.live_at IS NOT NULL AND c.checked_in_at IS NOT NULL`)}`;

const COLUMNS = `booked, completed, rejected, cancelled, no_show, certificates, handling, waiting`;
const KEY = `day, point_id, office_id, matter_code, notary_id`;

/** A booking row's key in the summary (`b` a bookings row): the same day the view gives it. */
const bookingKey = (b: string) =>
  `ROW(((coalesce(lower(${b}.during), ${b}.created_at) AT TIME ZONE 'UTC') + interval '8 hours')::date,
       ${b}.point_id, ${b}.office_id, ${b}.matter_code, ${b}.notary_id)::stats_case_key`;

/** Per table: the columns whose change can move a case's figures (the trigger's arguments). */
const WATCHED: Record<string, string[]> = {
  bookings: ['during', 'created_at', 'point_id', 'office_id', 'matter_code', 'notary_id', 'status'],
  sessions: ['booking_id', 'status', 'check_in_id', 'live_at'],
  certificates: ['session_id', 'issued_at'],
  check_ins: ['created_at'],
};

/**
 * The case summary's minutes packed, and its four trigger functions made one.
 *
 * `stats_case_days` (see StatsCaseDays) kept each row's handling and waiting minutes as `float8[]`;
 * the figures request then turned every value into text (`array_to_string`) and the service parsed
 * it back, a cost per value on both sides. Now `handling` and `waiting` are `bytea`: the values'
 * 8-byte IEEE 754 images (`float8send`), sorted. A request concatenates a group's rows
 * (`string_agg(handling, '')`, a copy per row, nothing per value) and the service reads the very
 * doubles the arrays held, so the percentiles stay exact and equal.
 *
 * The four near-identical trigger functions (bookings, sessions, certificates, check-ins) become
 * `stats_case_days_track(watched columns…)`: the rows a statement inserted or deleted, or those it
 * updated with a change to a watched column (before and after), then the summary keys of their
 * bookings — from the rows themselves for `bookings` (an old row's key may be gone from the table),
 * through sessions for the others — refreshed by `stats_case_days_refresh` as before (rows locked
 * first in one order, then recomputed from the view in a later statement). Same triggers, same
 * events; `TRUNCATE` rebuilds.
 */
export class StatsCaseMinutesPacked1764300002800 implements MigrationInterface {
  name = 'StatsCaseMinutesPacked1764300002800';

  async up(q: QueryRunner): Promise<void> {
    // Triggers, functions and the table go; the table comes back with packed minutes and is rebuilt.
    await new StatsCaseDays1764300002700().down(q);
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
        handling     bytea NOT NULL DEFAULT '',
        waiting      bytea NOT NULL DEFAULT '',
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

    // One function for the four tables. Transition tables exist only for the trigger's own event,
    // so each is read in the branch of that event.
    await q.query(`
      CREATE FUNCTION stats_case_days_track() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed jsonb[];
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM stats_case_days_rebuild();
          RETURN NULL;
        ELSIF TG_OP = 'INSERT' THEN
          changed := ARRAY(SELECT to_jsonb(n) FROM new_rows n);
        ELSIF TG_OP = 'DELETE' THEN
          changed := ARRAY(SELECT to_jsonb(o) FROM old_rows o);
        ELSE
          -- Updated rows whose watched columns (the trigger's arguments) changed: as they were and are.
          changed := ARRAY(
            SELECT r
              FROM (SELECT to_jsonb(o) AS o FROM old_rows o) o JOIN (SELECT to_jsonb(n) AS n FROM new_rows n) n ON n.n -> 'id' = o.o -> 'id',
                   LATERAL (VALUES (o.o), (n.n)) v (r)
             WHERE EXISTS (SELECT FROM unnest(TG_ARGV) w WHERE o.o -> w IS DISTINCT FROM n.n -> w));
        END IF;
        IF TG_TABLE_NAME = 'bookings' THEN
          PERFORM stats_case_days_refresh(ARRAY(
            SELECT ${bookingKey('b')} FROM unnest(changed) j, jsonb_populate_record(NULL::bookings, j) b));
        ELSE
          -- The bookings whose cases the changed sessions, certificates or check-ins belong to.
          PERFORM stats_case_days_refresh(ARRAY(
            SELECT ${bookingKey('b')} FROM bookings b WHERE b.id IN (
              SELECT (j ->> 'booking_id')::uuid FROM unnest(changed) j WHERE TG_TABLE_NAME = 'sessions'
              UNION ALL
              SELECT s.booking_id FROM unnest(changed) j JOIN sessions s ON s.id = (j ->> 'session_id')::uuid
               WHERE TG_TABLE_NAME = 'certificates'
              UNION ALL
              SELECT s.booking_id FROM unnest(changed) j JOIN sessions s ON s.check_in_id = (j ->> 'id')::uuid
               WHERE TG_TABLE_NAME = 'check_ins')));
        END IF;
        RETURN NULL;
      END $$`);

    for (const [table, columns] of Object.entries(WATCHED)) {
      const fn = `stats_case_days_track(${columns.map((c) => `'${c}'`).join(', ')})`;
      // A new check-in counts only once a session names it (the sessions trigger); its time may change.
      const events = table === 'check_ins' ? ['update'] : ['insert', 'update', 'delete'];
      for (const event of events) {
        const transition = {
          insert: 'NEW TABLE AS new_rows',
          update: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
          delete: 'OLD TABLE AS old_rows',
        }[event];
        await q.query(
          `CREATE TRIGGER ${table}_stats_${event} AFTER ${event.toUpperCase()} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}`,
        );
      }
      await q.query(`CREATE TRIGGER ${table}_stats_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}`);
    }

    await q.query(`SELECT stats_case_days_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of Object.entries(WATCHED))
      for (const event of table === 'check_ins' ? ['update', 'truncate'] : ['insert', 'update', 'delete', 'truncate'])
        await q.query(`DROP TRIGGER ${table}_stats_${event} ON ${table}`);
    await q.query(`DROP FUNCTION stats_case_days_track()`);
    await q.query(`DROP FUNCTION stats_case_days_refresh(stats_case_key[])`);
    await q.query(`DROP FUNCTION stats_case_days_rebuild()`);
    await q.query(`DROP TABLE stats_case_days`);
    await q.query(`DROP TYPE stats_case_key`);
    // Back to the arrays and the four functions, rebuilt from the facts.
    await new StatsCaseDays1764300002700().up(q);
  }
}
