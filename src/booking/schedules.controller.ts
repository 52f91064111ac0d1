import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { IdParam } from '../registry/dto/registry.dto.js';
import { DutyDto, ScheduleDto } from './dto/booking.dto.js';
import { SchedulesService } from './schedules.service.js';

@ApiTags('booking')
@ApiBearerAuth()
@Controller('notaries/:id')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get('schedule')
  @Roles('notary', 'admin')
  get(@Auth() actor: Actor, @Param() p: IdParam) {
    return this.schedules.get(actor, p.id);
  }

  @Put('schedule')
  @Roles('notary', 'admin')
  put(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: ScheduleDto) {
    return this.schedules.put(actor, p.id, dto.weekly, dto.exceptions);
  }

  @Put('duty')
  @Roles('notary', 'admin')
  duty(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: DutyDto) {
    return this.schedules.setDuty(actor, p.id, dto.onDuty);
  }
}
