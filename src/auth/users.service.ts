import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict, notFound, unauthorized } from '../common/errors.js';
import type { Sql } from '../common/transaction.js';
import type { StaffActor, StaffRole } from './actor.js';
import { AccountEvents } from './account-events.js';
import { hashPassword } from './passwords.js';
import { User, userView } from './user.entity.js';
import { UsersRepository } from './users.repository.js';

export interface NewUser {
  username: string;
  password: string;
  role: StaffRole;
  displayName: string;
  officeId?: string | null;
  pointId?: string | null;
}

/** The actor a signed-in user acts as. */
export function staffActorOf(user: User): StaffActor {
  return {
    kind: 'staff',
    id: user.id,
    role: user.role,
    username: user.username,
    displayName: user.displayName,
    officeId: user.officeId,
    pointId: user.pointId,
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly accounts: AccountEvents,
    private readonly repository: UsersRepository,
  ) {}

  /**
   * On every authenticated request (the guard re-reads the user): one plain statement, since
   * TypeORM's query builder costs more CPU than the lookup itself.
   */
  async findById(id: string, on: Sql = this.db): Promise<User | null> {
    const row = await this.repository.find(id, on);
    return row ? Object.assign(new User(), row) : null;
  }

  /**
   * The guard's re-read, on an @AccountReadByHandler() route: inside the handler's transaction, so
   * that it can go out with the transaction's first statement. 401 when the account is disabled or gone.
   */
  async actorIn(on: Sql, id: string): Promise<StaffActor> {
    const user = await this.findById(id, on);
    if (!user || user.disabledAt) throw unauthorized('INVALID_TOKEN', 'The account behind this token is disabled or gone.');
    return staffActorOf(user);
  }

  /** Every staff account, newest last within a role: for the admin console. Never a hash. */
  async list(filter: { role?: StaffRole; q?: string }) {
    const rows = await this.repository.list(filter);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }

  /** An administrator sets a new password (the user forgot theirs); audited without the password. */
  async resetPassword(actor: string, id: string, password: string) {
    const passwordHash = await hashPassword(password);
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('USER_NOT_FOUND', 'No such user.');
      await this.repository.setPasswordHash(m, id, passwordHash);
      await this.audit.append(m, { actor, action: 'auth.user.password_reset', subjectType: 'user', subjectId: id });
      return { ...userView(user), disabled: !!user.disabledAt };
    });
  }

  /** Renames a user inside the caller's transaction (the registry edits notaries' names), audited there too. */
  async rename(manager: EntityManager, actor: string, id: string, displayName: string): Promise<void> {
    if (!(await this.repository.rename(manager, id, displayName))) return;
    await this.audit.append(manager, { actor, action: 'auth.user.renamed', subjectType: 'user', subjectId: id, payload: { displayName } });
  }

  /**
   * Disables the named accounts that are still enabled, inside the caller's transaction, one audit
   * entry each; returns the ids disabled. The caller closes their live sockets after the commit.
   */
  async disableMany(manager: EntityManager, actor: string, usernames: readonly string[]): Promise<{ id: string; username: string }[]> {
    const disabled = await this.repository.disable(manager, usernames, this.clock.now());
    for (const u of disabled) {
      await this.audit.append(manager, { actor, action: 'auth.user.disabled', subjectType: 'user', subjectId: u.id });
    }
    return disabled;
  }

  /** After a commit that disabled accounts: their live sockets are closed. */
  async closeSessionsOf(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.accounts.disabled(id);
  }

  async setDisabled(actor: string, id: string, disabled: boolean) {
    const result = await this.db.transaction(async (m) => {
      const repo = m.getRepository(User);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('USER_NOT_FOUND', 'No such user.');
      if (actor === `user:${id}` && disabled) throw conflict('CANNOT_DISABLE_SELF', 'You cannot disable your own account.');
      if (!!user.disabledAt !== disabled) {
        user.disabledAt = disabled ? this.clock.now() : null;
        await repo.save(user);
        await this.audit.append(m, {
          actor,
          action: disabled ? 'auth.user.disabled' : 'auth.user.enabled',
          subjectType: 'user',
          subjectId: id,
        });
      }
      return { ...userView(user), disabled: !!user.disabledAt };
    });
    // After the commit: live sockets of a disabled account are closed, so the account loses
    // access at once rather than when its token expires.
    if (disabled) await this.accounts.disabled(id);
    return result;
  }

  /** Creates a staff user inside the caller's transaction, audited there too. */
  async create(manager: EntityManager, actor: string, input: NewUser): Promise<User> {
    if (await this.repository.usernameTaken(manager, input.username)) throw usernameTaken(input.username);
    const passwordHash = await hashPassword(input.password);
    let user: User;
    try {
      user = await manager.getRepository(User).save(
        manager.getRepository(User).create({
          username: input.username,
          passwordHash,
          role: input.role,
          displayName: input.displayName,
          officeId: input.officeId ?? null,
          pointId: input.pointId ?? null,
          disabledAt: null,
        }),
      );
    } catch (err) {
      // Lost a race with a concurrent request for the same name.
      if (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint === 'users_username_key') {
        throw usernameTaken(input.username);
      }
      throw err;
    }
    await this.audit.append(manager, {
      actor,
      action: 'auth.user.created',
      subjectType: 'user',
      subjectId: user.id,
      payload: { username: user.username, role: user.role, officeId: user.officeId, pointId: user.pointId },
    });
    return user;
  }
}

const usernameTaken = (username: string) => conflict('USERNAME_TAKEN', `The username "${username}" is already in use. 用户名已被占用。`);
