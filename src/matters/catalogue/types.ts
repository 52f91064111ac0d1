/**
 * The shape of a remote-eligible matter type (公证事项). Content lives in catalogue.ts;
 * the functions that read it live in template.ts.
 */

/** Stable machine codes, in the order the catalogue lists the 17 remote-eligible matters. */
export const MATTER_CODES = [
  'declaration',
  'entrustment',
  'small_inheritance',
  'marital_status',
  'nationality',
  'name',
  'birth',
  'death',
  'kinship',
  'no_criminal_record',
  'experience',
  'education',
  'degree',
  'driving_licence',
  'other_licence',
  'signature_seal',
  'copy_conforms',
] as const;

export type MatterCode = (typeof MATTER_CODES)[number];

/**
 * Placeholders that every wording may use without declaring a field: the session and
 * identity modules supply them for every case. Dates arrive already written the way a
 * certificate writes them (二〇二六年三月一日).
 * - sessionDateZh: the day the applicant appeared by video, which may precede the issue date;
 * - pointName: the township point's full name, because the 2011 certificate formats require
 *   a place outside the notary office to be stated as it was (办证地点据实表述).
 */
export const STANDARD_PLACEHOLDERS = [
  'applicantName',
  'gender',
  'birthDateZh',
  'idNumber',
  'issueDateZh',
  'sessionDateZh',
  'pointName',
] as const;

export type StandardPlaceholder = (typeof STANDARD_PLACEHOLDERS)[number];
export type StandardValues = Record<StandardPlaceholder, string>;

/**
 * 近亲属 as the Civil Code defines them (民法典 第一千零四十五条). An agent outside this list may
 * not be given power over the principal's property through a remote session.
 */
export const CLOSE_RELATIVES = ['配偶', '父母', '子女', '兄弟姐妹', '祖父母', '外祖父母', '孙子女', '外孙子女'] as const;

/**
 * Ceiling on the declared estate value for remote small-value inheritance. This is the
 * service's configurable default, not a statutory figure: each notary office may set its own
 * (pass `maxEstateValueYuan` to validateMatterFields).
 */
export const DEFAULT_MAX_ESTATE_VALUE_YUAN = 500_000;

export interface Bilingual {
  zh: string;
  en: string;
}

export type FieldType = 'text' | 'date' | 'number' | 'select';

export interface SelectOption {
  /** What is stored and, for fields in the wording, what is printed on the certificate. */
  value: string;
  labelZh: string;
  labelEn: string;
}

/** A field that exists only when another (select) field holds one of the given values. */
export interface FieldCondition {
  field: string;
  in: readonly string[];
}

export interface FieldSpec {
  key: string;
  labelZh: string;
  labelEn: string;
  type: FieldType;
  required: boolean;
  options?: readonly SelectOption[];
  /** Dates only. `month` takes `YYYY-MM` and prints 二〇一四年七月, as study and work periods are written. */
  precision?: 'day' | 'month';
  /**
   * Whether the value is printed through the wording. Fields that are not (agent's name for
   * an entrustment, the estate's value) are still needed: the notary reviews them and the
   * remote rules are checked against them.
   */
  inWording: boolean;
  onlyWhen?: FieldCondition;
  /** Guidance shown under the input: what to write and how. */
  hintZh?: string;
  /** A realistic value; used for previews and by the tests that render every wording. */
  example: string;
}

/** A wording used instead of the default when a select field holds a given value. */
export interface WordingVariant {
  when: { field: string; equals: string };
  template: string;
}

export interface MatterRules {
  remoteAllowed: true;
  /** The applicant appears personally at the point; nobody may stand in for them by video. */
  applicantMustBeInPerson: true;
  /** Small inheritance only. Configurable default, see DEFAULT_MAX_ESTATE_VALUE_YUAN. */
  maxEstateValueYuan?: number;
  /** Entrustment only: property may be placed in an agent's hands remotely only if the agent is a close relative. */
  agentMustBeCloseRelativeWhenDisposingProperty?: boolean;
  /** The certificate is typically used abroad (translation and legalisation may follow). */
  foreignUse?: boolean;
  notes: readonly Bilingual[];
}

export interface MatterDefinition {
  code: MatterCode;
  nameZh: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
  /** The applicant's identity document is always first. */
  requiredMaterials: readonly Bilingual[];
  estimatedMinutes: number;
  rules: MatterRules;
  /** The certificate wording (证词). Paragraphs are separated by `\n`. */
  wordingTemplate: string;
  wordingVariants?: readonly WordingVariant[];
  /** The notice of rights and duties (权责告知) read to the applicant before anything is signed. */
  noticeTemplate: string;
  fields: readonly FieldSpec[];
}

/** A matter that is refused at a remote point, with the reason the API gives. */
export interface NeverRemoteMatter {
  code: string;
  nameZh: string;
  nameEn: string;
  reason: Bilingual;
}
