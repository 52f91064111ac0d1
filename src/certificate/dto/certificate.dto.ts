import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { HasPrintableValues, IsPrintableText } from '../../common/printable-validator.js';
import { CORRECTABLE_FIELDS, type CorrectableField } from '../corrections.js';

export class MatterFieldsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {
      documentTitle: '放弃继承权声明书',
      declarationSummary: '自愿放弃对父亲张某某遗产的继承权',
      signingMethod: '以电子签名方式签名',
    },
  })
  @IsObject()
  @HasPrintableValues()
  fields: Record<string, string>;
}

export class ApproveDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'matter-specific values for the wording; defaults to those set with PUT matter-fields',
  })
  @IsOptional()
  @IsObject()
  @HasPrintableValues()
  fields?: Record<string, string>;
}

export class RevokeDto {
  @ApiProperty({ example: '申请人提供虚假材料' }) @IsString() @Length(1, 500) reason: string;
}

export class VerifyPageQuery {
  @IsOptional() @IsIn(['zh', 'en'], { message: 'lang must be zh or en' }) lang?: 'zh' | 'en';
}

export class CertificateIdParam {
  @IsUUID(undefined, { message: 'id must be a UUID' }) id: string;
}

export class CorrectionDto {
  @ApiProperty({ enum: CORRECTABLE_FIELDS, description: 'the printed value to replace' })
  @IsIn(CORRECTABLE_FIELDS)
  field: CorrectableField;

  @ApiProperty({ example: '2号终端', description: 'the value to print instead', maxLength: 300 })
  @IsString()
  @Length(1, 300)
  @Matches(/\S/, { message: 'value must not be blank' })
  @IsPrintableText()
  value: string;

  @ApiProperty({ example: '终端名称含证书字体无法打印的字符（表情符号），按登记信息更正', maxLength: 500 })
  @IsString()
  @Length(4, 500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
