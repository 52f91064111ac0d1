import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { conflict, notFound } from '../common/errors.js';
import type { StaffActor, StaffRole } from './actor.js';
import { AccountEvents } from './account-events.js';
import { hashPassword } from './passwords.js';
import { User, userView } from './user.entity.js';

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
  ) {}

  findById(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ id });
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
    const taken = (await manager.query(`SELECT 1 FROM users WHERE lower(username) = lower($1)`, [input.username])) as unknown[];
    if (taken.length) throw usernameTaken(input.username);
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
