import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DatedExceptionView, WEEKLY_PLAN_SCHEMA } from '../../registry/dto/registry.response.js';
import { BOOKING_STATUSES, type BookingStatus } from '../booking-state.js';

export class IdName {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class MatterRef {
  @ApiProperty() code: string;
  @ApiProperty() nameZh: string;
}

export class NotaryRef {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
}

export class BookingApplicant {
  @ApiProperty() name: string;
  @ApiProperty() idNumberMasked: string;
  @ApiProperty() phoneMasked: string;
  @ApiPropertyOptional({ description: 'In full for the notary handling the case only' }) idNumber?: string;
}

export class DayAvailability {
  @ApiProperty({ example: '2026-12-01', description: 'Shanghai date' }) date: string;
  @ApiProperty({ example: 12, description: 'bookable start times that day (0: full or closed)' }) free: number;
}

export class Slot {
  @ApiProperty({ description: 'Shanghai time, ISO 8601 with offset' }) start: string;
  @ApiProperty() end: string;
}

export class BookingView {
  @ApiProperty() id: string;
  @ApiProperty() caseNo: string;
  @ApiProperty({ enum: ['appointment', 'walk_in'] }) kind: 'appointment' | 'walk_in';
  @ApiProperty({ enum: BOOKING_STATUSES }) status: BookingStatus;
  @ApiProperty({ type: IdName }) point: IdName;
  @ApiProperty({ type: IdName }) office: IdName;
  @ApiProperty({ type: MatterRef }) matter: MatterRef;
  @ApiProperty({ type: NotaryRef, nullable: true }) notary: NotaryRef | null;
  @ApiProperty({ type: String, nullable: true }) terminalId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null for an unclaimed walk-in' }) start: string | null;
  @ApiProperty({ type: String, nullable: true }) end: string | null;
  @ApiProperty({ type: BookingApplicant }) applicant: BookingApplicant;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ description: 'Waiting walk-ins only' }) waitingSeconds?: number;
  @ApiPropertyOptional() cancelReason?: string;
  @ApiProperty({ type: String, nullable: true }) sessionId: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateId: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateNo: string | null;
}

/** A new booking, with the access code the citizen signs in with (shown once). */
export class CreatedBooking extends BookingView {
  @ApiProperty({ description: 'Shown once: with the case number it lets the citizen sign in' }) accessCode: string;
}

export class QueueApplicant {
  @ApiProperty() name: string;
}

export class QueueItem {
  @ApiProperty() id: string;
  @ApiProperty() caseNo: string;
  @ApiProperty({ type: IdName }) point: IdName;
  @ApiProperty({ type: MatterRef }) matter: MatterRef;
  @ApiProperty({ type: QueueApplicant }) applicant: QueueApplicant;
  @ApiProperty() createdAt: string;
  @ApiProperty() waitingSeconds: number;
}

export class CaseRef {
  @ApiProperty() id: string;
  @ApiProperty() caseNo: string;
}

export class CaseAccessResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty() expiresIn: number;
  @ApiProperty({ type: CaseRef }) booking: CaseRef;
}

export class NotarySchedule {
  @ApiProperty() notaryId: string;
  @ApiProperty({ ...WEEKLY_PLAN_SCHEMA, description: 'Working hours by weekday' }) weekly: Record<string, [string, string][]>;
  @ApiProperty({ type: [DatedExceptionView] }) exceptions: DatedExceptionView[];
  @ApiProperty() onDuty: boolean;
}

export class DutyResponse {
  @ApiProperty() notaryId: string;
  @ApiProperty() onDuty: boolean;
}
