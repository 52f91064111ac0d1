import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { LogService } from '../audit/log/log.service.js';
import { CertificateRepository } from './certificate.repository.js';

/** Certificates looked at per pass: a long outage leaves many, and each proof reads tiles. */
const BATCH = 100;

/**
 * Proofs for certificates issued while the integrator was behind (approval waits only
 * LOG_PROOF_WAIT_MS): when the log has integrated their issuing entry, their tlog-proof is stored
 * beside the PDF (`GET /api/certificates/:id/log-proof`, the verify answer). The signed PDF is
 * never touched: it was signed over what it holds, and a later attachment would break that.
 *
 * Runs on the integrator's `integrated` event (so on the instance holding the lease), once at
 * start, and on demand when someone asks for a proof that is not stored yet (any instance).
 */
@Injectable()
export class LateProofs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('LateProofs');
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly onIntegrated = () => this.catchUp();

  constructor(
    private readonly db: DataSource,
    private readonly evidence: LogService,
    private readonly audit: AuditService,
    private readonly certificates: CertificateRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.evidence.integrator.on('integrated', this.onIntegrated);
    // Never rejects: a failed pass is logged, and the next integration tries again.
    void this.catchUp();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.evidence.integrator.off('integrated', this.onIntegrated);
    await this.running;
  }

  /** Starts a pass, or asks the running one to go round once more. Resolves when the work is done. */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass().catch((e: unknown) => this.log.warn(`late proofs: ${e instanceof Error ? e.message : String(e)}`));
      } while (this.again && !this.stopped);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    let after = '';
    for (;;) {
      if (this.stopped) return;
      const rows = await this.certificates.awaitingProof(after, BATCH);
      for (const r of rows) await this.store(r.id);
      if (rows.length < BATCH) return;
      after = rows.at(-1)!.id;
    }
  }

  /** Stores certificate `id`'s proof if it has none and one can be made now; returns the stored proof. */
  async store(id: string): Promise<string | undefined> {
    const c = await this.certificates.proofState(id);
    if (!c) return undefined;
    if (c.proof) return c.proof;
    // A certificate being approved here stores the proof it awaits itself.
    if (this.evidence.isProving(c.seq)) return undefined;
    const proof = await this.evidence.settledProofForEntry(c.seq);
    if (!proof) return undefined;
    return this.db.transaction(async (m) => {
      // Another instance may have stored one meanwhile: the first stays (the database refuses a change).
      const stored = await this.certificates.lockLogProof(m, id);
      if (stored) return stored;
      await this.certificates.setLogProof(m, id, proof);
      await this.audit.append(m, {
        actor: 'system',
        action: 'certificate.log-proof.stored',
        subjectType: 'certificate',
        subjectId: id,
        payload: { index: Number(/\nindex (\d+)\n/.exec(proof)?.[1]) },
      });
      return proof;
    });
  }
}
