import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import {
  ChainVerifier,
  entryHash,
  formatMicros,
  toJsonPayload,
  type AuditEntry,
  type AuditRecord,
  type VerifyResult,
} from './audit-encoding.js';

export interface NewAuditEntry {
  /** `user:<id>`, `case:<caseNo>`, `system` or `anonymous`. */
  actor: string;
  /** `<module>.<thing>.<event>`, e.g. `auth.login.failed`. */
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Never raw personal data: hash or reference it. */
  payload?: object;
}

/** Reads `occurred_at` back in exactly the form that was hashed. */
const ENTRY_COLUMNS = `seq::int AS seq,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  actor, action, subject_type AS "subjectType", subject_id AS "subjectId", payload,
  prev_hash AS "prevHash", hash`;

const PAGE = 2000;

@Injectable()
export class AuditService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one entry inside the caller's transaction: if the caller rolls back, the entry goes too.
   * Appends serialise on the locked chain-head row; seq and occurredAt are taken under that lock,
   * so seq is gapless and time never runs backwards along the chain.
   */
  async append(manager: EntityManager, entry: NewAuditEntry): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside the caller\'s transaction');
    }
    const [head] = (await manager.query(
      `SELECT seq::int AS seq, hash, (extract(epoch FROM occurred_at) * 1000000)::bigint::text AS micros
         FROM audit_head WHERE id = 1 FOR UPDATE`,
    )) as { seq: number; hash: string; micros: string | null }[];
    let micros = this.clock.nowMicros();
    if (head.micros !== null && micros <= BigInt(head.micros)) micros = BigInt(head.micros) + 1n;

    const record: AuditRecord = {
      seq: head.seq + 1,
      occurredAt: formatMicros(micros),
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subjectType ?? null,
      subjectId: entry.subjectId ?? null,
      payload: toJsonPayload(entry.payload ?? {}),
      prevHash: head.hash,
    };
    const hash = entryHash(record);
    await manager.query(
      `INSERT INTO audit_entries (seq, occurred_at, actor, action, subject_type, subject_id, payload, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        record.seq,
        record.occurredAt,
        record.actor,
        record.action,
        record.subjectType,
        record.subjectId,
        JSON.stringify(record.payload),
        record.prevHash,
        hash,
      ],
    );
    await manager.query(`UPDATE audit_head SET seq = $1, hash = $2, occurred_at = $3 WHERE id = 1`, [
      record.seq,
      hash,
      record.occurredAt,
    ]);
    return { ...record, hash };
  }

  /** Appends in a transaction of its own, for events with no business change beside them. */
  appendAlone(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.db.transaction((m) => this.append(m, entry));
  }

  async list(after: number, limit: number): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const entries = (await this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    )) as AuditEntry[];
    return { entries, next: entries.length === limit ? entries[entries.length - 1].seq : null };
  }

  /** Up to `count` entries from `seq` on, in order (fewer at the chain's end). */
  async range(seq: number, count: number): Promise<AuditEntry[]> {
    return (await this.db.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, [seq, count])) as AuditEntry[];
  }

  async findForSubject(subjectType: string, subjectId: string): Promise<AuditEntry[]> {
    return (await this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE subject_type = $1 AND subject_id = $2 ORDER BY seq`,
      [subjectType, subjectId],
    )) as AuditEntry[];
  }

  /** Walks the whole chain in one consistent snapshot. */
  verify(remembered?: { seq: number; hash: string }): Promise<VerifyResult> {
    return verifyChain(this.db, remembered);
  }
}

/** Also used by the command-line verifier, which has no Nest container. */
export async function verifyChain(
  db: DataSource,
  remembered?: { seq: number; hash: string },
): Promise<VerifyResult> {
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('SET TRANSACTION READ ONLY');
    const verifier = new ChainVerifier(remembered);
    let after = 0;
    for (;;) {
      const page = (await runner.query(
        `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
        [after],
      )) as AuditEntry[];
      page.forEach((e) => verifier.push(e));
      if (page.length < PAGE) break;
      after = page[page.length - 1].seq;
    }
    const [head] = (await runner.query(`SELECT seq::int AS seq, hash FROM audit_head WHERE id = 1`)) as {
      seq: number;
      hash: string;
    }[];
    await runner.commitTransaction();
    return verifier.result(head);
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  } finally {
    await runner.release();
  }
}
