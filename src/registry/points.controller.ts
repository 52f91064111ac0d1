import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { CreatePointDto, CreateStaffDto, IdParam, PointQuery, RegisterTerminalDto, UpdatePointDto } from './dto/registry.dto.js';
import { PointsService } from './points.service.js';
import { AssistantCreated, PointView, StaffRow, TerminalRegistered, TerminalView } from './dto/registry.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('registry')
@ApiErrors()
@Controller()
export class PointsController {
  constructor(private readonly points: PointsService) {}

  @Post('points')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: PointView })
  create(@Auth() actor: Actor, @Body() dto: CreatePointDto): Promise<PointView> {
    return this.points.create(actor, dto);
  }

  @Patch('points/:id')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOkResponse({ type: PointView })
  update(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: UpdatePointDto): Promise<PointView> {
    return this.points.update(actor, p.id, dto);
  }

  @Get('points')
  @Public()
  @ApiOkResponse({ type: [PointView] })
  list(@Query() q: PointQuery): Promise<PointView[]> {
    return this.points.list(q);
  }

  @Get('points/:id')
  @Public()
  @ApiOkResponse({ type: PointView })
  get(@Param() p: IdParam): Promise<PointView> {
    return this.points.get(p.id);
  }

  @Post('points/:id/assistants')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: AssistantCreated })
  createAssistant(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: CreateStaffDto): Promise<AssistantCreated> {
    return this.points.createAssistant(actor, p.id, dto);
  }

  @Get('points/:id/assistants')
  @Roles('admin', 'assistant')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [StaffRow] })
  assistants(@Auth() actor: Actor, @Param() p: IdParam): Promise<StaffRow[]> {
    return this.points.assistants(actor, p.id);
  }

  @Post('points/:id/terminals')
  @Roles('admin', 'assistant')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: TerminalRegistered })
  registerTerminal(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: RegisterTerminalDto): Promise<TerminalRegistered> {
    return this.points.registerTerminal(actor, p.id, dto);
  }

  @Get('points/:id/terminals')
  @Roles('admin', 'assistant')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [TerminalView] })
  terminals(@Auth() actor: Actor, @Param() p: IdParam): Promise<TerminalView[]> {
    return this.points.terminals(actor, p.id);
  }

  /** Admin only: a terminal an assistant registered signs check-ins once approved. */
  @Post('terminals/:id/approve')
  @Roles('admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: TerminalView })
  approveTerminal(@Auth() actor: Actor, @Param() p: IdParam): Promise<TerminalView> {
    return this.points.approveTerminal(actor, p.id);
  }

  @Post('terminals/:id/disable')
  @Roles('admin', 'assistant')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: TerminalView })
  disableTerminal(@Auth() actor: Actor, @Param() p: IdParam): Promise<TerminalView> {
    return this.points.disableTerminal(actor, p.id);
  }
}
