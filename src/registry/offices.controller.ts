import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { CreateNotaryDto, CreateOfficeDto, IdParam } from './dto/registry.dto.js';
import { OfficesService } from './offices.service.js';
import { NotaryCreated, NotaryRow, OfficeView } from './dto/registry.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('registry')
@ApiErrors()
@Controller('offices')
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Post()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: OfficeView })
  create(@Auth() actor: Actor, @Body() dto: CreateOfficeDto): Promise<OfficeView> {
    return this.offices.create(actor, dto);
  }

  @Get()
  @Public()
  @ApiOkResponse({ type: [OfficeView] })
  list(): Promise<OfficeView[]> {
    return this.offices.list();
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: OfficeView })
  get(@Param() p: IdParam): Promise<OfficeView> {
    return this.offices.get(p.id);
  }

  @Post(':id/notaries')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: NotaryCreated })
  createNotary(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: CreateNotaryDto): Promise<NotaryCreated> {
    return this.offices.createNotary(actor, p.id, dto);
  }

  @Get(':id/notaries')
  @Roles('admin', 'notary', 'assistant')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [NotaryRow] })
  notaries(@Auth() actor: Actor, @Param() p: IdParam): Promise<NotaryRow[]> {
    return this.offices.notaries(actor, p.id);
  }
}
