import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { MatterCodeParam, UpdateMatterDto } from './dto/update-matter.dto.js';
import { matterView } from './matter.entity.js';
import { MattersService } from './matters.service.js';
import { MatterView, NeverRemoteMatterView } from './dto/matter.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('matters')
@ApiErrors()
@Controller('matters')
export class MattersController {
  constructor(private readonly matters: MattersService) {}

  /** The 17 remote-eligible matter types, in catalogue order, with materials, rules and wording. */
  @Get()
  @Public()
  @ApiOkResponse({ type: [MatterView] })
  list(): Promise<MatterView[]> {
    return this.matters.list();
  }

  /** Matters that are never handled remotely (wills, adoption …), with the reason. */
  @Get('never-remote')
  @Public()
  @ApiOkResponse({ type: [NeverRemoteMatterView] })
  neverRemote(): readonly NeverRemoteMatterView[] {
    return this.matters.neverRemote();
  }

  @Get(':code')
  @Public()
  @ApiOkResponse({ type: MatterView })
  async get(@Param() p: MatterCodeParam): Promise<MatterView> {
    return matterView(await this.matters.get(p.code));
  }

  @Patch(':code')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MatterView })
  update(@Auth() actor: Actor, @Param() p: MatterCodeParam, @Body() dto: UpdateMatterDto): Promise<MatterView> {
    return this.matters.update(actor, p.code, dto);
  }
}
