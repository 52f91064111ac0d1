import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { openDatabase, type OpenDatabase } from './data-source.js';

const OPEN_DATABASE = Symbol('OPEN_DATABASE');

/**
 * Owns the DataSource (and the embedded server behind it) for the app's lifetime.
 * Closing happens in onApplicationShutdown, after every other module's
 * beforeApplicationShutdown, so that nothing still writes when the database goes away.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(OPEN_DATABASE) private readonly db: OpenDatabase) {}

  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: OPEN_DATABASE,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => openDatabase(config),
        },
        { provide: DataSource, inject: [OPEN_DATABASE], useFactory: (db: OpenDatabase) => db.dataSource },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
