import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Sql, Statement } from '../common/transaction.js';
import type { AuditEntry, AuditRecord } from './audit-encoding.js';

/** Reads `occurred_at` back in exactly the form that was hashed. */
export const ENTRY_COLUMNS = `seq::int AS seq,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
  actor, action, subject_type AS "subjectType", subject_id AS "subjectId", payload,
  prev_hash AS "prevHash", hash, leaf_index::int AS "leafIndex"`;

/**
 * The SQL of `audit_entries` as the service appends and lists them (the log's reads by leaf index
 * and its one write, the leaf index, are in log/log.repository.ts). Methods that take a `Sql` run
 * in the caller's transaction; insertStatement() only builds the INSERT, for a caller that sends
 * it itself (with its COMMIT).
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: DataSource) {}

  /** `count` ids from the entries' sequence, on the caller's connection. */
  async nextSeqs(m: Sql, count: number): Promise<number[]> {
    const rows = (await m.query(`SELECT nextval('audit_entries_seq_seq')::text AS s FROM generate_series(1, ${count})`)) as { s: string }[];
    return rows.map((r) => Number(r.s));
  }

  /** The INSERT of one pending entry, not yet sent. */
  insertStatement(record: AuditRecord, hash: string): Statement {
    return {
      sql: `INSERT INTO audit_entries (seq, occurred_at, actor, action, subject_type, subject_id, payload, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      params: [
        record.seq,
        record.occurredAt,
        record.actor,
        record.action,
        record.subjectType,
        record.subjectId,
        JSON.stringify(record.payload),
        hash,
      ],
    };
  }

  /** Sends an insertStatement() in the caller's transaction. */
  async insert(m: Sql, statement: Statement): Promise<void> {
    await m.query(statement.sql, statement.params);
  }

  /** Up to `limit` entries after `seq`, in seq order. */
  async after(seq: number, limit: number): Promise<AuditEntry[]> {
    return (await this.db.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      seq,
      limit,
    ])) as AuditEntry[];
  }

  /** Up to `count` entries from `seq` on, in seq order. */
  async from(seq: number, count: number): Promise<AuditEntry[]> {
    return (await this.db.query(`SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, [
      seq,
      count,
    ])) as AuditEntry[];
  }

  /** A subject's entries in the order they happened (occurred_at, then seq). */
  async forSubject(subjectType: string, subjectId: string): Promise<AuditEntry[]> {
    return (await this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_entries WHERE subject_type = $1 AND subject_id = $2 ORDER BY occurred_at, seq`,
      [subjectType, subjectId],
    )) as AuditEntry[];
  }

  /** Age of the oldest entry not yet in a signed checkpoint; 0 when the log is up to date (for the metrics). */
  async integrationLagSeconds(): Promise<number | undefined> {
    const [r] = (await this.db.query(
      'SELECT coalesce(extract(epoch FROM clock_timestamp() - min(occurred_at)), 0)::float8 AS s FROM audit_entries WHERE leaf_index IS NULL',
    )) as { s: number }[];
    return r?.s;
  }

  /** How many entries there are (for the metrics). */
  async count(): Promise<number | undefined> {
    const [r] = (await this.db.query('SELECT count(*)::float8 AS n FROM audit_entries')) as { n: number }[];
    return r?.n;
  }
}
