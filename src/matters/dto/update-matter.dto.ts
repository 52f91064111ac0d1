import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsPrintableText } from '../../common/printable-validator.js';

export class BilingualDto {
  @IsString() @Length(1, 200) zh: string;
  @IsString() @Length(1, 200) en: string;
}

export class SelectOptionDto {
  @ApiProperty() @IsString() @Length(1, 60) value: string;
  @ApiProperty() @IsString() @Length(1, 60) labelZh: string;
  @ApiProperty() @IsString() @Length(1, 60) labelEn: string;
}

export class FieldConditionDto {
  @ApiProperty() @Matches(/^[a-z][A-Za-z0-9]{0,39}$/, { message: 'field must be a field key' }) field: string;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @Length(1, 60, { each: true })
  in: string[];
}

/** One input the notary fills for a case of this matter. */
export class FieldSpecDto {
  @ApiProperty({ example: 'documentTitle' })
  @Matches(/^[a-z][A-Za-z0-9]{0,39}$/, { message: 'key must start with a small letter and hold letters and digits only (camelCase)' })
  key: string;
  @ApiProperty() @IsString() @Length(1, 60) labelZh: string;
  @ApiProperty() @IsString() @Length(1, 60) labelEn: string;
  @ApiProperty({ enum: ['text', 'date', 'number', 'select'] }) @IsIn(['text', 'date', 'number', 'select']) type:
    'text' | 'date' | 'number' | 'select';
  @ApiProperty() @IsBoolean() required: boolean;
  @ApiProperty({ description: 'printed through the wording' }) @IsBoolean() inWording: boolean;
  @ApiPropertyOptional({ type: [SelectOptionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => SelectOptionDto)
  options?: SelectOptionDto[];
  @ApiPropertyOptional({ enum: ['day', 'month'] }) @IsOptional() @IsIn(['day', 'month']) precision?: 'day' | 'month';
  @ApiPropertyOptional({ type: FieldConditionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FieldConditionDto)
  onlyWhen?: FieldConditionDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) hintZh?: string;
  @ApiProperty({ description: 'a realistic value, used for previews' }) @IsString() @Length(1, 200) example: string;
}

export class MatterCodeParam {
  @Matches(/^[a-z_]{2,40}$/, { message: 'code must be a matter code such as small_inheritance' }) code: string;
}

export class UpdateMatterDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({ type: [BilingualDto], description: "the applicant's identity document must stay first" })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => BilingualDto)
  requiredMaterials?: BilingualDto[];

  @ApiPropertyOptional({ minimum: 5, maximum: 240 }) @IsOptional() @IsInt() @Min(5) @Max(240) estimatedMinutes?: number;

  @ApiPropertyOptional({ description: 'certificate wording with {{placeholders}}' })
  @IsOptional()
  @IsString()
  @Length(10, 5000)
  @IsPrintableText()
  wordingTemplate?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(10, 5000) noticeTemplate?: string;

  @ApiPropertyOptional({ type: [FieldSpecDto], description: 'the whole field list, replacing the old one; checked against the wording' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => FieldSpecDto)
  fields?: FieldSpecDto[];

  @ApiPropertyOptional({ description: 'small inheritance only: the ceiling on the declared estate value, yuan' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  maxEstateValueYuan?: number;
}
