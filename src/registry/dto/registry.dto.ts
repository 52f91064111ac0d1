import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { DatedException, WeeklyPlan } from '../opening-hours.js';
import { REGION_LEVELS, type RegionLevel } from '../registry.entities.js';
import { DatedExceptionView, WEEKLY_PLAN_SCHEMA } from './registry.response.js';
import { IsPrintableText } from '../../common/printable-validator.js';
import { MemoizedValidation } from '../../common/validation.js';

/** Mainland landline (0511-86543210), mobile (13912345678) or a 400 service number. */
export const PHONE = /^(\+86[- ]?)?(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|400-?\d{3}-?\d{4})$/;
const PHONE_MESSAGE = 'phone must be a mainland landline (0511-86543210), mobile or 400 number';
const USERNAME = /^[a-zA-Z0-9._-]{3,64}$/;

export class CreateRegionDto {
  @ApiProperty({ example: '321181', description: 'GB/T 2260 code; townships 9 or 12 digits' })
  @IsString()
  @Matches(/^\d{6}(\d{3}|\d{6})?$/, { message: 'code must be 6, 9 or 12 digits' })
  code: string;

  @ApiProperty({ example: '丹阳市' }) @IsString() @Length(1, 64) name: string;

  @ApiProperty({ enum: REGION_LEVELS }) @IsIn(REGION_LEVELS) level: RegionLevel;

  @ApiPropertyOptional({ example: '321100', description: 'required except for provinces' })
  @IsOptional()
  @IsString()
  parentCode?: string;

  @ApiPropertyOptional({ description: 'the code is made up for a demo, not an official one' })
  @IsOptional()
  @IsBoolean()
  illustrative?: boolean;
}

export class RegionQuery {
  @ApiPropertyOptional({ description: 'list the children of this region; without it, the provinces' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}|\d{6})?$/, { message: 'parent must be a region code' })
  parent?: string;
}

export class CoverageQuery {
  @ApiProperty({ example: '321181' })
  @Matches(/^\d{6}(\d{3}|\d{6})?$/, { message: 'region must be a region code' })
  region: string;

  @ApiPropertyOptional({ example: 0.3, description: 'rows below this rate are marked belowTarget' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  target?: number;
}

export class CreateOfficeDto {
  @ApiProperty({ example: '江苏省丹阳市公证处' }) @IsString() @Length(2, 64) @IsPrintableText() name: string;
  @ApiProperty({ example: '321181' }) @IsString() regionCode: string;

  @ApiProperty({ example: '苏镇丹', description: 'the part of certificate numbers before 证字' })
  @Matches(/^[\u4e00-\u9fff]{2,8}$/, { message: 'certificatePrefix must be 2-8 Chinese characters, e.g. 苏镇丹' })
  @IsPrintableText()
  certificatePrefix: string;

  @ApiProperty() @IsString() @Length(2, 200) address: string;
  @ApiProperty({ example: '0511-86543210' }) @Matches(PHONE, { message: PHONE_MESSAGE }) phone: string;
}

export class UpdateOfficeDto {
  @ApiPropertyOptional({ example: '江苏省丹阳市公证处' }) @IsOptional() @IsString() @Length(2, 64) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 200) address?: string;
  @ApiPropertyOptional({ example: '0511-86543210' }) @IsOptional() @Matches(PHONE, { message: PHONE_MESSAGE }) phone?: string;
}

export class UpdateNotaryDto {
  @ApiPropertyOptional({ example: '王公证员' }) @IsOptional() @IsString() @Length(1, 64) displayName?: string;
  @ApiPropertyOptional({ example: '13211812010001' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z-]{6,32}$/, { message: 'licenseNo must be 6-32 letters, digits or dashes' })
  licenseNo?: string;
}

export class CreateStaffDto {
  @ApiProperty({ example: 'wang.notary' })
  @Matches(USERNAME, { message: 'username must be 3-64 letters, digits, dots, dashes or underscores' })
  username: string;

  @ApiProperty({ minLength: 12 }) @IsString() @MinLength(12) @MaxLength(256) password: string;
  @ApiProperty({ example: '王公证员' }) @IsString() @Length(1, 64) @IsPrintableText() displayName: string;
}

export class CreateNotaryDto extends CreateStaffDto {
  @ApiProperty({ example: '13211812010001', description: 'notary practising licence number' })
  @Matches(/^[0-9A-Za-z-]{6,32}$/, { message: 'licenseNo must be 6-32 letters, digits or dashes' })
  licenseNo: string;
}

export class CreatePointDto {
  @ApiProperty({ example: '司徒镇远程公证服务点' }) @IsString() @Length(2, 64) @IsPrintableText() name: string;
  @ApiProperty({ example: '321181103', description: 'a township' }) @IsString() regionCode: string;
  @ApiProperty() @IsUUID() officeId: string;
  @ApiProperty() @IsString() @Length(2, 200) address: string;
  @ApiProperty({ example: '0511-86123456' }) @Matches(PHONE, { message: PHONE_MESSAGE }) phone: string;

  @ApiProperty({
    ...WEEKLY_PLAN_SCHEMA,
    example: {
      mon: [
        ['08:30', '12:00'],
        ['13:30', '17:30'],
      ],
      sat: [],
    },
    description: 'Asia/Shanghai; keys mon…sun, each a list of ["HH:MM","HH:MM"]',
  })
  @IsObject()
  openingHours: WeeklyPlan;

  @ApiPropertyOptional({ type: [DatedExceptionView], example: [{ date: '2026-10-01', ranges: [] }] })
  @IsOptional()
  @IsArray()
  exceptions?: DatedException[];
}

export class UpdatePointDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 64) @IsPrintableText() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 200) address?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(PHONE, { message: PHONE_MESSAGE }) phone?: string;
  @ApiPropertyOptional(WEEKLY_PLAN_SCHEMA) @IsOptional() @IsObject() openingHours?: WeeklyPlan;
  @ApiPropertyOptional({ type: [DatedExceptionView] }) @IsOptional() @IsArray() exceptions?: DatedException[];
  @ApiPropertyOptional({ enum: ['active', 'suspended'] }) @IsOptional() @IsIn(['active', 'suspended']) status?: 'active' | 'suspended';
}

export class PointQuery {
  @ApiPropertyOptional({ description: 'points in this region or below it' })
  @IsOptional()
  @Matches(/^\d{6}(\d{3}|\d{6})?$/, { message: 'region must be a region code' })
  region?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID() office?: string;
}

export class RegisterTerminalDto {
  @ApiProperty({ example: '1号终端 (ID reader + camera)' }) @IsString() @Length(1, 64) @IsPrintableText() label: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'public key: Ed25519 (kty OKP) or P-256 (kty EC) JWK',
    example: { kty: 'OKP', crv: 'Ed25519', x: '…' },
  })
  @IsObject()
  publicKeyJwk: Record<string, unknown>;
}

@MemoizedValidation()
export class IdParam {
  @IsUUID(undefined, { message: 'id must be a UUID' }) id: string;
}
