import { afterAll, describe, expect, it } from '@jest/globals';
import killApprovals from '../drills/kill-approvals.js';
import postgresRestart from '../drills/postgres-restart.js';
import redisOutage from '../drills/redis-outage.js';
import { stopAll } from './support/process.js';

/**
 * The fault drills (drills/, `npm run drill`) with their invariants asserted. Each drill starts
 * its own PostgreSQL cluster (initdb + pg_ctl, own port) and Redis, never the shared ones, and
 * tears everything down in a finally. Only correctness is asserted here; the timings they print
 * (time to recover) are figures for docs/benchmarks.md, not assertions: the CI machine is shared.
 */
describe('fault drills', () => {
  afterAll(() => stopAll());

  it('PostgreSQL restart under booking load: every acknowledged booking kept, 503 (never 500) while down, healthy again', async () => {
    const f = await postgresRestart();
    expect(f.acked).toBeGreaterThan(0);
    expect(f.ackedMissing).toBe(0);
    expect(f.serverErrors).toBe(0);
    expect(f.noAnswer).toBe(0);
    expect(f.healthWhileDown['503']).toBeGreaterThan(0);
    expect(Object.keys(f.healthWhileDown).filter((s) => s !== '503' && s !== '200')).toEqual([]);
    // Refusals while the database was away say so: 503 DATABASE_UNAVAILABLE, nothing else.
    expect(Object.keys(f.duringOutage).filter((k) => !k.startsWith('2') && k !== '503 DATABASE_UNAVAILABLE')).toEqual([]);
    expect(f.firstBookingAfterMs).toBeGreaterThanOrEqual(0);
  }, 600_000);

  it('SIGKILL during concurrent approvals: gapless numbers, approvals and certificates agree, the rest approve after restart', async () => {
    const f = await killApprovals();
    expect(f.certificatesAfterKill).toBeGreaterThan(0);
    expect(f.ackedMissing).toBe(0);
    expect(f.gaps).toBe(0);
    expect(f.counterMismatch).toBe(0);
    expect(f.approvedWithoutCertificate).toBe(0);
    expect(f.certificateWithoutApproval).toBe(0);
    expect(f.auditMismatch).toBe(0);
    expect(f.pdfsServedAfterRestart).toBe(f.pdfsMissing);
    expect(Object.keys(f.approvedAfterRestart).filter((s) => s !== '201')).toEqual([]);
    expect(f.gapsAtEnd).toBe(0);
  }, 600_000);

  it('Redis stopped under two-instance signalling: same-instance peers keep talking, the cluster relays again once Redis is back', async () => {
    const f = await redisOutage();
    expect(f.instancesHealthy).toBe(true);
    expect(f.sameInstance.outage.sent).toBeGreaterThan(0);
    expect(f.sameInstance.outage.delivered).toBe(f.sameInstance.outage.sent);
    expect(f.recoveryMs).toBeGreaterThanOrEqual(0);
    // From the first message that crosses again on, every one does.
    expect(f.crossInstance.after.sent).toBeGreaterThan(0);
    expect(f.crossInstance.after.acked).toBe(f.crossInstance.after.sent);
    expect(f.crossInstance.after.delivered).toBe(f.crossInstance.after.sent);
  }, 600_000);
});
