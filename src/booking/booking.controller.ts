import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../auth/actor.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { IdParam } from '../registry/dto/registry.dto.js';
import { AvailabilityService } from './availability.service.js';
import { BookingService } from './booking.service.js';
import { CaseAccessService } from './case-access.service.js';
import {
  BookingIdParam,
  BookingListQuery,
  CancelDto,
  CaseAccessDto,
  CreateBookingDto,
  RescheduleDto,
  SlotQueryDto,
  WalkInDto,
} from './dto/booking.dto.js';
import { InviteService } from './invite.service.js';
import { ReservationService } from './reservation.service.js';
import { WalkInService } from './walk-in.service.js';

@ApiTags('booking')
@Controller()
export class BookingController {
  constructor(
    private readonly bookings: BookingService,
    private readonly availability: AvailabilityService,
    private readonly reservations: ReservationService,
    private readonly walkIns: WalkInService,
    private readonly caseAccess: CaseAccessService,
    private readonly invites: InviteService,
  ) {}

  @Get('points/:id/slots')
  @Public()
  slots(@Param() p: IdParam, @Query() q: SlotQueryDto) {
    return this.availability.slots(p.id, q.date, q.matter);
  }

  /** Anonymous citizens (throttled per address) or the point's assistants. */
  @Post('bookings')
  @Public()
  create(@Auth() actor: Actor | undefined, @Body() dto: CreateBookingDto, @Req() req: Request) {
    return this.reservations.create(actor, dto, req.ip ?? 'unknown');
  }

  @Post('bookings/walk-in')
  @Roles('assistant', 'admin')
  @ApiBearerAuth()
  walkIn(@Auth() actor: Actor, @Body() dto: WalkInDto) {
    return this.walkIns.walkIn(actor, dto);
  }

  @Get('bookings')
  @Roles('assistant', 'notary', 'admin')
  @ApiBearerAuth()
  list(@Auth() actor: Actor, @Query() q: BookingListQuery) {
    return this.bookings.list(actor, q);
  }

  @Get('bookings/:id')
  @ApiBearerAuth()
  async get(@Auth() actor: Actor, @Param() p: BookingIdParam) {
    return this.bookings.view(await this.bookings.visible(actor, p.id), actor);
  }

  @Get('bookings/:id/invite.ics')
  @ApiBearerAuth()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  invite(@Auth() actor: Actor, @Param() p: BookingIdParam) {
    return this.invites.forBooking(actor, p.id);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  @ApiBearerAuth()
  cancel(@Auth() actor: Actor, @Param() p: BookingIdParam, @Body() dto: CancelDto) {
    return this.reservations.cancel(actor, p.id, dto.reason);
  }

  @Post('bookings/:id/reschedule')
  @HttpCode(200)
  @ApiBearerAuth()
  reschedule(@Auth() actor: Actor, @Param() p: BookingIdParam, @Body() dto: RescheduleDto) {
    return this.reservations.reschedule(actor, p.id, dto.start);
  }

  @Post('bookings/:id/no-show')
  @Roles('assistant', 'admin')
  @HttpCode(200)
  @ApiBearerAuth()
  noShow(@Auth() actor: Actor, @Param() p: BookingIdParam) {
    return this.reservations.noShow(actor, p.id);
  }

  @Post('bookings/:id/claim')
  @Roles('notary')
  @HttpCode(200)
  @ApiBearerAuth()
  claim(@Auth() actor: Actor, @Param() p: BookingIdParam) {
    return this.walkIns.claim(actor, p.id);
  }

  @Get('queue')
  @Roles('notary')
  @ApiBearerAuth()
  queue(@Auth() actor: Actor) {
    return this.walkIns.queue(actor);
  }

  @Post('auth/case-access')
  @Public()
  @HttpCode(200)
  access(@Body() dto: CaseAccessDto, @Req() req: Request) {
    return this.caseAccess.access(dto.caseNo, dto.accessCode, req.ip ?? 'unknown');
  }
}
