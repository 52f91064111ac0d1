import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditActor, type Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { badRequest, notFound, unprocessable } from '../common/errors.js';
import { MATTER_CATALOGUE, NEVER_REMOTE, STANDARD_PLACEHOLDERS, findNeverRemote, placeholders } from './catalogue/index.js';
import { fieldSpecProblems } from './catalogue/field-specs.js';
import type { UpdateMatterDto } from './dto/update-matter.dto.js';
import { Matter, matterView } from './matter.entity.js';
import { MattersRepository } from './matters.repository.js';

@Injectable()
export class MattersService implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly repository: MattersRepository,
  ) {}

  /** Seeds catalogue entries the database does not have yet; never overwrites an admin's changes. */
  async onApplicationBootstrap(): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.repository.lockCatalogue(m);
      const have = new Set((await m.getRepository(Matter).find({ select: { code: true } })).map((x) => x.code));
      for (const [i, def] of MATTER_CATALOGUE.entries()) {
        if (have.has(def.code)) continue;
        const { wordingVariants, ...rest } = def;
        await m
          .getRepository(Matter)
          .insert({ ...rest, wordingVariants: [...(wordingVariants ?? [])], sortOrder: i + 1, enabled: true } as Matter);
        await this.audit.append(m, {
          actor: 'system',
          action: 'matter.seeded',
          subjectType: 'matter',
          subjectId: def.code,
          payload: { nameZh: def.nameZh },
        });
      }
    });
  }

  async list() {
    return (await this.db.getRepository(Matter).find({ order: { sortOrder: 'ASC' } })).map(matterView);
  }

  neverRemote() {
    return NEVER_REMOTE;
  }

  async get(code: string, manager: EntityManager = this.db.manager): Promise<Matter> {
    const matter = await manager.getRepository(Matter).findOneBy({ code: code as Matter['code'] });
    if (!matter) {
      const never = findNeverRemote(code);
      if (never)
        throw unprocessable(
          'MATTER_NEVER_REMOTE',
          `${never.nameZh} (${never.nameEn}) cannot be handled remotely: ${never.reason.zh} ${never.reason.en}`,
        );
      throw notFound('MATTER_NOT_FOUND', `There is no matter type with code ${code}.`);
    }
    return matter;
  }

  /** For bookings: the matter must exist and be enabled. */
  async requireEnabled(code: string): Promise<Matter> {
    const matter = await this.get(code);
    if (!matter.enabled)
      throw unprocessable('MATTER_DISABLED', `${matter.nameZh} is not offered remotely at the moment. 该事项暂停远程办理。`);
    return matter;
  }

  async update(actor: Actor, code: string, dto: UpdateMatterDto) {
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(Matter);
      const matter = await repo.findOne({ where: { code: code as Matter['code'] }, lock: { mode: 'pessimistic_write' } });
      if (!matter) throw notFound('MATTER_NOT_FOUND', `There is no matter type with code ${code}.`);
      const fields = dto.fields ?? matter.fields;
      if (dto.wordingTemplate) {
        const allowed = new Set<string>([...STANDARD_PLACEHOLDERS, ...fields.map((f) => f.key)]);
        const unknown = placeholders(dto.wordingTemplate).filter((p) => !allowed.has(p));
        if (unknown.length) {
          throw badRequest(
            'UNKNOWN_PLACEHOLDER',
            `The wording uses placeholders this matter does not supply: ${unknown.map((u) => `{{${u}}}`).join(', ')}.`,
            { allowed: [...allowed] },
          );
        }
      }
      if (dto.requiredMaterials && !/身份证/.test(dto.requiredMaterials[0].zh)) {
        throw badRequest('IDENTITY_DOCUMENT_FIRST', "The applicant's identity document must stay the first required material.");
      }
      if (dto.maxEstateValueYuan !== undefined && matter.rules.maxEstateValueYuan === undefined) {
        throw badRequest('NOT_APPLICABLE', `${matter.nameZh} has no estate value ceiling.`);
      }
      if (dto.fields || dto.wordingTemplate) {
        const problems = fieldSpecProblems({
          fields,
          wordingTemplate: dto.wordingTemplate ?? matter.wordingTemplate,
          wordingVariants: matter.wordingVariants,
          rules: matter.rules,
        });
        if (problems.length)
          throw badRequest(
            'MATTER_SPEC_INVALID',
            `The fields and wording do not fit together. ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`,
            problems,
          );
      }
      const { maxEstateValueYuan, ...plain } = dto;
      const changes = {
        ...plain,
        ...(maxEstateValueYuan !== undefined && { rules: { ...matter.rules, maxEstateValueYuan } }),
      };
      await repo.save({ ...matter, ...changes });
      await this.audit.append(m, {
        actor: auditActor(actor),
        action: dto.enabled === undefined ? 'matter.updated' : dto.enabled ? 'matter.enabled' : 'matter.disabled',
        subjectType: 'matter',
        subjectId: code,
        payload: { changed: Object.keys(dto).filter((k) => dto[k as keyof UpdateMatterDto] !== undefined) },
      });
      return matterView(await repo.findOneByOrFail({ code: matter.code }));
    });
  }
}
