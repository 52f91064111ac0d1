import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { badRequest, conflict } from '../common/errors.js';
import type { CreateRegionDto } from './dto/registry.dto.js';
import { LEVEL_ORDER, regionCodeProblem } from './region-rules.js';
import { Region } from './registry.entities.js';

export const regionView = (r: Region) => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parentCode,
  illustrative: r.illustrative,
});

@Injectable()
export class RegionsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Creates one region or a list in one transaction; a list may hold parents and their children. */
  async create(actor: string, input: CreateRegionDto[]) {
    if (!input.length) throw badRequest('VALIDATION_FAILED', 'Give at least one region.');
    const codes = input.map((r) => r.code);
    const dup = codes.find((c, i) => codes.indexOf(c) !== i);
    if (dup) throw badRequest('DUPLICATE_REGION', `Region ${dup} appears twice in the request.`);
    // Parents first, so that a list may carry a whole branch.
    const ordered = [...input].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);

    return this.db.transaction(async (m) => {
      const repo = m.getRepository(Region);
      const existing = await repo.findBy({ code: In(codes) });
      if (existing.length) throw conflict('REGION_EXISTS', `Region ${existing[0].code} (${existing[0].name}) already exists.`);
      const created: Region[] = [];
      for (const r of ordered) {
        const parent = r.parentCode
          ? (created.find((c) => c.code === r.parentCode) ?? (await repo.findOneBy({ code: r.parentCode })))
          : null;
        if (r.parentCode && !parent) throw badRequest('UNKNOWN_REGION', `Parent region ${r.parentCode} of ${r.code} does not exist.`);
        const problem = regionCodeProblem(r.code, r.level, parent);
        if (problem) throw badRequest(problem.code, problem.message);
        const region = await repo.save(
          repo.create({
            code: r.code,
            name: r.name,
            level: r.level,
            parentCode: r.parentCode ?? null,
            illustrative: r.illustrative ?? false,
          }),
        );
        created.push(region);
        await this.audit.append(m, {
          actor,
          action: 'registry.region.created',
          subjectType: 'region',
          subjectId: region.code,
          payload: regionView(region),
        });
      }
      return created.map(regionView);
    });
  }

  async children(parent?: string) {
    const rows = await this.db.getRepository(Region).find({
      where: parent ? { parentCode: parent } : { level: 'province' },
      order: { code: 'ASC' },
    });
    return rows.map(regionView);
  }

  /** The region, or 400 UNKNOWN_REGION: a code in a request body that names nothing. */
  async require(code: string, manager: EntityManager = this.db.manager): Promise<Region> {
    const region = await manager.getRepository(Region).findOneBy({ code });
    if (!region) throw badRequest('UNKNOWN_REGION', `There is no region with code ${code}.`);
    return region;
  }

  /** The city a region belongs to (itself, for a city). */
  async cityOf(region: Region, manager: EntityManager = this.db.manager): Promise<Region | null> {
    let r: Region | null = region;
    while (r && r.level !== 'city') {
      if (r.level === 'province' || !r.parentCode) return null;
      r = await manager.getRepository(Region).findOneBy({ code: r.parentCode });
    }
    return r;
  }
}
