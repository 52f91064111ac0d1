import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Bilingual, FieldSpec, MatterCode, MatterDefinition, MatterRules, WordingVariant } from './catalogue/index.js';

/** A matter type as the office runs it: seeded from the catalogue, then adjusted by admins. */
@Entity({ name: 'matters' })
export class Matter {
  @PrimaryColumn('text') code: MatterCode;
  @Column('int', { name: 'sort_order' }) sortOrder: number;
  @Column('text', { name: 'name_zh' }) nameZh: string;
  @Column('text', { name: 'name_en' }) nameEn: string;
  @Column('text') description: string;
  @Column('text', { name: 'description_en' }) descriptionEn: string;
  @Column('jsonb', { name: 'required_materials' }) requiredMaterials: Bilingual[];
  @Column('int', { name: 'estimated_minutes' }) estimatedMinutes: number;
  @Column('boolean') enabled: boolean;
  @Column('jsonb') rules: MatterRules;
  @Column('jsonb') fields: FieldSpec[];
  @Column('text', { name: 'wording_template' }) wordingTemplate: string;
  @Column('jsonb', { name: 'wording_variants' }) wordingVariants: WordingVariant[];
  @Column('text', { name: 'notice_template' }) noticeTemplate: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export function matterView(m: Matter) {
  return {
    code: m.code,
    nameZh: m.nameZh,
    nameEn: m.nameEn,
    description: m.description,
    descriptionEn: m.descriptionEn,
    requiredMaterials: m.requiredMaterials,
    estimatedMinutes: m.estimatedMinutes,
    enabled: m.enabled,
    rules: m.rules,
    fields: m.fields,
    wordingTemplate: m.wordingTemplate,
    wordingVariants: m.wordingVariants,
    noticeTemplate: m.noticeTemplate,
  };
}

/** The stored row as the catalogue's definition type, for rendering wording and notices. */
export function toDefinition(m: Matter): MatterDefinition {
  const { enabled: _enabled, ...def } = matterView(m);
  return def;
}
