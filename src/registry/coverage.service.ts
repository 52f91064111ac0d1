import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/errors.js';
import type { CoveragePoint } from './dto/registry.response.js';
import { Region } from './registry.entities.js';

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
  constructor(private readonly db: DataSource) {}

  async coverage(code: string, target?: number) {
    const region = await this.db.getRepository(Region).findOneBy({ code });
    if (!region) throw notFound('REGION_NOT_FOUND', `There is no region with code ${code}.`);

    // Every township below the region, tagged with the child of the region it sits under.
    const rows = (await this.db.query(
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
      const points = (await this.db.query(
        `SELECT p.id, p.name, p.status, json_build_object('code', t.code, 'name', t.name) AS township,
                json_build_object('id', o.id, 'name', o.name) AS office
           FROM points p JOIN regions t ON t.code = p.region_code JOIN offices o ON o.id = p.office_id
          WHERE t.code = $1 OR t.parent_code = $1 ORDER BY t.code, p.name`,
        [code],
      )) as CoveragePoint[];
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
