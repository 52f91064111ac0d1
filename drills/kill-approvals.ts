import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { waitFor } from '../test/support/process.js';
import { call, Cleanup, ownPostgres, sessionReadyForApproval, setUpOffice, slotStart, startService, tally } from './support.js';

export interface KillApprovalsFigures {
  sessions: number;
  /** Approvals answered 201 before the kill. */
  ackedBeforeKill: number;
  /** Approvals that got no answer (the process died under them). */
  cutOff: number;
  /** Certificates in the database right after the kill (committed approvals). */
  certificatesAfterKill: number;
  /** Acknowledged approvals whose certificate number is not in the database (must be 0). */
  ackedMissing: number;
  /** Certificate numbers missing from 1…n per office and year, counter beyond the last number (must be 0). */
  gaps: number;
  counterMismatch: number;
  /** Sessions approved without a certificate, certificates whose session is not approved (must be 0). */
  approvedWithoutCertificate: number;
  certificateWithoutApproval: number;
  /** certificate.issued audit entries that have no certificate or the reverse (must be 0). */
  auditMismatch: number;
  /** From the restarted process's spawn to its first healthy answer, beside the first start on the fresh database. */
  restartMs: number;
  firstStartMs: number;
  /** Certificates left without their stored PDF by the kill, and how many of those download (made again). */
  pdfsMissing: number;
  pdfsServedAfterRestart: number;
  /** The sessions left unapproved, approved after the restart: answers. */
  approvedAfterRestart: Record<string, number>;
  /** Gapless again once everything is approved (must be 0). */
  gapsAtEnd: number;
}

const SESSIONS = 16;
/** The process is killed as soon as this many certificates are committed: the others are mid-way. */
const KILL_AT_CERTIFICATES = 2;

async function invariants(db: pg.Client) {
  const one = async (sql: string) => Number((await db.query<{ n: number }>(sql)).rows[0].n);
  return {
    certificates: await one(`SELECT count(*)::int AS n FROM certificates`),
    // Every seq from 1 to the highest one, once; generate_series finds the holes.
    gaps: await one(`SELECT count(*)::int AS n FROM (SELECT office_id, year, max(seq) AS hi FROM certificates GROUP BY 1, 2) m
                      CROSS JOIN LATERAL generate_series(1, m.hi) g(seq)
                      WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.office_id = m.office_id AND c.year = m.year AND c.seq = g.seq)`),
    counterMismatch: await one(`SELECT count(*)::int AS n FROM certificate_counters k
                                 WHERE k.last_no <> (SELECT coalesce(max(seq), 0) FROM certificates c WHERE c.office_id = k.office_id AND c.year = k.year)`),
    approvedWithoutCertificate: await one(
      `SELECT count(*)::int AS n FROM sessions s WHERE s.status = 'approved' AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.session_id = s.id)`,
    ),
    certificateWithoutApproval: await one(
      `SELECT count(*)::int AS n FROM certificates c JOIN sessions s ON s.id = c.session_id WHERE s.status <> 'approved'`,
    ),
    auditMismatch: await one(`SELECT count(*)::int AS n FROM (
                                SELECT subject_id FROM audit_entries WHERE action = 'certificate.issued'
                                EXCEPT SELECT id::text FROM certificates) x`),
    auditMismatchReverse: await one(`SELECT count(*)::int AS n FROM certificates c
                                      WHERE NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.action = 'certificate.issued' AND a.subject_id = c.id::text)`),
  };
}

/**
 * The service killed with SIGKILL while notaries approve sessions at the same time:
 * certificate numbers stay gapless, no session is approved without its certificate or
 * the reverse, checked with SQL after the restart.
 */
export default async function drill(): Promise<KillApprovalsFigures> {
  const cleanup = new Cleanup();
  try {
    const pgServer = await ownPostgres(cleanup);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'drill-data-'));
    cleanup.add(() => rm(dataDir, { recursive: true, force: true }));
    const env = { DATABASE_URL: pgServer.url, DATA_DIR: dataDir };
    const starting = performance.now();
    const first = await startService(env, cleanup);
    const firstStartMs = Math.round(performance.now() - starting);
    const office = await setUpOffice(first.url, { notaries: 4, points: 4 });
    const sessions = [];
    for (let i = 0; i < SESSIONS; i++) {
      sessions.push(
        await sessionReadyForApproval(first.url, office, i % office.points.length, slotStart(Math.floor(i / office.points.length))),
      );
    }

    const db = new pg.Client({ connectionString: pgServer.url });
    await db.connect();
    cleanup.add(() => db.end());

    // Every approval at once; the process dies as soon as a few certificates are committed.
    const acked = new Map<string, string>();
    let killed = false;
    const approvals = sessions.map(async (s) => {
      const res = await call<{ certificateNo?: string }>(first.url, 'POST', `/api/sessions/${s.id}/approve`, s.notaryToken, {});
      if (res.status === 201 && !killed) acked.set(s.id, res.body.certificateNo!);
      return res.status;
    });
    await waitFor(async () => {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM certificates');
      return rows[0].n >= KILL_AT_CERTIFICATES ? true : undefined;
    }, 120_000);
    killed = true;
    first.proc.child.kill('SIGKILL');
    const statuses = await Promise.all(approvals);
    await first.proc.exited;
    const afterKill = await invariants(db);
    const { rows: numbers } = await db.query<{ session_id: string; number: string }>('SELECT session_id, number FROM certificates');
    const stored = new Map(numbers.map((r) => [r.session_id, r.number]));
    const { rows: noPdf } = await db.query<{ id: string }>('SELECT id FROM certificates WHERE pdf IS NULL');

    const restarting = performance.now();
    // The same port: tokens name the service's public address (from PORT) as their issuer.
    const second = await startService(env, cleanup, Number(first.env.PORT));
    const restartMs = Math.round(performance.now() - restarting);
    let pdfsServed = 0;
    for (const { id } of noPdf) {
      const res = await call(second.url, 'GET', `/api/certificates/${id}/pdf`, office.adminToken);
      if (res.status === 200) pdfsServed++;
      else console.log(`  PDF of ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const left = sessions.filter((s) => !stored.has(s.id));
    const again = await Promise.all(
      left.map(async (s) => (await call(second.url, 'POST', `/api/sessions/${s.id}/approve`, s.notaryToken, {})).status),
    );
    const atEnd = await invariants(db);

    const figures: KillApprovalsFigures = {
      sessions: SESSIONS,
      ackedBeforeKill: acked.size,
      cutOff: statuses.filter((s) => s === 0).length,
      certificatesAfterKill: afterKill.certificates,
      ackedMissing: [...acked].filter(([id, no]) => stored.get(id) !== no).length,
      gaps: afterKill.gaps,
      counterMismatch: afterKill.counterMismatch + atEnd.counterMismatch,
      approvedWithoutCertificate: afterKill.approvedWithoutCertificate + atEnd.approvedWithoutCertificate,
      certificateWithoutApproval: afterKill.certificateWithoutApproval + atEnd.certificateWithoutApproval,
      auditMismatch: afterKill.auditMismatch + afterKill.auditMismatchReverse + atEnd.auditMismatch + atEnd.auditMismatchReverse,
      restartMs,
      firstStartMs,
      pdfsMissing: noPdf.length,
      pdfsServedAfterRestart: pdfsServed,
      approvedAfterRestart: tally(again),
      gapsAtEnd: atEnd.gaps + (atEnd.certificates === SESSIONS ? 0 : SESSIONS - atEnd.certificates),
    };
    console.log(
      `SIGKILL during ${SESSIONS} concurrent approvals (one office, 4 notaries; killed once ${KILL_AT_CERTIFICATES} certificates were committed):`,
    );
    console.log(
      `  approvals answered 201 before the kill: ${figures.ackedBeforeKill}; cut off without an answer: ${figures.cutOff}; certificates committed: ${figures.certificatesAfterKill}`,
    );
    console.log(`  acknowledged certificate numbers missing afterwards: ${figures.ackedMissing}`);
    console.log(
      `  gaps in the numbers: ${figures.gaps}; counter ≠ last number: ${figures.counterMismatch}; approved without certificate: ${figures.approvedWithoutCertificate}; certificate without approval: ${figures.certificateWithoutApproval}; audit ≠ certificates: ${figures.auditMismatch}`,
    );
    console.log(
      `  restart to healthy: ${figures.restartMs} ms (first start: ${figures.firstStartMs} ms); PDFs missing after the kill: ${figures.pdfsMissing}, served (made again) after restart: ${figures.pdfsServedAfterRestart}`,
    );
    console.log(
      `  the ${left.length} unapproved sessions approved after the restart: ${JSON.stringify(figures.approvedAfterRestart)}; gaps at the end: ${figures.gapsAtEnd}`,
    );
    return figures;
  } finally {
    await cleanup.run();
  }
}
