import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { conflict } from '../common/errors.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { MattersService } from '../matters/matters.service.js';
import { BookingService } from './booking.service.js';
import { bookingInvite } from './invite.js';

@Injectable()
export class InviteService {
  constructor(
    private readonly bookings: BookingService,
    private readonly matters: MattersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async forBooking(actor: Actor, id: string): Promise<string> {
    const b = await this.bookings.visible(actor, id);
    if (!b.start || !b.end) throw conflict('NO_TIME_YET', 'This walk-in has no time until a notary takes it.');
    const matter = await this.matters.get(b.matterCode);
    return bookingInvite({
      id: b.id,
      caseNo: b.caseNo,
      start: b.start,
      end: b.end,
      pointName: b.pointName,
      pointAddress: b.pointAddress,
      matterNameZh: b.matterNameZh,
      materials: matter.requiredMaterials,
      verifyUrl: `${this.config.publicBaseUrl}/#/case/${encodeURIComponent(b.caseNo)}`,
      createdAt: b.createdAt,
    });
  }
}
