import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { auditActor, type Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { OneOrManyPipe } from '../common/one-or-many.pipe.js';
import { CoverageService } from './coverage.service.js';
import { CoverageQuery, CreateRegionDto, RegionQuery } from './dto/registry.dto.js';
import { RegionsService } from './regions.service.js';

@ApiTags('registry')
@Controller()
export class RegionsController {
  constructor(
    private readonly regions: RegionsService,
    private readonly coverage: CoverageService,
  ) {}

  @Post('regions')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiBody({ type: [CreateRegionDto], description: 'one region, or a list (parents may come in the same list)' })
  create(@Auth() actor: Actor, @Body(new OneOrManyPipe(CreateRegionDto)) regions: CreateRegionDto[]) {
    return this.regions.create(auditActor(actor), regions);
  }

  @Get('regions')
  @Public()
  list(@Query() q: RegionQuery) {
    return this.regions.children(q.parent);
  }

  @Get('coverage')
  @Public()
  getCoverage(@Query() q: CoverageQuery) {
    return this.coverage.coverage(q.region, q.target);
  }
}
