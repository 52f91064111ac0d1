import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { IdParam } from '../registry/dto/registry.dto.js';
import { DutyDto, ScheduleDto } from './dto/booking.dto.js';
import { SchedulesService } from './schedules.service.js';
import { DutyResponse, NotarySchedule } from './dto/booking.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('booking')
@ApiBearerAuth()
@ApiErrors()
@Controller('notaries/:id')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get('schedule')
  @Roles('notary', 'admin')
  @ApiOkResponse({ type: NotarySchedule })
  get(@Auth() actor: Actor, @Param() p: IdParam): Promise<NotarySchedule> {
    return this.schedules.get(actor, p.id);
  }

  @Put('schedule')
  @Roles('notary', 'admin')
  @ApiOkResponse({ type: NotarySchedule })
  put(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: ScheduleDto): Promise<NotarySchedule> {
    return this.schedules.put(actor, p.id, dto.weekly, dto.exceptions);
  }

  @Put('duty')
  @Roles('notary', 'admin')
  @ApiOkResponse({ type: DutyResponse })
  duty(@Auth() actor: Actor, @Param() p: IdParam, @Body() dto: DutyDto): Promise<DutyResponse> {
    return this.schedules.setDuty(actor, p.id, dto.onDuty);
  }
}
