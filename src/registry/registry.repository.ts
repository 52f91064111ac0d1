import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CoveragePoint, PointView } from './dto/registry.response.js';
import type { Office } from './registry.entities.js';

const PUBLIC_POINT_COLUMNS = `p.id, p.name, p.address, p.phone, p.status, p.opening_hours AS "openingHours", p.exceptions,
  json_build_object('code', t.code, 'name', t.name) AS township,
  json_build_object('id', o.id, 'name', o.name) AS office`;
const POINTS = `points p JOIN regions t ON t.code = p.region_code JOIN offices o ON o.id = p.office_id`;

export interface NotaryRow {
  id: string;
  username: string;
  displayName: string;
  licenseNo: string;
  active: boolean;
}

export interface StaffRow {
  id: string;
  username: string;
  displayName: string;
  active: boolean;
}

export interface DemoAccount {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
}

/**
 * The registry's SQL beyond single-entity lookups (those use TypeORM's entity repositories): the
 * joined views of offices, points and their staff, terminal seats, and coverage. Methods that take
 * an EntityManager run in the caller's transaction.
 */
@Injectable()
export class RegistryRepository {
  constructor(private readonly db: DataSource) {}

  async offices(): Promise<(Office & { regionName: string })[]> {
    return (await this.db.query(
      `SELECT o.id, o.name, o.region_code AS "regionCode", o.certificate_prefix AS "certificatePrefix", o.address, o.phone, r.name AS "regionName"
         FROM offices o JOIN regions r ON r.code = o.region_code ORDER BY o.region_code, o.name`,
    )) as (Office & { regionName: string })[];
  }

  async notary(m: EntityManager, userId: string): Promise<NotaryRow | undefined> {
    const [row] = (await m.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", n.license_no AS "licenseNo", u.disabled_at IS NULL AS active
         FROM notaries n JOIN users u ON u.id = n.user_id WHERE n.user_id = $1`,
      [userId],
    )) as NotaryRow[];
    return row;
  }

  async notariesOf(officeId: string): Promise<NotaryRow[]> {
    return (await this.db.query(
      `SELECT u.id, u.username, u.display_name AS "displayName", n.license_no AS "licenseNo", u.disabled_at IS NULL AS active
         FROM notaries n JOIN users u ON u.id = n.user_id WHERE n.office_id = $1 ORDER BY u.display_name`,
      [officeId],
    )) as NotaryRow[];
  }

  /** Points as the public sees them, optionally under a region code prefix (`LIKE`) and of one office. */
  async points(filter: { regionPrefix?: string; officeId?: string }): Promise<PointView[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.regionPrefix !== undefined) {
      params.push(`${filter.regionPrefix}%`);
      where.push(`t.code LIKE $${params.length}`);
    }
    if (filter.officeId !== undefined) {
      params.push(filter.officeId);
      where.push(`p.office_id = $${params.length}`);
    }
    return (await this.db.query(
      `SELECT ${PUBLIC_POINT_COLUMNS} FROM ${POINTS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.code, p.name`,
      params,
    )) as PointView[];
  }

  async point(m: EntityManager, id: string): Promise<PointView | undefined> {
    const [row] = (await m.query(`SELECT ${PUBLIC_POINT_COLUMNS} FROM ${POINTS} WHERE p.id = $1`, [id])) as PointView[];
    return row;
  }

  async assistantsOf(pointId: string): Promise<StaffRow[]> {
    return (await this.db.query(
      `SELECT id, username, display_name AS "displayName", disabled_at IS NULL AS active FROM users
        WHERE role = 'assistant' AND point_id = $1 ORDER BY display_name`,
      [pointId],
    )) as StaffRow[];
  }

  async selfEnrolment(m: EntityManager, pointId: string): Promise<boolean> {
    const [row] = (await m.query(`SELECT terminal_self_enrolment AS "selfEnrolment" FROM points WHERE id = $1`, [pointId])) as {
      selfEnrolment: boolean;
    }[];
    return row.selfEnrolment;
  }

  async allowSelfEnrolment(m: EntityManager, pointId: string): Promise<void> {
    await m.query(`UPDATE points SET terminal_self_enrolment = true WHERE id = $1`, [pointId]);
  }

  async hasSeat(pointId: string): Promise<boolean> {
    return ((await this.db.query(`SELECT 1 FROM terminals WHERE point_id = $1 AND kind = 'seat'`, [pointId])) as unknown[]).length > 0;
  }

  async insertSeat(m: EntityManager, pointId: string, label: string, at: Date): Promise<string> {
    const [{ id }] = (await m.query(
      `INSERT INTO terminals (point_id, label, kind, status, approved_at) VALUES ($1, $2, 'seat', 'active', $3) RETURNING id`,
      [pointId, label, at],
    )) as { id: string }[];
    return id;
  }

  /** Every township below `code` (or `code` itself, if a township), counted per child of `code`, with those that have an active point. */
  async townshipsByBranch(code: string): Promise<{ branch: string; townships: number; covered: number }[]> {
    return (await this.db.query(
      `WITH RECURSIVE below AS (
         SELECT r.code, r.level, r.code AS branch FROM regions r WHERE r.code = $1 AND r.level = 'township'
         UNION ALL
         SELECT r.code, r.level, r.code AS branch FROM regions r WHERE r.parent_code = $1
         UNION ALL
         SELECT r.code, r.level, below.branch FROM regions r JOIN below ON r.parent_code = below.code
       )
       SELECT below.branch,
              count(*)::int AS townships,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM points p WHERE p.region_code = below.code AND p.status = 'active'))::int AS covered
         FROM below WHERE below.level = 'township' GROUP BY below.branch`,
      [code],
    )) as { branch: string; townships: number; covered: number }[];
  }

  /** The points of a county's townships (or of one township). */
  async coveragePoints(code: string): Promise<CoveragePoint[]> {
    return (await this.db.query(
      `SELECT p.id, p.name, p.status, json_build_object('code', t.code, 'name', t.name) AS township,
              json_build_object('id', o.id, 'name', o.name) AS office
         FROM ${POINTS} WHERE t.code = $1 OR t.parent_code = $1 ORDER BY t.code, p.name`,
      [code],
    )) as CoveragePoint[];
  }

  /** The named accounts (the demo data's), whether enabled or not. */
  async accounts(usernames: readonly string[]): Promise<DemoAccount[]> {
    return (await this.db.query(
      `SELECT id, username, display_name AS "displayName", role, disabled_at IS NOT NULL AS disabled
         FROM users WHERE username = ANY($1) ORDER BY role, username`,
      [usernames],
    )) as DemoAccount[];
  }
}
