import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { auditActor, type Actor } from '../auth/actor.js';
import { UsersService } from '../auth/users.service.js';
import { demoUsernames } from './demo-data.js';
import { RegistryRepository } from './registry.repository.js';

export class DemoAccountRow {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['notary', 'assistant'] }) role: string;
  @ApiProperty() disabled: boolean;
}

export class DemoAccountsDisabled {
  @ApiProperty({ type: [String], description: 'usernames this request disabled' }) disabled: string[];
  @ApiProperty({ description: 'demo accounts still enabled afterwards (always 0)' }) stillEnabled: number;
}

/** The demo staff accounts the seed creates: listed, and disabled all at once before real use. */
@Injectable()
export class DemoAccountsService {
  constructor(
    private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly repository: RegistryRepository,
  ) {}

  async list(): Promise<DemoAccountRow[]> {
    return this.repository.accounts(demoUsernames());
  }

  async disableAll(actor: Actor): Promise<DemoAccountsDisabled> {
    const done = await this.db.transaction((m) => this.users.disableMany(m, auditActor(actor), demoUsernames()));
    await this.users.closeSessionsOf(done.map((u) => u.id));
    const still = (await this.list()).filter((u) => !u.disabled).length;
    return { disabled: done.map((u) => u.username), stillEnabled: still };
  }
}
