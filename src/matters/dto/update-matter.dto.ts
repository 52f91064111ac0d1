import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsPrintableText } from '../../common/printable-validator.js';

export class BilingualDto {
  @IsString() @Length(1, 200) zh: string;
  @IsString() @Length(1, 200) en: string;
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

  @ApiPropertyOptional({ description: 'small inheritance only: the ceiling on the declared estate value, yuan' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  maxEstateValueYuan?: number;
}
