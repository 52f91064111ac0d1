import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import type { DatedException, WeeklyPlan } from '../../registry/opening-hours.js';
import { DatedExceptionView, WEEKLY_PLAN_SCHEMA } from '../../registry/dto/registry.response.js';
import { HasPossibleBirthDate, IsPersonName } from './applicant-validators.js';
import { IsCalendarDate } from '../../common/calendar-date.js';
import { MemoizedValidation } from '../../common/validation.js';

export class ApplicantDto {
  @ApiProperty({ example: '王堃', description: "NFC-normalised; letters, combining marks, spaces and · . - ' only" })
  @IsString()
  @Length(1, 40)
  @IsPersonName()
  name: string;

  @ApiProperty({ example: '321181199003070013', description: '18-character resident ID number (GB 11643)' })
  @IsString()
  @Length(1, 40)
  @HasPossibleBirthDate()
  idNumber: string;

  @ApiProperty({ example: '13912345678', description: 'mainland mobile number' })
  @IsString()
  @Length(1, 20)
  phone: string;
}

export class CreateBookingDto {
  @ApiProperty() @IsUUID() pointId: string;
  @ApiProperty({ example: 'declaration' }) @Matches(/^[a-z_]{2,40}$/, { message: 'matterCode must be a matter code' }) matterCode: string;

  @ApiProperty({ example: '2026-12-01T09:00:00+08:00', description: 'ISO 8601 with an offset' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'start must be an ISO 8601 time such as 2026-12-01T09:00:00+08:00' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'start must carry a time zone offset, e.g. +08:00' })
  start: string;

  @ApiProperty({ type: ApplicantDto }) @ValidateNested() @Type(() => ApplicantDto) applicant: ApplicantDto;
}

export class WalkInDto {
  @ApiProperty() @IsUUID() pointId: string;
  @ApiProperty({ example: 'entrustment' }) @Matches(/^[a-z_]{2,40}$/, { message: 'matterCode must be a matter code' }) matterCode: string;
  @ApiProperty({ type: ApplicantDto }) @ValidateNested() @Type(() => ApplicantDto) applicant: ApplicantDto;
}

@MemoizedValidation()
export class AvailabilityQueryDto {
  @ApiProperty({ example: '2026-12-01', description: 'first Shanghai date' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'last Shanghai date, inclusive; at most the booking horizon after from' })
  @IsCalendarDate()
  to: string;
  @ApiProperty({ example: 'declaration' }) @Matches(/^[a-z_]{2,40}$/, { message: 'matter must be a matter code' }) matter: string;
}

@MemoizedValidation()
export class SlotQueryDto {
  @ApiProperty({ example: '2026-12-01' }) @IsCalendarDate() date: string;
  @ApiProperty({ example: 'declaration' }) @Matches(/^[a-z_]{2,40}$/, { message: 'matter must be a matter code' }) matter: string;
}

export class BookingListQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() pointId?: string;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'Shanghai date; default today' })
  @IsOptional()
  @IsCalendarDate()
  date?: string;
}

export class CancelDto {
  @ApiProperty({ example: '申请人改期' }) @IsString() @Length(1, 200) reason: string;
}

export class RescheduleDto {
  @ApiProperty({ example: '2026-12-02T10:00:00+08:00' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'start must be an ISO 8601 time such as 2026-12-01T09:00:00+08:00' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'start must carry a time zone offset, e.g. +08:00' })
  start: string;
}

export class CaseAccessDto {
  @ApiProperty({ example: 'RN20261201-7KQ4M' }) @IsString() @Length(1, 40) caseNo: string;
  @ApiProperty({ example: '12345678' }) @IsString() @Length(1, 40) accessCode: string;
}

export class ScheduleDto {
  @ApiProperty({
    ...WEEKLY_PLAN_SCHEMA,
    example: {
      mon: [
        ['08:30', '12:00'],
        ['13:30', '17:30'],
      ],
    },
  })
  @IsObject()
  weekly: WeeklyPlan;
  @ApiProperty({ type: [DatedExceptionView], example: [{ date: '2026-12-24', ranges: [] }] }) @IsArray() exceptions: DatedException[];
}

export class DutyDto {
  @ApiProperty() @IsBoolean() onDuty: boolean;
}

export class BookingIdParam {
  @IsUUID(undefined, { message: 'id must be a UUID' }) id: string;
}
