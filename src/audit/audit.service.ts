import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Sql, Statement } from '../common/transaction.js';
import { entryHash, formatMicros, toJsonPayload, type AuditEntry, type AuditRecord, type VerifyResult } from './audit-encoding.js';
import { auditPayloadProblem, type AuditAction, type AuditPayload } from './audit-actions.js';
import { AuditRepository } from './audit.repository.js';
import { verifyLog, type RememberedCheckpoint } from './log/log-verify.js';

interface EntryOf<A extends AuditAction> {
  /** `user:<id>`, `case:<caseNo>`, `system` or `anonymous`. */
  actor: string;
  /** `<module>.<thing>.<event>`, e.g. `auth.login.failed`: one of audit-actions.ts. */
  action: A;
  subjectType?: string;
  subjectId?: string;
}

/** An entry to append: its payload is the one its action's schema names (never raw personal data: hash or reference it). */
export type NewAuditEntry = {
  [A in AuditAction]: EntryOf<A> &
    (Record<string, never> extends AuditPayload<A> ? { payload?: AuditPayload<A> } : { payload: AuditPayload<A> });
}[AuditAction];

/** Entry ids are taken from the sequence in blocks, so that an append is one INSERT. */
const SEQ_BLOCK = 64;

@Injectable()
export class AuditService {
  private seqs: number[] = [];
  private refill?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly repository: AuditRepository,
  ) {}

  /**
   * Appends one entry inside the caller's transaction: if the caller rolls back, the entry goes too.
   * It only inserts a pending row and takes no shared lock; the integrator gives committed entries
   * their leaf index shortly after (docs/evidence.md). `seq` identifies the entry (unique, not
   * gapless, not the log order); `hash` is SHA-256 of its canonical bytes.
   */
  async append(manager: Sql, entry: NewAuditEntry): Promise<AuditEntry> {
    const { statement, appended } = await this.prepare(manager, entry);
    await this.repository.insert(manager, statement);
    return appended;
  }

  /**
   * An append's INSERT, not yet sent: for a transaction that sends it with its COMMIT
   * (`Transaction.commit(statement)`). The same checks and the same statement as append().
   */
  async prepare(manager: Sql, entry: NewAuditEntry): Promise<{ statement: Statement; appended: AuditEntry }> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error("AuditService.append must run inside the caller's transaction");
    }
    // The compiler checks the call sites; this catches what it cannot see (rows typed `any`).
    const problem = auditPayloadProblem(entry.action, entry.payload ?? {});
    if (problem) throw new Error(`Refusing an audit entry whose payload does not fit its action: ${problem}`);
    const record: AuditRecord = {
      seq: await this.nextSeq(manager),
      occurredAt: formatMicros(this.clock.nowMicros()),
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      payload: toJsonPayload(entry.payload ?? {}),
      prevHash: null,
    };
    const hash = entryHash(record);
    return { statement: this.repository.insertStatement(record, hash), appended: { ...record, hash } };
  }

  /**
   * The next entry id from this process's block (a rolled-back or unused id is a harmless gap).
   * A refill runs on the caller's own connection: with every pooled connection held by a
   * transaction waiting here, asking the pool for another would deadlock.
   */
  private async nextSeq(manager: Sql): Promise<number> {
    while (this.seqs.length === 0) {
      this.refill ??= (async () => {
        try {
          const seqs = await this.repository.nextSeqs(manager, SEQ_BLOCK);
          this.seqs.push(...seqs.sort((a, b) => a - b));
        } finally {
          this.refill = undefined;
        }
      })();
      await this.refill;
    }
    return this.seqs.shift()!;
  }

  /** Appends in a transaction of its own, for events with no business change beside them. */
  appendAlone(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.db.transaction((m) => this.append(m, entry));
  }

  async list(after: number, limit: number): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const entries = await this.repository.after(after, limit);
    return { entries, next: entries.length === limit ? entries[entries.length - 1].seq : null };
  }

  /** Up to `count` entries from `seq` on, in seq order. */
  range(seq: number, count: number): Promise<AuditEntry[]> {
    return this.repository.from(seq, count);
  }

  /**
   * A subject's history in the order it happened. Not by seq: each instance takes ids from its own
   * block, so with several instances seq order is not time order.
   */
  findForSubject(subjectType: string, subjectId: string): Promise<AuditEntry[]> {
    return this.repository.forSubject(subjectType, subjectId);
  }

  /** Recomputes the tree from the entries and checks it against the latest signed checkpoint. */
  verify(remembered?: { seq: number; hash: string }, checkpoint?: RememberedCheckpoint): Promise<VerifyResult> {
    return verifyLog(this.db, remembered, checkpoint);
  }
}
