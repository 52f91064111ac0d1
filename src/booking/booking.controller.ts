import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '../auth/actor.js';
import { AccountReadByHandler, Auth, Caller, Public, Roles } from '../auth/auth.decorators.js';
import { IdParam } from '../registry/dto/registry.dto.js';
import { AvailabilityService } from './availability.service.js';
import { BookingService } from './booking.service.js';
import { CaseAccessService } from './case-access.service.js';
import {
  BookingIdParam,
  AvailabilityQueryDto,
  BookingListQuery,
  CancelDto,
  CaseAccessDto,
  CreateBookingDto,
  RescheduleDto,
  SlotQueryDto,
  WalkInDto,
} from './dto/booking.dto.js';
import { InviteService } from './invite.service.js';
import { PublicReadThrottle } from './public-read-throttle.js';
import { ReservationService } from './reservation.service.js';
import { WalkInService } from './walk-in.service.js';
import { BookingView, CaseAccessResponse, CreatedBooking, DayAvailability, QueueItem, Slot } from './dto/booking.response.js';
import { ApiErrors } from '../common/error.response.js';

@ApiTags('booking')
@ApiErrors()
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

  /** Anonymous callers are throttled per address (PublicReadThrottle); staff are not. */
  @Get('points/:id/slots')
  @Public()
  @UseGuards(PublicReadThrottle)
  @ApiOkResponse({ type: [Slot], description: 'Free start times on that day' })
  slots(@Param() p: IdParam, @Query() q: SlotQueryDto): Promise<Slot[]> {
    return this.availability.slots(p.id, q.date, q.matter);
  }

  @Get('points/:id/availability')
  @Public()
  @UseGuards(PublicReadThrottle)
  @ApiOkResponse({ type: [DayAvailability], description: 'How many start times are free on each day from `from` to `to`' })
  availabilityByDay(@Param() p: IdParam, @Query() q: AvailabilityQueryDto): Promise<DayAvailability[]> {
    return this.availability.days(p.id, q.from, q.to, q.matter);
  }

  /** Anonymous citizens (throttled per address) or the point's assistants. */
  @Post('bookings')
  @Public()
  @AccountReadByHandler()
  @ApiCreatedResponse({ type: CreatedBooking })
  create(@Caller() caller: Caller, @Body() dto: CreateBookingDto, @Req() req: Request): Promise<CreatedBooking> {
    return this.reservations.create(caller, dto, req.ip ?? 'unknown');
  }

  @Post('bookings/walk-in')
  @Roles('assistant', 'admin')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: CreatedBooking })
  walkIn(@Auth() actor: Actor, @Body() dto: WalkInDto): Promise<CreatedBooking> {
    return this.walkIns.walkIn(actor, dto);
  }

  @Get('bookings')
  @Roles('assistant', 'notary', 'admin')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [BookingView] })
  list(@Auth() actor: Actor, @Query() q: BookingListQuery): Promise<BookingView[]> {
    return this.bookings.list(actor, q);
  }

  @Get('bookings/:id')
  @ApiBearerAuth()
  @ApiOkResponse({ type: BookingView })
  async get(@Auth() actor: Actor, @Param() p: BookingIdParam): Promise<BookingView> {
    return this.bookings.view(await this.bookings.visible(actor, p.id), actor);
  }

  @Get('bookings/:id/invite.ics')
  @ApiBearerAuth()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar invitation', content: { 'text/calendar': { schema: { type: 'string' } } } })
  invite(@Auth() actor: Actor, @Param() p: BookingIdParam): Promise<string> {
    return this.invites.forBooking(actor, p.id);
  }

  @Post('bookings/:id/cancel')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: BookingView })
  cancel(@Auth() actor: Actor, @Param() p: BookingIdParam, @Body() dto: CancelDto): Promise<BookingView> {
    return this.reservations.cancel(actor, p.id, dto.reason);
  }

  @Post('bookings/:id/reschedule')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: BookingView })
  reschedule(@Auth() actor: Actor, @Param() p: BookingIdParam, @Body() dto: RescheduleDto): Promise<BookingView> {
    return this.reservations.reschedule(actor, p.id, dto.start);
  }

  @Post('bookings/:id/no-show')
  @Roles('assistant', 'admin')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: BookingView })
  noShow(@Auth() actor: Actor, @Param() p: BookingIdParam): Promise<BookingView> {
    return this.reservations.noShow(actor, p.id);
  }

  @Post('bookings/:id/claim')
  @Roles('notary')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: BookingView })
  claim(@Auth() actor: Actor, @Param() p: BookingIdParam): Promise<BookingView> {
    return this.walkIns.claim(actor, p.id);
  }

  @Get('queue')
  @Roles('notary')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [QueueItem] })
  queue(@Auth() actor: Actor): Promise<QueueItem[]> {
    return this.walkIns.queue(actor);
  }

  @Post('auth/case-access')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: CaseAccessResponse })
  access(@Body() dto: CaseAccessDto, @Req() req: Request): Promise<CaseAccessResponse> {
    return this.caseAccess.access(dto.caseNo, dto.accessCode, req.ip ?? 'unknown');
  }
}
