import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Random } from '../common/random.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { DataSource } from 'typeorm';
import { auditActor, SYSTEM_ACTOR } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { DEMO_NOTARIES, DEMO_NOTARY_HOURS, DEMO_OFFICE, DEMO_POINTS, DEMO_REGIONS, DEMO_SEAT_LABEL, demoUsernames } from './demo-data.js';
import { NotariesRepository } from './notaries.repository.js';
import { OfficesService } from './offices.service.js';
import { PointsService } from './points.service.js';
import { Office, Point, Region } from './registry.entities.js';
import { RegionsService } from './regions.service.js';
import { RegistryRepository } from './registry.repository.js';

export interface DemoLogin {
  role: string;
  username: string;
  /** Set when this run created the account; null when it existed before (its password was shown then). */
  password: string | null;
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
    private readonly notaries: NotariesRepository,
    private readonly random: Random,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: RegistryRepository,
  ) {}

  private readonly log = new Logger('DemoSeed');

  /**
   * With SEED_DEMO (the default on the embedded database) `npm start` comes up ready to try.
   * Demo staff get a password generated for this installation, printed once like the bootstrap
   * admin's (a fixed password in the README would open every installation); whenever enabled demo accounts exist, every start says so loudly.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedDemo) {
      const created = (await this.seed()).filter((l) => l.password);
      if (created.length) {
        // Printed once, straight to the terminal and never through the structured log.
        process.stderr.write(firstStartBanner(this.config.publicBaseUrl, created));
      }
    }
    await this.warnAboutDemoAccounts();
  }

  /** A loud line at every start while enabled demo staff accounts exist. */
  async warnAboutDemoAccounts(): Promise<string[]> {
    const names = (await this.repository.accounts(demoUsernames()))
      .filter((a) => !a.disabled)
      .map((a) => a.username)
      .sort();
    if (names.length) {
      const line = `DEMO ACCOUNTS ARE ENABLED (${names.join(', ')}): for trying the service only. Disable them (POST /api/demo-accounts/disable, or the console’s 演示账号 page) or start with a database without demo data before real use. 演示账号已启用，正式使用前请停用。`;
      this.log.warn(line);
      process.stderr.write(`\n  !!! ${line}\n\n`);
    }
    return names;
  }

  async seed(): Promise<DemoLogin[]> {
    const have = new Set((await this.db.getRepository(Region).find({ select: { code: true } })).map((r) => r.code));
    const missing = DEMO_REGIONS.filter((r) => !have.has(r.code));
    if (missing.length) await this.regions.create('system', missing);

    let office = await this.db.getRepository(Office).findOneBy({ name: DEMO_OFFICE.name });
    if (!office) office = await this.offices.require((await this.offices.create(SYSTEM_ACTOR, DEMO_OFFICE)).id);

    const users = this.db.getRepository(User);
    const logins: DemoLogin[] = [];
    // One password for the demo staff created by this run, made here and shown once.
    const password = this.random.bytes(12).toString('base64url');
    for (const n of DEMO_NOTARIES) {
      const fresh = !(await users.findOneBy({ username: n.username }));
      if (fresh) {
        const { id } = await this.offices.createNotary(SYSTEM_ACTOR, office.id, { ...n, password });
        await this.db.transaction(async (m) => {
          await this.notaries.setSchedule(m, id, DEMO_NOTARY_HOURS, []);
          await this.audit.append(m, {
            actor: auditActor(SYSTEM_ACTOR),
            action: 'booking.schedule.updated',
            subjectType: 'user',
            subjectId: id,
            payload: { weekly: DEMO_NOTARY_HOURS, exceptions: [], reason: 'demo data' },
          });
        });
      }
      logins.push({ role: 'notary', username: n.username, password: fresh ? password : null, where: office.name });
    }
    for (const { point, assistant } of DEMO_POINTS) {
      let p = await this.db.getRepository(Point).findOneBy({ name: point.name });
      if (!p) {
        p = await this.points.require(((await this.points.create(SYSTEM_ACTOR, { ...point, officeId: office.id })) as { id: string }).id);
        // Demo points only: the browser simulator enrols its terminal without an admin's approval.
        await this.db.transaction(async (m) => {
          await this.repository.allowSelfEnrolment(m, p!.id);
          await this.audit.append(m, {
            actor: auditActor(SYSTEM_ACTOR),
            action: 'registry.point.self_enrolment',
            subjectType: 'point',
            subjectId: p!.id,
            payload: { enabled: true, reason: 'demo data' },
          });
        });
      }
      // Its bookable seat: without one, no time is free until an assistant's browser enrols a key.
      if (!(await this.repository.hasSeat(p.id))) await this.points.addSeat(SYSTEM_ACTOR, p.id, DEMO_SEAT_LABEL);
      const fresh = !(await users.findOneBy({ username: assistant.username }));
      if (fresh) await this.points.createAssistant(SYSTEM_ACTOR, p.id, { ...assistant, password });
      logins.push({ role: 'assistant', username: assistant.username, password: fresh ? password : null, where: p.name });
    }
    return logins;
  }
}

/**
 * What a newcomer reads after the first `npm start`: three steps, one per console, then every
 * demo login. The password is generated for this installation and shown only here.
 */
export function firstStartBanner(base: string, created: DemoLogin[]): string {
  const password = created[0].password;
  const assistant = created.find((l) => l.role === 'assistant');
  const notary = created.find((l) => l.role === 'notary');
  return (
    `\n  Demo data loaded (SEED_DEMO). Next:\n` +
    `    1. Citizen: open ${base}/#/book on a phone or browser and book the first free time (no sign-in).\n` +
    `    2. Assistant: sign in at ${base}/#/assistant as ${assistant?.username ?? 'demo.assistant1'} and check the citizen in.\n` +
    `    3. Notary: sign in at ${base}/#/notary as ${notary?.username ?? 'demo.notary1'}, start the session and approve.\n` +
    `  Demo logins, password ${password} (shown only now):\n` +
    created.map((l) => `    ${l.role.padEnd(9)} ${l.username.padEnd(16)} ${l.where}`).join('\n') +
    `\n\n`
  );
}
