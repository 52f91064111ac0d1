import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { BookingReferenceRepository } from './booking-reference.repository.js';

/**
 * Pushes walk-in events to staff over socket.io namespace `/staff`. Each notary's sockets sit
 * in room `user:<id>`, each assistant's in `point:<id>`; emitting to rooms goes through the
 * socket.io adapter, so staff connected to other instances hear it too.
 */
@Injectable()
export class StaffEvents {
  private readonly log = new Logger('StaffEvents');
  private nsp?: Namespace;

  constructor(private readonly notaries: BookingReferenceRepository) {}

  attach(nsp: Namespace): void {
    this.nsp = nsp;
  }

  /** To the office's on-duty notaries (and the point's assistants, when named). */
  async toOnDutyNotaries(officeId: string, event: string, payload: object, pointId?: string): Promise<void> {
    if (!this.nsp) return;
    try {
      const ids = await this.notaries.onDutyNotaries(officeId);
      const rooms = [...ids.map((id) => `user:${id}`), ...(pointId ? [`point:${pointId}`] : [])];
      if (rooms.length) this.nsp.to(rooms).emit(event, payload);
    } catch (err) {
      // A missed push must not undo the booking: the queue endpoint still shows the truth.
      this.log.warn(`could not push ${event}: ${String(err)}`);
    }
  }

  /** To one session's staff: its notary (room `user:<id>`) and its point's assistants (room `point:<id>`). */
  toSessionStaff(notaryId: string, pointId: string, event: string, payload: object): void {
    this.nsp?.to([`user:${notaryId}`, `point:${pointId}`]).emit(event, payload);
  }
}
