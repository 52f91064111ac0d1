import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';

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
