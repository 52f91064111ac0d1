import { describe, expect, it } from '@jest/globals';
import { Integrator } from './integrator.js';
import type { LogRepository } from './log.repository.js';

describe('Integrator', () => {
  it('asks whether anything is pending, and opens a transaction only when something is', async () => {
    let pending = false;
    let asked = 0;
    let transactions = 0;
    let askedThrice: () => void = () => undefined;
    let transacted: () => void = () => undefined;
    const log = {
      pool: async () => [],
      hasPending: async () => {
        asked++;
        if (asked === 3) askedThrice();
        return pending;
      },
      inRunnerTransaction: async () => {
        transactions++;
        transacted();
        return 0;
      },
    } as unknown as LogRepository;
    const integrator = new Integrator(log, { batchIntervalMs: 1 });
    integrator.start();
    try {
      await new Promise<void>((resolve) => (askedThrice = resolve));
      expect(transactions).toBe(0);
      pending = true;
      await new Promise<void>((resolve) => (transacted = resolve));
      expect(transactions).toBeGreaterThanOrEqual(1);
    } finally {
      await integrator.stop();
    }
  });
});
