import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CorrectableField } from './corrections.js';

/** A correction's new printed value, by whom (null: not staff) and when. */
export interface NewCorrection {
  field: CorrectableField;
  value: string;
  reason: string;
  by: string | null;
  at: Date;
}

/** The SQL of `certificate_corrections`. Methods that take an EntityManager run in the caller's transaction. */
@Injectable()
export class CorrectionsRepository {
  constructor(private readonly db: DataSource) {}

  /** The latest correction of each field of a certificate (read by the renderer's facts). */
  async latest(certificateId: string): Promise<Partial<Record<CorrectableField, string>>> {
    const rows = (await this.db.query(
      `SELECT DISTINCT ON (field) field, value FROM certificate_corrections WHERE certificate_id = $1 ORDER BY field, seq DESC`,
      [certificateId],
    )) as { field: CorrectableField; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.field, r.value]));
  }

  /** Locks the certificate's row; its stored PDF's hash and whether its session has a recording override. The certificate exists. */
  async lockCertificate(m: EntityManager, certificateId: string): Promise<{ pdfSha256: string | null; hasOverride: boolean }> {
    const [c] = (await m.query(
      `SELECT c.pdf_sha256 AS "pdfSha256", EXISTS (SELECT 1 FROM recording_overrides o WHERE o.session_id = c.session_id) AS "hasOverride"
           FROM certificates c WHERE c.id = $1 FOR UPDATE`,
      [certificateId],
    )) as { pdfSha256: string | null; hasOverride: boolean }[];
    return c;
  }

  /** The correction's seq. */
  async insert(m: EntityManager, certificateId: string, c: NewCorrection): Promise<number> {
    const [{ seq }] = (await m.query(
      `INSERT INTO certificate_corrections (certificate_id, field, value, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq::int AS seq`,
      [certificateId, c.field, c.value, c.reason, c.by, c.at],
    )) as { seq: number }[];
    return seq;
  }
}
