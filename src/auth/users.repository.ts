import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Sql } from '../common/transaction.js';
import type { StaffRole } from './actor.js';
import { User } from './user.entity.js';

/** A user as read for the guard and the services: every column but the password hash. */
export type UserRow = Omit<User, 'passwordHash'>;

/** A staff account as the admin console lists it. */
export interface UserListRow {
  id: string;
  username: string;
  role: StaffRole;
  displayName: string;
  officeId: string | null;
  pointId: string | null;
  disabled: boolean;
  createdAt: Date;
}

/**
 * The SQL of `users` beyond TypeORM's entity repository (locked reads and saves stay there). Methods
 * that take an EntityManager or a `Sql` run in the caller's transaction.
 */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: DataSource) {}

  /** One plain statement (the guard runs it on every authenticated request), on `on` when given. */
  async find(id: string, on: Sql = this.db): Promise<UserRow | undefined> {
    const [row] = (await on.query(
      `SELECT id, username, role, display_name AS "displayName", office_id AS "officeId", point_id AS "pointId",
              disabled_at AS "disabledAt", created_at AS "createdAt"
         FROM users WHERE id = $1`,
      [id],
    )) as UserRow[];
    return row;
  }

  /** For sign-in: the user of a username in any case, with the password hash (which reads leave out). */
  async withPasswordHash(username: string): Promise<User | null> {
    return this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  /** Filtered by role and by a substring of the username (any case) or the display name. */
  async list(filter: { role?: StaffRole; q?: string }): Promise<UserListRow[]> {
    return (await this.db.query(
      `SELECT id, username, role, display_name AS "displayName", office_id AS "officeId", point_id AS "pointId",
              disabled_at IS NOT NULL AS disabled, created_at AS "createdAt"
         FROM users
        WHERE ($1::text IS NULL OR role = $1)
          AND ($2::text IS NULL OR strpos(lower(username), lower($2)) > 0 OR strpos(display_name, $2) > 0)
        ORDER BY role, created_at, username`,
      [filter.role ?? null, filter.q ?? null],
    )) as UserListRow[];
  }

  /** Whether a user has this username in any case. */
  async usernameTaken(m: EntityManager, username: string): Promise<boolean> {
    const taken = (await m.query(`SELECT 1 FROM users WHERE lower(username) = lower($1)`, [username])) as unknown[];
    return taken.length > 0;
  }

  async setPasswordHash(m: EntityManager, id: string, passwordHash: string): Promise<void> {
    await m.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  /** Sets the display name; false when it was that already (or the user is gone). */
  async rename(m: EntityManager, id: string, displayName: string): Promise<boolean> {
    const result = (await m.query(`UPDATE users SET display_name = $2 WHERE id = $1 AND display_name <> $2 RETURNING id`, [
      id,
      displayName,
    ])) as [unknown[], number];
    return !!result[1];
  }

  /** Disables, at `at`, the named accounts still enabled; returns those it disabled. */
  async disable(m: EntityManager, usernames: readonly string[], at: Date): Promise<{ id: string; username: string }[]> {
    const rows = (await m.query(
      `UPDATE users SET disabled_at = $2 WHERE username = ANY($1) AND disabled_at IS NULL RETURNING id, username`,
      [usernames, at],
    )) as [{ id: string; username: string }[], number];
    return rows[0];
  }

  /** Serialises the first-start admin check of instances starting together, until the transaction ends. */
  async lockAdminBootstrap(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('bootstrap-admin'))`);
  }

  async anyAdmin(m: EntityManager): Promise<boolean> {
    const admins = (await m.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`)) as unknown[];
    return admins.length > 0;
  }
}
