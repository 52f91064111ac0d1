import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ApiErrors } from '../common/error.response.js';
import { DemoAccountRow, DemoAccountsDisabled, DemoAccountsService } from './demo-accounts.service.js';
import { IdParam, UpdateNotaryDto, UpdateOfficeDto } from './dto/registry.dto.js';
import { NotaryRow, OfficeView } from './dto/registry.response.js';
import { OfficesService } from './offices.service.js';

/** The administration console's edits that have no other home: offices, notaries, the demo accounts. */
@ApiTags('registry')
@ApiBearerAuth()
@ApiErrors()
@Controller()
export class AdministrationController {
  constructor(
    private readonly demo: DemoAccountsService,
    private readonly offices: OfficesService,
  ) {}

  @Get('demo-accounts')
  @Roles('admin')
  @ApiOkResponse({ type: [DemoAccountRow] })
  demoAccounts(): Promise<DemoAccountRow[]> {
    return this.demo.list();
  }

  /** One action before real use: every demo staff account disabled, each audited, in one transaction. */
  @Post('demo-accounts/disable')
  @Roles('admin')
  @HttpCode(200)
  @ApiOkResponse({ type: DemoAccountsDisabled })
  disableDemoAccounts(@Auth() actor: Actor): Promise<DemoAccountsDisabled> {
    return this.demo.disableAll(actor);
  }

  @Patch('offices/:id')
  @Roles('admin')
  @ApiOkResponse({ type: OfficeView })
  updateOffice(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: UpdateOfficeDto): Promise<OfficeView> {
    return this.offices.update(actor, p.id, dto);
  }

  @Patch('notaries/:id')
  @Roles('admin')
  @ApiOkResponse({ type: NotaryRow })
  updateNotary(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: UpdateNotaryDto): Promise<NotaryRow> {
    return this.offices.updateNotary(actor, p.id, dto);
  }
}
