import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Random } from '../common/random.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** On first start, when no admin exists, creates one from ADMIN_USERNAME / ADMIN_PASSWORD. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly log = new Logger('BootstrapAdmin');

  constructor(
    private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly repository: UsersRepository,
    private readonly random: Random,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const password = this.config.adminPassword ?? this.random.bytes(18).toString('base64url');
    const created = await this.db.transaction(async (m) => {
      // Instances starting together: one creates, the others find it.
      await this.repository.lockAdminBootstrap(m);
      if (await this.repository.anyAdmin(m)) return false;
      await this.users.create(m, 'system', {
        username: this.config.adminUsername,
        password,
        role: 'admin',
        displayName: 'Administrator 管理员',
      });
      return true;
    });
    if (!created) return;
    this.log.log(`bootstrap admin "${this.config.adminUsername}" created`);
    if (!this.config.adminPassword) {
      // Printed once, straight to the terminal and never through the structured log.
      process.stderr.write(
        `\n  Bootstrap admin created.\n    username: ${this.config.adminUsername}\n    password: ${password}\n` +
          `  This password is shown only now. Set ADMIN_PASSWORD to choose your own.\n\n`,
      );
    }
  }
}
