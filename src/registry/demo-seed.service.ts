import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { DEMO_NOTARIES, DEMO_OFFICE, DEMO_PASSWORD, DEMO_POINTS, DEMO_REGIONS } from './demo-data.js';
import { OfficesService } from './offices.service.js';
import { PointsService } from './points.service.js';
import { Office, Point, Region } from './registry.entities.js';
import { RegionsService } from './regions.service.js';

export interface DemoLogin {
  role: string;
  username: string;
  password: string;
  where: string;
}

/** Loads the demo data through the same audited services the API uses. Idempotent. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly regions: RegionsService,
    private readonly offices: OfficesService,
    private readonly points: PointsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With SEED_DEMO (the default on the embedded database) `npm start` comes up ready to try. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    const logins = await this.seed();
    process.stderr.write(
      `\n  Demo data loaded (SEED_DEMO). Demo logins, password ${logins[0].password}:\n` +
        logins.map((l) => `    ${l.role.padEnd(9)} ${l.username.padEnd(16)} ${l.where}`).join('\n') +
        `\n  Open ${this.config.publicBaseUrl}/\n\n`,
    );
  }

  async seed(): Promise<DemoLogin[]> {
    const have = new Set((await this.db.getRepository(Region).find({ select: { code: true } })).map((r) => r.code));
    const missing = DEMO_REGIONS.filter((r) => !have.has(r.code));
    if (missing.length) await this.regions.create('system', missing);

    let office = await this.db.getRepository(Office).findOneBy({ name: DEMO_OFFICE.name });
    if (!office) office = await this.offices.require((await this.offices.create(SYSTEM_ACTOR, DEMO_OFFICE)).id);

    const users = this.db.getRepository(User);
    const logins: DemoLogin[] = [];
    for (const n of DEMO_NOTARIES) {
      if (!(await users.findOneBy({ username: n.username }))) {
        await this.offices.createNotary(SYSTEM_ACTOR, office.id, { ...n, password: DEMO_PASSWORD });
      }
      logins.push({ role: 'notary', username: n.username, password: DEMO_PASSWORD, where: office.name });
    }
    for (const { point, assistant } of DEMO_POINTS) {
      let p = await this.db.getRepository(Point).findOneBy({ name: point.name });
      if (!p) p = await this.points.require((await this.points.create(SYSTEM_ACTOR, { ...point, officeId: office.id }) as { id: string }).id);
      if (!(await users.findOneBy({ username: assistant.username }))) {
        await this.points.createAssistant(SYSTEM_ACTOR, p.id, { ...assistant, password: DEMO_PASSWORD });
      }
      logins.push({ role: 'assistant', username: assistant.username, password: DEMO_PASSWORD, where: p.name });
    }
    return logins;
  }
}
