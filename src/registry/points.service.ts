import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { auditActor } from '../auth/actor.js';
import { assertCan, can } from '../auth/access.js';
import { UsersService } from '../auth/users.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import type { CreatePointDto, CreateStaffDto, PointQuery, RegisterTerminalDto, UpdatePointDto } from './dto/registry.dto.js';
import type { PointView } from './dto/registry.response.js';
import { validateExceptions, validateWeeklyPlan, type PlanProblem } from './opening-hours.js';
import { codePrefix } from './region-rules.js';
import { Office, Point, Region, Terminal } from './registry.entities.js';
import { RegionsService } from './regions.service.js';
import { RegistryRepository } from './registry.repository.js';
import { parseTerminalKey } from './terminal-key.js';

const terminalView = (t: Terminal) => ({
  id: t.id,
  pointId: t.pointId,
  label: t.label,
  kid: t.kid,
  alg: t.alg,
  publicJwk: t.publicJwk,
  status: t.status,
  createdAt: t.createdAt.toISOString(),
  approvedAt: t.approvedAt?.toISOString() ?? null,
  disabledAt: t.disabledAt?.toISOString() ?? null,
});

function assertPlan(problems: PlanProblem[]): void {
  if (problems.length) {
    throw badRequest('INVALID_OPENING_HOURS', `Invalid hours: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}.`, problems);
  }
}

@Injectable()
export class PointsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly repository: RegistryRepository,
  ) {}

  async create(actor: Actor, dto: CreatePointDto) {
    assertPlan([...validateWeeklyPlan(dto.openingHours), ...validateExceptions(dto.exceptions ?? [])]);
    return this.db.transaction(async (m) => {
      const township = await this.regions.require(dto.regionCode, m);
      if (township.level !== 'township') {
        throw badRequest(
          'REGION_NOT_TOWNSHIP',
          `Points are set up in townships; ${township.name} (${township.code}) is a ${township.level}.`,
        );
      }
      const office = await m.getRepository(Office).findOneBy({ id: dto.officeId });
      if (!office) throw badRequest('UNKNOWN_OFFICE', 'There is no notary office with that id.');
      await this.assertSameCity(township, office, m);
      const repo = m.getRepository(Point);
      if (await repo.findOneBy({ name: dto.name })) throw conflict('POINT_EXISTS', `A point named ${dto.name} already exists.`);
      const point = await repo.save(repo.create({ ...dto, exceptions: dto.exceptions ?? [], status: 'active' }));
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'registry.point.created',
        subjectType: 'point',
        subjectId: point.id,
        payload: {
          name: point.name,
          regionCode: point.regionCode,
          officeId: point.officeId,
          openingHours: point.openingHours,
          exceptions: point.exceptions,
        },
      });
      return this.get(point.id, m);
    });
  }

  async update(actor: Actor, id: string, dto: UpdatePointDto) {
    assertPlan([
      ...(dto.openingHours ? validateWeeklyPlan(dto.openingHours) : []),
      ...(dto.exceptions ? validateExceptions(dto.exceptions) : []),
    ]);
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(Point);
      const point = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!point) throw notFound('POINT_NOT_FOUND', 'No such point.');
      if (dto.name && dto.name !== point.name && (await repo.findOneBy({ name: dto.name }))) {
        throw conflict('POINT_EXISTS', `A point named ${dto.name} already exists.`);
      }
      const changed = Object.fromEntries(
        Object.entries(dto).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify(point[k as keyof Point])),
      );
      if (Object.keys(changed).length) {
        await repo.save({ ...point, ...changed });
        await this.audit.append(m, {
          actor: auditActor(actor),
          action: changed.status ? `registry.point.${changed.status === 'active' ? 'activated' : 'suspended'}` : 'registry.point.updated',
          subjectType: 'point',
          subjectId: id,
          payload: { changed },
        });
      }
      return this.get(id, m);
    });
  }

  async list(q: PointQuery): Promise<PointView[]> {
    let regionPrefix: string | undefined;
    if (q.region) {
      const region = await this.db.getRepository(Region).findOneBy({ code: q.region });
      if (!region) return [];
      regionPrefix = codePrefix(region.code, region.level);
    }
    return this.repository.points({ regionPrefix, officeId: q.office || undefined });
  }

  async get(id: string, manager: EntityManager = this.db.manager): Promise<PointView> {
    const row = await this.repository.point(manager, id);
    if (!row) throw notFound('POINT_NOT_FOUND', 'No such point.');
    return row;
  }

  async require(id: string, manager: EntityManager = this.db.manager): Promise<Point> {
    const point = await manager.getRepository(Point).findOneBy({ id });
    if (!point) throw notFound('POINT_NOT_FOUND', 'No such point.');
    return point;
  }

  async createAssistant(actor: Actor, pointId: string, dto: CreateStaffDto) {
    await this.require(pointId);
    return this.db.transaction(async (m) => {
      const user = await this.users.create(m, auditActor(actor), { ...dto, role: 'assistant', pointId });
      return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, pointId };
    });
  }

  async assistants(actor: Actor, pointId: string) {
    await this.require(pointId);
    assertCan(actor, 'list-assistants', { kind: 'point', id: pointId });
    return this.repository.assistantsOf(pointId);
  }

  /**
   * Terminal enrolment: an administrator's registration is active at once;
   * an assistant's waits as `pending` until an administrator approves it (`approveTerminal`),
   * since a key the assistant holds could sign whatever the assistant types. Points with
   * `terminal_self_enrolment` (the demo data's only) skip the approval.
   */
  async registerTerminal(actor: Actor, pointId: string, dto: RegisterTerminalDto) {
    await this.require(pointId);
    assertCan(actor, 'register-terminal', { kind: 'point', id: pointId });
    const key = await parseTerminalKey(dto.publicKeyJwk);
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(Terminal);
      const existing = await repo.findOneBy({ kid: key.kid });
      if (existing) throw conflict('TERMINAL_KEY_EXISTS', `This key is already registered (terminal ${existing.label}).`);
      const byAdmin = can(actor, 'activate-at-once', { kind: 'terminal', pointId });
      const selfEnrolment = await this.repository.selfEnrolment(m, pointId);
      const now = this.clock.now();
      const active = byAdmin || selfEnrolment;
      const t = await repo.save(
        repo.create({
          pointId,
          label: dto.label,
          kind: 'key',
          ...key,
          status: active ? 'active' : 'pending',
          disabledAt: null,
          approvedBy: byAdmin && actor.kind === 'staff' ? actor.id : null,
          approvedAt: active ? now : null,
        }),
      );
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'registry.terminal.registered',
        subjectType: 'terminal',
        subjectId: t.id,
        payload: {
          pointId,
          label: t.label,
          kid: t.kid,
          alg: t.alg,
          publicJwk: t.publicJwk,
          status: t.status,
          ...(selfEnrolment && !byAdmin && { selfEnrolment: true }),
        },
      });
      return { id: t.id, kid: t.kid, alg: t.alg, label: t.label, status: t.status };
    });
  }

  /**
   * A seat: a bookable place at the point that holds no key (so it signs nothing). Once a point
   * has a seat, its seats alone are its bookable places. Used by the demo data, whose points have
   * no attestation terminal before an assistant's browser enrols one.
   */
  async addSeat(actor: Actor, pointId: string, label: string): Promise<{ id: string }> {
    await this.require(pointId);
    assertCan(actor, 'activate-at-once', { kind: 'terminal', pointId });
    return this.db.transaction(async (m) => {
      const id = await this.repository.insertSeat(m, pointId, label, this.clock.now());
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'registry.terminal.seat_added',
        subjectType: 'terminal',
        subjectId: id,
        payload: { pointId, label },
      });
      return { id };
    });
  }

  /** An administrator approves a pending terminal: from now on it may sign check-ins. */
  async approveTerminal(actor: Actor, id: string) {
    assertCan(actor, 'approve', { kind: 'terminal' });
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(Terminal);
      const t = await repo.findOne({ where: { id, kind: 'key' }, lock: { mode: 'pessimistic_write' } });
      if (!t) throw notFound('TERMINAL_NOT_FOUND', 'No such terminal.');
      if (t.status === 'active') return terminalView(t);
      if (t.status === 'disabled') throw conflict('TERMINAL_DISABLED', 'A disabled terminal cannot be approved; register its key again.');
      t.status = 'active';
      t.approvedAt = this.clock.now();
      t.approvedBy = actor.kind === 'staff' ? actor.id : null;
      await repo.save(t);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'registry.terminal.approved',
        subjectType: 'terminal',
        subjectId: t.id,
        payload: { pointId: t.pointId, kid: t.kid },
      });
      return terminalView(t);
    });
  }

  async terminals(actor: Actor, pointId: string) {
    await this.require(pointId);
    assertCan(actor, 'list-terminals', { kind: 'point', id: pointId });
    const rows = await this.db.getRepository(Terminal).find({ where: { pointId, kind: 'key' }, order: { createdAt: 'ASC' } });
    return rows.map(terminalView);
  }

  async disableTerminal(actor: Actor, id: string) {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(Terminal);
      const t = await repo.findOne({ where: { id, kind: 'key' }, lock: { mode: 'pessimistic_write' } });
      // Out-of-scope callers learn nothing about terminals of other points.
      if (!t) throw notFound('TERMINAL_NOT_FOUND', 'No such terminal.');
      assertCan(actor, 'disable', { kind: 'terminal', pointId: t.pointId });
      if (t.status === 'disabled') return terminalView(t);
      t.status = 'disabled';
      t.disabledAt = this.clock.now();
      await repo.save(t);
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'registry.terminal.disabled',
        subjectType: 'terminal',
        subjectId: t.id,
        payload: { pointId: t.pointId, kid: t.kid },
      });
      return terminalView(t);
    });
  }

  /** A point is served by an office of its own city. */
  private async assertSameCity(township: Region, office: Office, m: EntityManager): Promise<void> {
    const officeRegion = await this.regions.require(office.regionCode, m);
    const a = await this.regions.cityOf(township, m);
    const b = await this.regions.cityOf(officeRegion, m);
    if (!a || !b || a.code !== b.code) {
      throw badRequest(
        'OFFICE_OUTSIDE_CITY',
        `${office.name} is not in the city of ${township.name}; a point is served by an office of its own city.`,
      );
    }
  }
}
