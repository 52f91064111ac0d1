import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { auditActor, type Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { OneOrManyPipe } from '../common/one-or-many.pipe.js';
import { CoverageService } from './coverage.service.js';
import { CoverageQuery, CreateRegionDto, RegionQuery } from './dto/registry.dto.js';
import { RegionsService } from './regions.service.js';
import { CoverageView, RegionView } from './dto/registry.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('registry')
@ApiErrors()
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
  @ApiCreatedResponse({ type: [RegionView] })
  create(@Auth() actor: Actor, @Body(new OneOrManyPipe(CreateRegionDto)) regions: CreateRegionDto[]): Promise<RegionView[]> {
    return this.regions.create(auditActor(actor), regions);
  }

  @Get('regions')
  @Public()
  @ApiOkResponse({ type: [RegionView] })
  list(@Query() q: RegionQuery): Promise<RegionView[]> {
    return this.regions.children(q.parent);
  }

  @Get('coverage')
  @Public()
  @ApiOkResponse({ type: CoverageView })
  getCoverage(@Query() q: CoverageQuery): Promise<CoverageView> {
    return this.coverage.coverage(q.region, q.target);
  }
}
