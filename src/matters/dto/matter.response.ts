import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MatterRules } from '../catalogue/types.js';

export class BilingualText {
  @ApiProperty() zh: string;
  @ApiProperty() en: string;
}

export class SelectOptionView {
  @ApiProperty() value: string;
  @ApiProperty() labelZh: string;
  @ApiProperty() labelEn: string;
}

export class FieldConditionView {
  @ApiProperty() field: string;
  @ApiProperty({ type: [String] }) in: readonly string[];
}

export class MatterFieldView {
  @ApiProperty() key: string;
  @ApiProperty() labelZh: string;
  @ApiProperty() labelEn: string;
  @ApiProperty({ enum: ['text', 'date', 'number', 'select'] }) type: 'text' | 'date' | 'number' | 'select';
  @ApiProperty() required: boolean;
  @ApiPropertyOptional({ type: [SelectOptionView] }) options?: readonly SelectOptionView[];
  @ApiPropertyOptional({ enum: ['day', 'month'] }) precision?: 'day' | 'month';
  @ApiProperty({ description: 'Whether the value is printed through the wording' }) inWording: boolean;
  @ApiPropertyOptional({ type: FieldConditionView }) onlyWhen?: FieldConditionView;
  @ApiPropertyOptional() hintZh?: string;
  @ApiProperty() example: string;
}

export class WordingCondition {
  @ApiProperty() field: string;
  @ApiProperty() equals: string;
}

export class WordingVariantView {
  @ApiProperty({ type: WordingCondition }) when: WordingCondition;
  @ApiProperty() template: string;
}

export class MatterView {
  @ApiProperty() code: string;
  @ApiProperty() nameZh: string;
  @ApiProperty() nameEn: string;
  @ApiProperty() description: string;
  @ApiProperty() descriptionEn: string;
  @ApiProperty({ type: [BilingualText] }) requiredMaterials: readonly BilingualText[];
  @ApiProperty() estimatedMinutes: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Remote rules (matters/catalogue/types.ts MatterRules)' })
  rules: MatterRules;
  @ApiProperty({ type: [MatterFieldView] }) fields: readonly MatterFieldView[];
  @ApiProperty() wordingTemplate: string;
  @ApiProperty({ type: [WordingVariantView] }) wordingVariants: readonly WordingVariantView[];
  @ApiProperty() noticeTemplate: string;
}

export class NeverRemoteMatterView {
  @ApiProperty() code: string;
  @ApiProperty() nameZh: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ type: BilingualText }) reason: BilingualText;
}
