/**
 * The case figures against their definition: on a generated set of cases with times to the
 * microsecond (walk-ins, cancellations, no-shows, rejected and aborted sessions, sessions the
 * notary never joined, certificates issued before the check-in's clock or hours after it, bookings
 * no notary was assigned to, appointments on both sides of Asia/Shanghai midnight), every grouping
 * and filter answers what a plain query over the base tables (bookings, sessions, check-ins,
 * certificates; `percentile_cont` over the minutes) gives, empty groups and days included. The
 * cases are written by set-based statements and then changed by more, through the summary's
 * triggers, which must leave it equal to its rebuild from the facts.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GROUP_BYS } from '../src/stats/dto/stats.dto.js';
import { percentileCont, unpackMinutes } from '../src/stats/minutes.js';
import { adminPost, buildWorld, type World } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import type { CaseFigures, CaseStatsRow } from '../src/stats/dto/stats.response.js';

type Figures = CaseFigures;
type Row = CaseStatsRow;

const FROM = '2026-02-26';
const TO = '2026-04-14';
// `+ 0`: a tiny negative rounds to -0, which JSON (the API's answer) writes as 0.
const oneDecimal = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10 + 0);

describe('case figures against the facts', () => {
  let t: TestApp;
  let a: World;
  let b: World;
  let secondPoint: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await buildWorld(t, { notaries: 2, townships: 2 });
    b = await buildWorld(t);
    secondPoint = (
      (await adminPost(t, a.adminToken, '/api/points', {
        name: '服务点第二',
        regionCode: a.townships[1],
        officeId: a.officeId,
        address: '镇政府院内',
        phone: '0511-86111112',
        openingHours: {},
      })) as { id: string }
    ).id;
    // Points with their office, a terminal, and the notaries that may serve them (none: NULL).
    const points = [
      [a.pointId, a.officeId, a.terminals[0].id, a.notaries[0].id, a.notaries[1].id],
      [secondPoint, a.officeId, a.terminals[0].id, a.notaries[1].id, a.notaries[0].id],
      [b.pointId, b.officeId, b.terminals[0].id, b.notaries[0].id, b.notaries[0].id],
    ];
    // 900 past bookings over six weeks at any minute of the day, to the microsecond; a tenth are
    // walk-ins (no slot: they count on the day they were registered), a fifth have no notary.
    await t.db.query(
      `WITH p AS (SELECT (row_number() OVER () - 1)::int AS i, x[1]::uuid AS point_id, x[2]::uuid AS office_id, x[3]::uuid AS terminal_id,
                         x[4]::uuid AS n1, x[5]::uuid AS n2
                    FROM jsonb_array_elements($1::jsonb) j, LATERAL (SELECT ARRAY(SELECT jsonb_array_elements_text(j)) AS x) y),
            g AS (SELECT k, hashtext('case' || k) AS h,
                         timestamptz '2026-03-01 00:00:00+08' + (abs(hashtext('at' || k)) % (42 * 1440)) * interval '1 minute'
                           + (abs(hashtext('us' || k)) % 60000000) * interval '1 microsecond' AS starts
                    FROM generate_series(1, 900) k)
       INSERT INTO bookings (case_no, access_code_hash, kind, status, point_id, office_id, matter_code, notary_id, terminal_id, during,
                             applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc,
                             applicant_phone_masked, created_by, created_at, updated_at)
       SELECT 'FIG-' || k, 'x', s.kind, s.status, p.point_id, p.office_id,
              (ARRAY['declaration', 'declaration', 'driving_licence', 'entrustment', 'kinship'])[1 + abs(h >> 5) % 5],
              CASE WHEN abs(h >> 9) % 5 = 0 THEN NULL WHEN abs(h >> 9) % 5 = 1 THEN p.n2 ELSE p.n1 END,
              p.terminal_id, CASE WHEN s.kind = 'walk_in' THEN NULL ELSE tstzrange(starts, starts + interval '30 minutes') END,
              '数据', 'x', 'x', '3211**********0013', 'x', '139****5678', 'figures',
              CASE WHEN s.kind = 'walk_in' THEN starts ELSE starts - interval '3 days' END, starts
         FROM g JOIN p ON p.i = abs(h) % 3,
              LATERAL (SELECT CASE WHEN abs(h >> 3) % 10 = 0 THEN 'walk_in' ELSE 'appointment' END AS kind,
                              (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'cancelled', 'no_show',
                                     'expired', 'completed'])[1 + abs(h >> 13) % 10] AS status) s`,
      [JSON.stringify(points)],
    );
    // Appointments at the edges of Shanghai days: 23:59:59.999999 and midnight (16:00 UTC).
    await t.db.query(
      `INSERT INTO bookings (case_no, access_code_hash, kind, status, point_id, office_id, matter_code, notary_id, terminal_id, during,
                             applicant_name, applicant_id_enc, applicant_id_digest, applicant_id_masked, applicant_phone_enc,
                             applicant_phone_masked, created_by, created_at, updated_at)
       SELECT 'EDGE-' || k, 'x', 'appointment', 'completed', $1, $2, 'kinship', $3, $4,
              tstzrange(at, at + interval '30 minutes'), '数据', 'x', 'x', '3211**********0013', 'x', '139****5678', 'figures', at, at
         FROM generate_series(0, 5) k,
              LATERAL (SELECT timestamptz '2026-03-10 00:00:00+08' + (k / 2) * interval '1 day'
                                - CASE WHEN k % 2 = 0 THEN interval '1 microsecond' ELSE interval '0' END AS at) x`,
      [a.pointId, a.officeId, a.notaries[0].id, a.terminals[0].id],
    );
    // Completed bookings: a check-in up to ten minutes after the start.
    await t.db.query(
      `INSERT INTO check_ins (booking_id, method, terminal_id, jti, outcome, claims_sha256, created_at)
       SELECT id, 'terminal_attested', terminal_id, 'fig-' || id, 'checked_in', 'x',
              coalesce(lower(during), created_at) + (abs(hashtext('ci' || id)) % 600000007) * interval '1 microsecond'
         FROM bookings WHERE created_by = 'figures' AND status = 'completed'`,
    );
    // Some bookings had a session aborted first (it does not count; the later one does).
    const session = (status: string, which: string) =>
      `INSERT INTO sessions (booking_id, status, point_id, office_id, notary_id, terminal_id, check_in_id, created_by, created_at,
                             live_at, ended_at, signature_sha256)
       SELECT b.id, ${status}, b.point_id, b.office_id, o.notary, b.terminal_id, c.id, o.notary, c.created_at,
              CASE WHEN abs(h) % 13 = 0 THEN NULL ELSE c.created_at + (abs(h::bigint) % 900000001) * interval '1 microsecond' END,
              CASE WHEN ${status} IN ('approved', 'rejected', 'aborted') THEN c.created_at + interval '20 minutes' END, 'x'
         FROM bookings b JOIN check_ins c ON c.booking_id = b.id,
              LATERAL (SELECT hashtext('s' || ${status} || b.id) AS h) x,
              LATERAL (SELECT user_id AS notary FROM notaries n WHERE n.office_id = b.office_id ORDER BY user_id LIMIT 1) o
        WHERE b.created_by = 'figures' AND ${which}`;
    await t.db.query(session(`'aborted'`, `abs(hashtext('ab' || b.id)) % 6 = 0`));
    await t.db.query(
      session(
        `(ARRAY['approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'approved', 'rejected', 'live', 'waiting_notary'])[1 + abs(hashtext('st' || b.id)) % 10]`,
        'true',
      ),
    );
    await t.db.query(`UPDATE sessions SET live_at = NULL WHERE status = 'waiting_notary'`);
    // Certificates for most approved sessions: minutes to hours after the check-in, a few before
    // it (a clock set wrong), so the histogram's open bucket and its first one have cases.
    await t.db.query(
      `INSERT INTO certificates (id, session_id, booking_id, office_id, point_id, notary_id, matter_code, year, seq, number,
                                 holder_name, holder_id_masked, holder_digest, wording, issued_at, receipt_jws, audit_seq, audit_hash)
       SELECT gen_random_uuid(), s.id, s.booking_id, s.office_id, s.point_id, s.notary_id, b.matter_code, 2026,
              row_number() OVER (PARTITION BY s.office_id ORDER BY s.id), 'FIG-' || s.id, '数据', '3211**********0013', 'x', 'x',
              c.created_at + CASE WHEN abs(h) % 40 = 0 THEN -(abs(h::bigint) * 3 % 100000000) WHEN abs(h) % 17 = 0 THEN abs(h::bigint) * 5 % 9000000000
                                  ELSE abs(h::bigint) * 3 % 2400000000 END * interval '1 microsecond',
              'x', 0, repeat('0', 64)
         FROM sessions s JOIN bookings b ON b.id = s.booking_id JOIN check_ins c ON c.id = s.check_in_id,
              LATERAL (SELECT hashtext('cert' || s.id) AS h) x
        WHERE s.status = 'approved' AND b.created_by = 'figures' AND abs(h) % 11 <> 0`,
    );
    // Later changes, each a statement over many rows: check-ins re-timed, bookings moved to
    // another point, day or notary, certificates re-dated, sessions aborted after the fact.
    await t.db.query(
      `UPDATE check_ins SET created_at = created_at - (abs(hashtext('re' || id)) % 120000000) * interval '1 microsecond'
        WHERE abs(hashtext(id::text)) % 5 = 0 AND jti LIKE 'fig-%'`,
    );
    await t.db.query(
      `UPDATE bookings SET point_id = $1, during = tstzrange(lower(during) + interval '1 day 7 hours', upper(during) + interval '1 day 7 hours')
        WHERE created_by = 'figures' AND office_id = $2
          AND abs(hashtext('mv' || id)) % 7 = 0`,
      [secondPoint, a.officeId],
    );
    await t.db.query(`UPDATE bookings SET notary_id = NULL WHERE created_by = 'figures' AND abs(hashtext('nn' || id)) % 15 = 0`);
    await t.db.query(
      `UPDATE certificates SET issued_at = issued_at + interval '7 minutes 0.123456 seconds' WHERE number LIKE 'FIG-%'
          AND abs(hashtext('rd' || id)) % 4 = 0`,
    );
    await t.db.query(
      `UPDATE sessions SET status = 'aborted', ended_at = coalesce(ended_at, created_at + interval '1 hour')
        WHERE status IN ('live', 'waiting_notary') AND abs(hashtext('la' || id)) % 3 = 0`,
    );
  }, 300_000);
  afterAll(() => t?.close());

  /** The figures straight from the base tables: one row per group with bookings, and the total (`key` undefined). */
  const fromFacts = async (groupBy: string, filter: Record<string, string>): Promise<Map<string | null | undefined, Figures>> => {
    const key = {
      day: `to_char(c.day, 'YYYY-MM-DD')`,
      point: 'c.point_id::text',
      office: 'c.office_id::text',
      notary: 'c.notary_id::text',
      matter: 'c.matter_code',
    }[groupBy]!;
    const params: unknown[] = [FROM, TO];
    const where = ['c.day BETWEEN $1::date AND $2::date'];
    for (const [name, column] of [
      ['office', 'office_id'],
      ['point', 'point_id'],
      ['matter', 'matter_code'],
    ])
      if (filter[name]) {
        params.push(filter[name]);
        where.push(`c.${column}::text = $${params.length}`);
      }
    const rows = (await t.db.query(
      `WITH c AS (
         SELECT b.point_id, b.office_id, b.matter_code, b.notary_id, b.status, s.status AS session_status, ce.id AS certificate,
                (coalesce(lower(b.during), b.created_at) AT TIME ZONE 'Asia/Shanghai')::date AS day,
                extract(epoch FROM ce.issued_at - ci.created_at)::float8 / 60 AS handling,
                extract(epoch FROM s.live_at - ci.created_at)::float8 / 60 AS waiting
           FROM bookings b
           LEFT JOIN sessions s ON s.booking_id = b.id AND s.status <> 'aborted'
           LEFT JOIN check_ins ci ON ci.id = s.check_in_id
           LEFT JOIN certificates ce ON ce.session_id = s.id)
       SELECT ${key} AS key, GROUPING(${key}) = 1 AS total, count(*)::int AS booked,
              count(*) FILTER (WHERE session_status = 'approved')::int AS completed,
              count(*) FILTER (WHERE session_status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled, count(*) FILTER (WHERE status = 'no_show')::int AS "noShow",
              count(certificate)::int AS certificates,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY handling) AS h50, percentile_cont(0.9) WITHIN GROUP (ORDER BY handling) AS h90,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY waiting) AS w50, percentile_cont(0.9) WITHIN GROUP (ORDER BY waiting) AS w90
         FROM c WHERE ${where.join(' AND ')} GROUP BY GROUPING SETS ((${key}), ())`,
      params,
    )) as (Omit<Figures, 'handlingMinutes' | 'waitingMinutes'> & {
      key: string | null;
      total: boolean;
      h50: number | null;
      h90: number | null;
      w50: number | null;
      w90: number | null;
    })[];
    return new Map(
      rows.map(({ key, total, h50, h90, w50, w90, ...counts }) => [
        total ? undefined : key,
        {
          ...counts,
          handlingMinutes: { p50: oneDecimal(h50), p90: oneDecimal(h90) },
          waitingMinutes: { p50: oneDecimal(w50), p90: oneDecimal(w90) },
        },
      ]),
    );
  };

  const EMPTY: Figures = {
    booked: 0,
    completed: 0,
    rejected: 0,
    cancelled: 0,
    noShow: 0,
    certificates: 0,
    handlingMinutes: { p50: null, p90: null },
    waitingMinutes: { p50: null, p90: null },
  };

  it('has cases of every kind the figures tell apart', async () => {
    const [n] = (await t.db.query(
      `SELECT count(*) FILTER (WHERE b.during IS NULL)::int AS "walkIns", count(*) FILTER (WHERE b.notary_id IS NULL)::int AS "noNotary",
              count(*) FILTER (WHERE s.status = 'aborted')::int AS aborted, count(*) FILTER (WHERE s.status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE ce.issued_at < ci.created_at)::int AS "issuedEarly",
              count(*) FILTER (WHERE ce.issued_at > ci.created_at + interval '1 hour')::int AS "overAnHour",
              count(*) FILTER (WHERE s.status = 'approved' AND ce.id IS NULL)::int AS "noCertificate",
              count(*) FILTER (WHERE s.status <> 'aborted' AND s.live_at IS NULL)::int AS "neverJoined"
         FROM bookings b LEFT JOIN sessions s ON s.booking_id = b.id LEFT JOIN check_ins ci ON ci.id = s.check_in_id
         LEFT JOIN certificates ce ON ce.session_id = s.id WHERE b.created_by = 'figures'`,
    )) as Record<string, number>[];
    for (const [kind, count] of Object.entries(n)) expect([kind, count > 0]).toEqual([kind, true]);
  });

  const FILTERS: [string, () => Record<string, string>][] = [
    ['no filter', () => ({})],
    ['a matter', () => ({ matter: 'declaration' })],
    ['an office', () => ({ office: a.officeId })],
    ['a point', () => ({ point: secondPoint })],
    ['a matter nobody booked', () => ({ matter: 'copy_conforms' })],
  ];

  describe.each(FILTERS)('filtered by %s', (_, filter) => {
    it.each(GROUP_BYS.map((g) => [g]))('groupBy=%s answers what the base tables give', async (groupBy) => {
      const f = filter();
      const res = await t
        .http()
        .get('/api/stats/cases')
        .query({ from: FROM, to: TO, groupBy, ...f })
        .set({ Authorization: `Bearer ${a.adminToken}` })
        .expect(200);
      const body = res.body as { rows: Row[]; total: Figures };
      const facts = await fromFacts(groupBy, f);
      expect(body.total).toEqual(facts.get(undefined));
      const keys = [...facts.keys()].filter((k) => k !== undefined);
      if (groupBy === 'day') {
        // Every day of the range, the ones without bookings with zeros (the range starts and ends with some).
        expect(body.rows.map((r) => r.key)).toEqual(
          Array.from({ length: 48 }, (_, i) => new Date(Date.UTC(2026, 1, 26 + i)).toISOString().slice(0, 10)),
        );
        expect(body.rows.filter((r) => r.booked === 0).length).toBeGreaterThan(0);
      } else expect(body.rows.map((r) => r.key).sort()).toEqual([...keys].sort());
      expect(body.rows.map(({ key, label: _label, ...figures }) => [key, figures])).toEqual(
        body.rows.map((r) => [r.key, facts.get(r.key) ?? EMPTY]),
      );
    });
  });

  it('spreads handling times as the base tables do, the open bucket and the first included', async () => {
    const res = await t
      .http()
      .get('/api/stats/handling')
      .query({ from: FROM, to: TO })
      .set({ Authorization: `Bearer ${a.adminToken}` })
      .expect(200);
    const minutes = `SELECT extract(epoch FROM ce.issued_at - ci.created_at)::float8 / 60 AS v
                       FROM bookings b JOIN sessions s ON s.booking_id = b.id AND s.status <> 'aborted'
                       JOIN check_ins ci ON ci.id = s.check_in_id JOIN certificates ce ON ce.session_id = s.id
                      WHERE (coalesce(lower(b.during), b.created_at) AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2`;
    const buckets = (await t.db.query(
      `SELECT greatest(least(floor(v / 2), 30), 0)::int AS bucket, count(*)::int AS cases FROM (${minutes}) m GROUP BY 1`,
      [FROM, TO],
    )) as { bucket: number; cases: number }[];
    const [p] = (await t.db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY v) AS p90 FROM (${minutes}) m`,
      [FROM, TO],
    )) as { p50: number; p90: number }[];
    const body = res.body as { buckets: { fromMinutes: number; cases: number }[]; handlingMinutes: unknown };
    expect(body.buckets.map((x) => x.cases)).toEqual(Array.from({ length: 31 }, (_, i) => buckets.find((x) => x.bucket === i)?.cases ?? 0));
    expect(body.buckets[0].cases).toBeGreaterThan(0);
    expect(body.buckets[30].cases).toBeGreaterThan(0);
    expect(body.handlingMinutes).toEqual({ p50: oneDecimal(p.p50), p90: oneDecimal(p.p90) });
  });

  it('computes percentile_cont to the last bit of the double, from the minutes as the summary packs them', async () => {
    for (const column of ['handling', 'waiting']) {
      const [row] = (await t.db.query(
        `SELECT string_agg(d.${column}, ''::bytea) AS packed,
                (SELECT percentile_cont(ARRAY[0, 0.1, 0.25, 0.5, 0.9, 0.99, 1]::float8[]) WITHIN GROUP (ORDER BY v)
                   FROM bookings b JOIN sessions s ON s.booking_id = b.id AND s.status <> 'aborted'
                   JOIN check_ins ci ON ci.id = s.check_in_id LEFT JOIN certificates ce ON ce.session_id = s.id,
                   LATERAL (SELECT extract(epoch FROM ${column === 'handling' ? 'ce.issued_at' : 's.live_at'} - ci.created_at)::float8 / 60 AS v) m) AS sql
           FROM stats_case_days d`,
      )) as { packed: Uint8Array; sql: number[] }[];
      const sorted = unpackMinutes(row.packed);
      expect(sorted.length).toBeGreaterThan(300);
      expect([0, 0.1, 0.25, 0.5, 0.9, 0.99, 1].map((p) => percentileCont(sorted, p))).toEqual(row.sql);
    }
  });

  it('leaves the summary equal to its rebuild from the facts after the set-based writes and changes', async () => {
    const summary = `SELECT day::text, point_id, office_id, matter_code, notary_id, booked, completed, rejected, cancelled, no_show, certificates,
                            handling, waiting
                       FROM stats_case_days WHERE booked > 0 ORDER BY 1, 2, 3, 4, 5`;
    const kept = (await t.db.query(summary)) as unknown[];
    expect(kept.length).toBeGreaterThan(100);
    const qr = t.db.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query(`SELECT stats_case_days_rebuild()`);
      expect(kept).toEqual(await qr.query(summary));
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
