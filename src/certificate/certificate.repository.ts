import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface CertificateRow {
  id: string;
  sessionId: string;
  bookingId: string;
  officeId: string;
  officeName: string;
  pointId: string;
  matterCode: string;
  matterNameZh: string;
  number: string;
  holderName: string;
  holderIdMasked: string;
  issuedAt: Date;
  auditSeq: string;
  auditHash: string;
  pdfSha256: string | null;
  status: 'valid' | 'revoked';
  revokedAt: Date | null;
  revokeReason: string | null;
  receiptJws: string;
  logProof: string | null;
}

const SELECT = `
  SELECT c.id, c.session_id AS "sessionId", c.booking_id AS "bookingId", c.office_id AS "officeId", o.name AS "officeName",
         c.point_id AS "pointId", c.matter_code AS "matterCode", m.name_zh AS "matterNameZh", c.number, c.holder_name AS "holderName",
         c.holder_id_masked AS "holderIdMasked", c.issued_at AS "issuedAt", c.audit_seq::text AS "auditSeq", c.audit_hash AS "auditHash",
         c.pdf_sha256 AS "pdfSha256", c.status, c.revoked_at AS "revokedAt", c.revoke_reason AS "revokeReason", c.receipt_jws AS "receiptJws", c.log_proof AS "logProof"
    FROM certificates c JOIN offices o ON o.id = c.office_id JOIN matters m ON m.code = c.matter_code`;

/** The check-in's columns, as the certificate queries select them (`check_ins ci`). */
const CHECK_IN_COLUMNS = `ci.face_score::float AS "faceScore", ci.liveness, ci.created_at AS "checkedAt", ci.method, ci.model,
  ci.face_distance::float AS "faceDistance", ci.face_threshold::float AS "faceThreshold", ci.liveness_steps AS "livenessSteps"`;

export interface CheckInColumns {
  idMasked: string;
  faceScore: number;
  liveness: boolean;
  checkedAt: Date;
  method: 'service_verified' | 'terminal_attested';
  model: string;
  faceDistance: number;
  faceThreshold: number;
  livenessSteps: { asked: string[] } | null;
}

/** What the signed PDF prints, as stored: the certificate with its session, booking, office, point, notary and check-in. */
export interface PdfFactsRow extends CheckInColumns {
  id: string;
  number: string;
  issuedAt: Date;
  holderName: string;
  /** As stored: with the ID number's slot. */
  wording: string;
  receiptJws: string;
  logProof: string | null;
  auditSeq: number;
  auditHash: string;
  matterCode: string;
  matterNameZh: string;
  officeId: string;
  officeName: string;
  pointName: string;
  notaryName: string;
  idEnc: string;
  sessionId: string;
  sessionStartedAt: Date;
  sessionEndedAt: Date;
  noticeSha256: string;
  recordSha256: string;
  signatureSha256: string;
  terminalLabel: string;
}

/** What approval (and the draft) reads of a session before a certificate exists. */
export interface IssueFactsRow extends CheckInColumns {
  bookingId: string;
  matterFields: Record<string, string>;
  sessionAt: Date;
  officeId: string;
  officeName: string;
  prefix: string;
  pointId: string;
  pointName: string;
  holderName: string;
  idEnc: string;
  matterCode: string;
  terminalLabel: string | null;
  notaryName: string | null;
  noticeSha256: string | null;
  recordSha256: string | null;
  signatureSha256: string | null;
}

/** A new certificate row, as approval inserts it (its wording already without the ID number). */
export interface NewCertificate {
  id: string;
  sessionId: string;
  bookingId: string;
  officeId: string;
  pointId: string;
  notaryId: string | null;
  matterCode: string;
  year: number;
  seq: number;
  number: string;
  holderName: string;
  holderIdMasked: string;
  holderDigest: string;
  wording: string;
  issuedAt: Date;
  receiptJws: string;
  auditSeq: number;
  auditHash: string;
}

export interface UnredactedWording {
  id: string;
  wording: string;
  idEnc: string;
}

/**
 * The SQL of `certificates` and `certificate_counters`, and the joined reads that issuing and the
 * PDF need. Methods that take an EntityManager run in the caller's transaction; the caller holds the
 * rules (who may, in which state) and the audit entries.
 */
@Injectable()
export class CertificateRepository {
  constructor(private readonly db: DataSource) {}

  async find(by: 'id' | 'pdf_sha256', value: string): Promise<CertificateRow | undefined> {
    const [c] = (await this.db.query(`${SELECT} WHERE c.${by} = $1`, [value])) as CertificateRow[];
    return c;
  }

  /** The row as the caller's transaction sees it; the certificate exists. */
  async get(m: EntityManager, id: string): Promise<CertificateRow> {
    const [row] = (await m.query(`${SELECT} WHERE c.id = $1`, [id])) as CertificateRow[];
    return row;
  }

  /** The stored signed PDF; null until it is made. */
  async pdf(id: string): Promise<Buffer | null> {
    const [{ pdf }] = (await this.db.query(`SELECT pdf FROM certificates WHERE id = $1`, [id])) as { pdf: Buffer | null }[];
    return pdf;
  }

  /** Locks the row; whether its PDF is stored already. */
  async lockPdfStored(m: EntityManager, id: string): Promise<boolean> {
    const [{ done }] = (await m.query(`SELECT pdf_sha256 IS NOT NULL AS done FROM certificates WHERE id = $1 FOR UPDATE`, [id])) as {
      done: boolean;
    }[];
    return done;
  }

  async setPdf(m: EntityManager, id: string, pdf: Buffer, pdfSha256: string): Promise<void> {
    await m.query(`UPDATE certificates SET pdf = $2, pdf_sha256 = $3 WHERE id = $1`, [id, pdf, pdfSha256]);
  }

  async pdfFacts(id: string): Promise<PdfFactsRow | undefined> {
    const [c] = (await this.db.query(
      `SELECT c.id, c.number, c.issued_at AS "issuedAt", c.holder_name AS "holderName", c.wording, c.receipt_jws AS "receiptJws", c.log_proof AS "logProof",
              c.audit_seq::int AS "auditSeq", c.audit_hash AS "auditHash", c.matter_code AS "matterCode", m.name_zh AS "matterNameZh",
              c.office_id AS "officeId", o.name AS "officeName", p.name AS "pointName", u.display_name AS "notaryName", b.applicant_id_enc AS "idEnc",
              b.applicant_id_masked AS "idMasked", s.id AS "sessionId", s.created_at AS "sessionStartedAt", s.ended_at AS "sessionEndedAt",
              s.notice_sha256 AS "noticeSha256", s.signed_record_sha256 AS "recordSha256", s.signature_sha256 AS "signatureSha256",
              t.label AS "terminalLabel", ${CHECK_IN_COLUMNS}
         FROM certificates c JOIN sessions s ON s.id = c.session_id JOIN bookings b ON b.id = c.booking_id JOIN offices o ON o.id = c.office_id
         JOIN points p ON p.id = c.point_id JOIN users u ON u.id = c.notary_id JOIN matters m ON m.code = c.matter_code
         JOIN terminals t ON t.id = s.terminal_id JOIN check_ins ci ON ci.id = s.check_in_id
        WHERE c.id = $1`,
      [id],
    )) as PdfFactsRow[];
    return c;
  }

  /** Locks the row; its status and issuing notary. The certificate exists. */
  async lockForRevocation(m: EntityManager, id: string): Promise<{ status: string; notaryId: string }> {
    const [c] = (await m.query(`SELECT status, notary_id AS "notaryId" FROM certificates WHERE id = $1 FOR UPDATE`, [id])) as {
      status: string;
      notaryId: string;
    }[];
    return c;
  }

  async markRevoked(m: EntityManager, id: string, at: Date, by: string | null, reason: string): Promise<void> {
    await m.query(`UPDATE certificates SET status = 'revoked', revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1`, [
      id,
      at,
      by,
      reason,
    ]);
  }

  /** Every office, by name: the ones that must have a signing key. */
  async offices(): Promise<{ id: string; name: string }[]> {
    return (await this.db.query(`SELECT id, name FROM offices ORDER BY name`)) as { id: string; name: string }[];
  }

  /** Up to 200 certificates whose stored wording may still hold the ID number in clear, with the encrypted number. */
  async unredacted(): Promise<UnredactedWording[]> {
    return (await this.db.query(
      `SELECT c.id, c.wording, b.applicant_id_enc AS "idEnc" FROM certificates c JOIN bookings b ON b.id = c.booking_id
          WHERE NOT c.wording_redacted ORDER BY c.id LIMIT 200`,
    )) as UnredactedWording[];
  }

  /** Stores the redacted wording; false when another instance did it first. */
  async redactWording(m: EntityManager, id: string, wording: string): Promise<boolean> {
    const done = (await m.query(
      `UPDATE certificates SET wording = $2, wording_redacted = true WHERE id = $1 AND NOT wording_redacted RETURNING id`,
      [id, wording],
    )) as unknown[];
    return done.length > 0;
  }

  /** The office's next number for the year; the counter row stays locked until the caller's transaction ends. */
  async nextNumber(m: EntityManager, officeId: string, year: number): Promise<number> {
    const [{ seq }] = (await m.query(
      `INSERT INTO certificate_counters AS c (office_id, year, last_no) VALUES ($1, $2, 1)
         ON CONFLICT (office_id, year) DO UPDATE SET last_no = c.last_no + 1 RETURNING last_no AS seq`,
      [officeId, year],
    )) as { seq: number }[];
    return seq;
  }

  async insert(m: EntityManager, c: NewCertificate): Promise<void> {
    await m.query(
      `INSERT INTO certificates (id, session_id, booking_id, office_id, point_id, notary_id, matter_code, year, seq, number, holder_name,
                                   holder_id_masked, holder_digest, wording, issued_at, receipt_jws, audit_seq, audit_hash, wording_redacted)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, true)`,
      [
        c.id,
        c.sessionId,
        c.bookingId,
        c.officeId,
        c.pointId,
        c.notaryId,
        c.matterCode,
        c.year,
        c.seq,
        c.number,
        c.holderName,
        c.holderIdMasked,
        c.holderDigest,
        c.wording,
        c.issuedAt,
        c.receiptJws,
        c.auditSeq,
        c.auditHash,
      ],
    );
  }

  /** The session's facts for a certificate of it (the session exists); the matter's own come from the matters module. */
  async issueFacts(m: EntityManager, sessionId: string): Promise<IssueFactsRow> {
    const [row] = (await m.query(
      `SELECT s.booking_id AS "bookingId", s.matter_fields AS "matterFields", s.created_at AS "sessionAt", b.office_id AS "officeId",
              o.name AS "officeName", o.certificate_prefix AS prefix, b.point_id AS "pointId", p.name AS "pointName",
              b.applicant_name AS "holderName", b.applicant_id_enc AS "idEnc", b.applicant_id_masked AS "idMasked", b.matter_code AS "matterCode",
              t.label AS "terminalLabel", u.display_name AS "notaryName",
              s.notice_sha256 AS "noticeSha256", s.signed_record_sha256 AS "recordSha256", s.signature_sha256 AS "signatureSha256",
              ${CHECK_IN_COLUMNS}
         FROM sessions s JOIN bookings b ON b.id = s.booking_id JOIN offices o ON o.id = b.office_id JOIN points p ON p.id = b.point_id
         LEFT JOIN terminals t ON t.id = s.terminal_id LEFT JOIN users u ON u.id = s.notary_id
         LEFT JOIN check_ins ci ON ci.id = s.check_in_id
        WHERE s.id = $1`,
      [sessionId],
    )) as IssueFactsRow[];
    return row;
  }

  /** Certificates without a log proof whose issuing entry the log has integrated, by id after `after`, at most `limit`. */
  async awaitingProof(after: string, limit: number): Promise<{ id: string }[]> {
    return (await this.db.query(
      `SELECT c.id FROM certificates c JOIN audit_entries a ON a.seq = c.audit_seq
          WHERE c.log_proof IS NULL AND a.leaf_index IS NOT NULL AND c.id::text > $1
          ORDER BY c.id::text LIMIT ${limit}`,
      [after],
    )) as { id: string }[];
  }

  /** The issuing entry's seq and the stored log proof, if the certificate exists. */
  async proofState(id: string): Promise<{ seq: number; proof: string | null } | undefined> {
    const [c] = (await this.db.query(`SELECT audit_seq::int AS seq, log_proof AS proof FROM certificates WHERE id = $1`, [id])) as {
      seq: number;
      proof: string | null;
    }[];
    return c;
  }

  /** Locks the row; the log proof stored already, if any. */
  async lockLogProof(m: EntityManager, id: string): Promise<string | null> {
    const [{ stored }] = (await m.query(`SELECT log_proof AS stored FROM certificates WHERE id = $1 FOR UPDATE`, [id])) as {
      stored: string | null;
    }[];
    return stored;
  }

  /** Stores the log proof unless one is stored already (the database refuses to change one once stored). */
  async setLogProof(m: EntityManager, id: string, proof: string): Promise<void> {
    await m.query(`UPDATE certificates SET log_proof = $2 WHERE id = $1 AND log_proof IS NULL`, [id, proof]);
  }
}
