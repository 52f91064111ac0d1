import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors.js';
import { Region } from './registry.entities.js';
import { RegistryRepository } from './registry.repository.js';

interface Figures {
  townships: number;
  townshipsWithActivePoint: number;
  rate: number | null;
  belowTarget?: boolean;
}

/**
 * Coverage as the province measures it: the share of townships that have an active
 * remote notarization point. A county lists its points; a city or province sums its
 * townships and adds one row per child region.
 */
@Injectable()
export class CoverageService {
  constructor(
    private readonly db: DataSource,
    private readonly repository: RegistryRepository,
  ) {}

  async coverage(code: string, target?: number) {
    const region = await this.db.getRepository(Region).findOneBy({ code });
    if (!region) throw notFound('REGION_NOT_FOUND', `There is no region with code ${code}.`);

    // Every township below the region, tagged with the child of the region it sits under.
    const rows = await this.repository.townshipsByBranch(code);

    const figures = (townships: number, covered: number): Figures => {
      const rate = townships ? Math.round((covered / townships) * 10000) / 10000 : null;
      return { townships, townshipsWithActivePoint: covered, rate, ...(target !== undefined && { belowTarget: (rate ?? 0) < target }) };
    };
    const total = figures(
      rows.reduce((s, r) => s + r.townships, 0),
      rows.reduce((s, r) => s + r.covered, 0),
    );
    const head = {
      region: { code: region.code, name: region.name, level: region.level },
      ...total,
      ...(target !== undefined && { target }),
    };

    if (region.level === 'county' || region.level === 'township') {
      const points = await this.repository.coveragePoints(code);
      return { ...head, points };
    }
    const children = await this.db.getRepository(Region).find({ where: { parentCode: code }, order: { code: 'ASC' } });
    return {
      ...head,
      children: children.map((c) => {
        const r = rows.find((x) => x.branch === c.code);
        return { region: { code: c.code, name: c.name, level: c.level }, ...figures(r?.townships ?? 0, r?.covered ?? 0) };
      }),
    };
  }
}
