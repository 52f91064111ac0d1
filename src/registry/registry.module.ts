import { Module } from '@nestjs/common';
import { CoverageService } from './coverage.service.js';
import { AdministrationController } from './administration.controller.js';
import { DemoAccountsService } from './demo-accounts.service.js';
import { DemoSeedService } from './demo-seed.service.js';
import { NotariesRepository } from './notaries.repository.js';
import { OfficesController } from './offices.controller.js';
import { OfficesService } from './offices.service.js';
import { PointsController } from './points.controller.js';
import { PointsService } from './points.service.js';
import { RegionsController } from './regions.controller.js';
import { RegionsService } from './regions.service.js';
import { RegistryRepository } from './registry.repository.js';

@Module({
  controllers: [RegionsController, OfficesController, PointsController, AdministrationController],
  providers: [
    DemoAccountsService,
    RegionsService,
    OfficesService,
    PointsService,
    CoverageService,
    DemoSeedService,
    NotariesRepository,
    RegistryRepository,
  ],
  exports: [RegionsService, OfficesService, PointsService, DemoSeedService, NotariesRepository],
})
export class RegistryModule {}
