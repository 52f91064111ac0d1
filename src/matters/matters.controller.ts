import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { MatterCodeParam, UpdateMatterDto } from './dto/update-matter.dto.js';
import { matterView } from './matter.entity.js';
import { MattersService } from './matters.service.js';

@ApiTags('matters')
@Controller('matters')
export class MattersController {
  constructor(private readonly matters: MattersService) {}

  /** The 17 remote-eligible matter types, in catalogue order, with materials, rules and wording. */
  @Get()
  @Public()
  list() {
    return this.matters.list();
  }

  /** Matters that are never handled remotely (wills, adoption …), with the reason. */
  @Get('never-remote')
  @Public()
  neverRemote() {
    return this.matters.neverRemote();
  }

  @Get(':code')
  @Public()
  async get(@Param() p: MatterCodeParam) {
    return matterView(await this.matters.get(p.code));
  }

  @Patch(':code')
  @Roles('admin')
  @ApiBearerAuth()
  update(@Auth() actor: Actor, @Param() p: MatterCodeParam, @Body() dto: UpdateMatterDto) {
    return this.matters.update(actor, p.code, dto);
  }
}
