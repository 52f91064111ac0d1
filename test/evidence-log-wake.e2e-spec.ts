import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../src/audit/audit.service.js';
import { Integrator } from '../src/audit/log/integrator.js';
import { LogService } from '../src/audit/log/log.service.js';
import { LogRepository } from '../src/audit/log/log.repository.js';
import { startTestApp, type TestApp } from './support/app.js';

describe('evidence log: an awaited entry does not wait for the batch interval', () => {
  let t: TestApp;
  let audit: AuditService;
  let slow: Integrator;

  const appendOne = async () =>
    (
      await t.db.transaction((m) =>
        audit.append(m, {
          actor: 'system',
          action: 'certificate.log-proof.stored',
          subjectType: 'tag',
          subjectId: 'wake',
          payload: { index: 0 },
        }),
      )
    ).seq;
  /** Resolves with the milliseconds until `seq` is in a batch of `integrator`. */
  const integratedWithin = (integrator: Integrator, seq: number) => {
    const started = performance.now();
    return new Promise<number>((resolve) => {
      const on = (_size: number, seqs: number[]) => {
        if (!seqs.includes(seq)) return;
        integrator.off('integrated', on);
        resolve(performance.now() - started);
      };
      integrator.on('integrated', on);
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    // The service's own integrator makes way for one that pauses a minute between batches.
    await t.app.get(LogService).integrator.stop();
    slow = new Integrator(t.app.get(LogRepository), { databaseUrl: t.config.databaseUrl, batchIntervalMs: 60_000 });
    const first = new Promise((resolve) => slow.once('integrated', resolve));
    await appendOne();
    slow.start();
    await first; // it now sleeps for a minute
  }, 60_000);

  afterAll(async () => {
    await slow?.stop();
    await t?.close();
  });

  it('integrates at once when nudged, and only after the pause otherwise', async () => {
    const seq = await appendOne();
    const integrated = integratedWithin(slow, seq);
    const early = await Promise.race([integrated.then(() => 'integrated'), new Promise((r) => setTimeout(() => r('pausing'), 1_000))]);
    expect(early).toBe('pausing');
    const nudged = performance.now();
    slow.nudge();
    await integrated;
    expect(performance.now() - nudged).toBeLessThan(10_000);
  }, 60_000);

  it('wakes the integrator of another instance through NOTIFY when a proof is awaited (PostgreSQL server)', async () => {
    if (!t.config.databaseUrl) return; // embedded: one process, no other instance
    // This app's own integrator is stopped: the lock holder is `slow`, as if in another instance.
    const log = t.app.get(LogService);
    expect(log.integrator.leader).toBe(false);
    const seq = await appendOne();
    const integrated = integratedWithin(slow, seq);
    const asked = performance.now();
    const proof = await log.proofForEntry(seq, 30_000);
    expect(proof).toMatch(/^c2sp\.org\/tlog-proof@v1\n/);
    expect(await integrated).toBeLessThan(10_000);
    expect(performance.now() - asked).toBeLessThan(10_000);
  }, 60_000);
});
