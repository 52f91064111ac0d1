import { Logger, Module, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MattersModule } from '../matters/matters.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { BookingController } from './booking.controller.js';
import { AvailabilityService } from './availability.service.js';
import { BookingReference } from './booking-reference.js';
import { BookingReferenceRepository } from './booking-reference.repository.js';
import { BookingRepository } from './booking.repository.js';
import { BookingService } from './booking.service.js';
import { CaseCodes } from './case-codes.js';
import { CaseAccessService } from './case-access.service.js';
import { InviteService } from './invite.service.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesService } from './schedules.service.js';
import { StaffEvents } from './staff-events.js';
import { StaffGateway } from './staff.gateway.js';
import { ReservationService } from './reservation.service.js';
import { WalkInService } from './walk-in.service.js';

const SWEEP_MS = 30_000;

@Module({
  imports: [RegistryModule, MattersModule],
  controllers: [BookingController, SchedulesController],
  providers: [
    BookingRepository,
    BookingReferenceRepository,
    BookingReference,
    CaseCodes,
    BookingService,
    AvailabilityService,
    ReservationService,
    WalkInService,
    CaseAccessService,
    SchedulesService,
    InviteService,
    StaffEvents,
    StaffGateway,
  ],
  exports: [BookingService, BookingRepository, StaffEvents],
})
export class BookingModule implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('BookingModule');
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly walkIns: WalkInService) {}

  /** Expires unclaimed walk-ins; every instance sweeps, the UPDATE makes that harmless. */
  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      this.walkIns.expireWalkIns().catch((err: unknown) => this.log.warn(`walk-in sweep failed: ${String(err)}`));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
