import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertCan, can } from '../auth/access.js';
import type { Actor } from '../auth/actor.js';
import { auditActor } from '../auth/actor.js';
import { UsersService } from '../auth/users.service.js';
import { AuditService } from '../audit/audit.service.js';
import { badRequest, conflict, notFound } from '../common/errors.js';
import type { CreateNotaryDto, CreateOfficeDto, UpdateNotaryDto, UpdateOfficeDto } from './dto/registry.dto.js';
import { Notary, Office, Point } from './registry.entities.js';
import { RegionsService } from './regions.service.js';
import { RegistryRepository } from './registry.repository.js';

export const officeView = (o: Office, regionName?: string) => ({
  id: o.id,
  name: o.name,
  regionCode: o.regionCode,
  ...(regionName && { regionName }),
  certificatePrefix: o.certificatePrefix,
  address: o.address,
  phone: o.phone,
});

@Injectable()
export class OfficesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly regions: RegionsService,
    private readonly users: UsersService,
    private readonly repository: RegistryRepository,
  ) {}

  async create(actor: Actor, dto: CreateOfficeDto) {
    return this.db.transaction(async (m) => {
      const region = await this.regions.require(dto.regionCode, m);
      // 公证处 are set up by cities and counties (and county-level cities), never below or above.
      if (region.level !== 'city' && region.level !== 'county') {
        throw badRequest('OFFICE_REGION_LEVEL', `A notary office belongs to a city or county; ${region.name} is a ${region.level}.`);
      }
      const repo = m.getRepository(Office);
      if (await repo.findOneBy({ name: dto.name })) throw conflict('OFFICE_EXISTS', `An office named ${dto.name} already exists.`);
      if (await repo.findOneBy({ certificatePrefix: dto.certificatePrefix })) {
        throw conflict('CERTIFICATE_PREFIX_TAKEN', `Another office already numbers its certificates ${dto.certificatePrefix}证字.`);
      }
      const office = await repo.save(repo.create(dto));
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'registry.office.created',
        subjectType: 'office',
        subjectId: office.id,
        payload: officeView(office),
      });
      return officeView(office, region.name);
    });
  }

  async list() {
    const rows = await this.repository.offices();
    return rows.map((o) => officeView(o, o.regionName));
  }

  async get(id: string) {
    const office = await this.db.getRepository(Office).findOneBy({ id });
    if (!office) throw notFound('OFFICE_NOT_FOUND', 'No such notary office.');
    const region = await this.regions.require(office.regionCode);
    return officeView(office, region.name);
  }

  async require(id: string): Promise<Office> {
    const office = await this.db.getRepository(Office).findOneBy({ id });
    if (!office) throw notFound('OFFICE_NOT_FOUND', 'No such notary office.');
    return office;
  }

  async createNotary(actor: Actor, officeId: string, dto: CreateNotaryDto) {
    await this.require(officeId);
    return this.db.transaction(async (m) => {
      if (await m.getRepository(Notary).findOneBy({ licenseNo: dto.licenseNo })) {
        throw conflict('LICENSE_NO_TAKEN', `Licence number ${dto.licenseNo} is already registered.`);
      }
      const user = await this.users.create(m, auditActor(actor), {
        username: dto.username,
        password: dto.password,
        role: 'notary',
        displayName: dto.displayName,
        officeId,
      });
      await m.getRepository(Notary).save({ userId: user.id, officeId, licenseNo: dto.licenseNo });
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: 'registry.notary.created',
        subjectType: 'user',
        subjectId: user.id,
        payload: { officeId, licenseNo: dto.licenseNo },
      });
      return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, officeId, licenseNo: dto.licenseNo };
    });
  }

  /** Name, address and telephone; the region and the certificate prefix stay, as numbers already issued carry them. */
  async update(actor: Actor, id: string, dto: UpdateOfficeDto) {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(Office);
      const office = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!office) throw notFound('OFFICE_NOT_FOUND', 'No such notary office.');
      if (dto.name && dto.name !== office.name && (await repo.findOneBy({ name: dto.name })))
        throw conflict('OFFICE_EXISTS', `An office named ${dto.name} already exists.`);
      const changed = (Object.keys(dto) as (keyof UpdateOfficeDto)[]).filter((k) => dto[k] !== undefined && dto[k] !== office[k]);
      const saved = changed.length ? await repo.save({ ...office, ...Object.fromEntries(changed.map((k) => [k, dto[k]])) }) : office;
      if (changed.length)
        await this.audit.append(m, {
          actor: auditActor(actor),
          action: 'registry.office.updated',
          subjectType: 'office',
          subjectId: id,
          payload: { changed, ...officeView(saved) },
        });
      const region = await this.regions.require(saved.regionCode, m);
      return officeView(saved, region.name);
    });
  }

  /** A notary's name (on the user) and licence number. Weekly hours are the schedule's (PUT /api/notaries/:id/schedule). */
  async updateNotary(actor: Actor, id: string, dto: UpdateNotaryDto) {
    return this.db.transaction(async (m) => {
      const notary = await m.getRepository(Notary).findOne({ where: { userId: id }, lock: { mode: 'pessimistic_write' } });
      if (!notary) throw notFound('NOTARY_NOT_FOUND', 'No such notary.');
      if (dto.licenseNo && dto.licenseNo !== notary.licenseNo) {
        if (await m.getRepository(Notary).findOneBy({ licenseNo: dto.licenseNo }))
          throw conflict('LICENSE_NO_TAKEN', `Licence number ${dto.licenseNo} is already registered.`);
        await m.getRepository(Notary).update({ userId: id }, { licenseNo: dto.licenseNo });
        await this.audit.append(m, {
          actor: auditActor(actor),
          action: 'registry.notary.updated',
          subjectType: 'user',
          subjectId: id,
          payload: { licenseNo: dto.licenseNo },
        });
      }
      if (dto.displayName) await this.users.rename(m, auditActor(actor), id, dto.displayName);
      return (await this.repository.notary(m, id))!;
    });
  }

  /** Staff of the office (its notaries, the assistants of its points) and admins; usernames for admins only. */
  async notaries(actor: Actor, officeId: string) {
    await this.require(officeId);
    assertCan(actor, 'list-notaries', await this.officeOf(officeId));
    const rows = await this.repository.notariesOf(officeId);
    const usernames = can(actor, 'see-usernames', await this.officeOf(officeId));
    return rows.map(({ username, ...r }) => (usernames ? { ...r, username } : r));
  }

  /** The facts the access policy needs about an office: its points (their assistants are its staff). */
  private async officeOf(officeId: string) {
    const points = await this.db.getRepository(Point).find({ select: { id: true }, where: { officeId } });
    return { kind: 'office' as const, id: officeId, pointIds: points.map((p) => p.id) };
  }
}
