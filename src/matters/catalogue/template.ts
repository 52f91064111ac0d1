import { badRequest, unprocessable } from '../../common/errors.js';
import { formatDateZh, parseCalendarDate } from '../../common/chinese-date.js';
import { CLOSE_RELATIVES, type Bilingual, type FieldSpec, type MatterDefinition, type StandardValues } from './types.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Placeholder keys in order of first appearance, each once. */
export function placeholders(template: string): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(PLACEHOLDER)) seen.add(m[1]);
  return [...seen];
}

export class TemplateValuesMissingError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`Template values missing: ${missing.join(', ')}`);
    this.name = 'TemplateValuesMissingError';
  }
}

/**
 * Replaces every `{{key}}`. A blank value counts as missing: a gap in a certificate is never
 * what anyone meant. Values are inserted in one pass and never rescanned, so a value that
 * itself contains braces cannot pull in another value.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  const missing = placeholders(template).filter((key) => present(values, key) === undefined);
  if (missing.length > 0) throw new TemplateValuesMissingError(missing);
  return template.replace(PLACEHOLDER, (_match, key: string) => values[key]);
}

/** The value under an own key, trimmed, or undefined when absent or blank. */
function present(values: Record<string, string>, key: string): string | undefined {
  // Object.hasOwn: a key such as `constructor` must not be found on the prototype.
  if (!Object.hasOwn(values, key)) return undefined;
  const value = values[key];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export type FieldProblemCode =
  | 'UNKNOWN_FIELD'
  | 'REQUIRED'
  | 'INVALID_TEXT'
  | 'INVALID_DATE'
  | 'INVALID_NUMBER'
  | 'NOT_AN_OPTION'
  | 'ESTATE_VALUE_ABOVE_CEILING'
  | 'AGENT_NOT_CLOSE_RELATIVE';

export interface FieldProblem {
  field: string;
  problem: FieldProblemCode;
}

/** Problems that are remote-handling rules rather than malformed input. */
export const RULE_PROBLEMS: ReadonlySet<FieldProblemCode> = new Set(['ESTATE_VALUE_ABOVE_CEILING', 'AGENT_NOT_CLOSE_RELATIVE']);

export const FIELD_PROBLEM_MESSAGES: Readonly<Record<FieldProblemCode, Bilingual>> = {
  UNKNOWN_FIELD: { zh: '该事项没有此项内容。', en: 'This matter has no such field.' },
  REQUIRED: { zh: '此项为必填项。', en: 'This field is required.' },
  INVALID_TEXT: {
    zh: '内容不得包含换行、控制字符或者双花括号。',
    en: 'Text may not contain line breaks, control characters or double braces.',
  },
  INVALID_DATE: { zh: '日期不存在或者格式不正确。', en: 'The date does not exist or is not in the expected format.' },
  INVALID_NUMBER: { zh: '请填写不带分隔符的非负数字。', en: 'Enter a non-negative number without separators.' },
  NOT_AN_OPTION: { zh: '请从给定选项中选择。', en: 'Choose one of the given options.' },
  ESTATE_VALUE_ABOVE_CEILING: {
    zh: '遗产价值超过远程办理的上限，请到公证机构办理。',
    en: 'The estate exceeds the ceiling for remote handling; please attend the notary office.',
  },
  AGENT_NOT_CLOSE_RELATIVE: {
    zh: '委托处分财产的，受托人须为委托人的近亲属；否则请到公证机构办理。',
    en: 'To dispose of property through an agent remotely, the agent must be a close relative; otherwise please attend the notary office.',
  },
};

export interface MatterValidationOptions {
  /** The office's own ceiling for remote small inheritance, overriding the catalogue default. */
  maxEstateValueYuan?: number;
}

export function isApplicable(field: FieldSpec, values: Record<string, string>): boolean {
  if (!field.onlyWhen) return true;
  const driver = present(values, field.onlyWhen.field);
  return driver !== undefined && field.onlyWhen.in.includes(driver);
}

export function applicableFields(def: MatterDefinition, values: Record<string, string>): FieldSpec[] {
  return def.fields.filter((f) => isApplicable(f, values));
}

/** The wording for these values: the first variant whose condition holds, else the default. */
export function wordingFor(def: MatterDefinition, values: Record<string, string>): string {
  const variant = def.wordingVariants?.find((v) => present(values, v.when.field) === v.when.equals);
  return variant ? variant.template : def.wordingTemplate;
}

const NUMBER = /^(0|[1-9]\d*)(\.\d+)?$/;
// Line breaks would split a certificate paragraph; braces would look like an unfilled placeholder.
const BAD_TEXT = /[\u0000-\u001f\u007f\u2028\u2029]|\{\{|\}\}/;

function typeProblem(field: FieldSpec, value: string): FieldProblemCode | null {
  switch (field.type) {
    case 'text':
      return BAD_TEXT.test(value) ? 'INVALID_TEXT' : null;
    case 'date':
      return parseCalendarDate(value, field.precision ?? 'day') ? null : 'INVALID_DATE';
    case 'number':
      return NUMBER.test(value) ? null : 'INVALID_NUMBER';
    case 'select':
      return field.options?.some((o) => o.value === value) ? null : 'NOT_AN_OPTION';
  }
}

/**
 * Checks the matter-specific values: unknown keys, required fields (only those that apply to
 * the chosen variant), types and options, then the remote-handling rules. Values of fields
 * that do not apply (say, a spouse's name when 未婚 is chosen) are ignored, not refused, so
 * that a form switching between variants need not clear them.
 */
export function validateMatterFields(
  def: MatterDefinition,
  values: Record<string, string>,
  options: MatterValidationOptions = {},
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(def.fields.map((f) => f.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push({ field: key, problem: 'UNKNOWN_FIELD' });
  }
  for (const field of applicableFields(def, values)) {
    const value = present(values, field.key);
    if (value === undefined) {
      if (field.required) problems.push({ field: field.key, problem: 'REQUIRED' });
      continue;
    }
    const problem = typeProblem(field, value);
    if (problem) problems.push({ field: field.key, problem });
  }

  // A rule is judged only on a well-formed value; a malformed one is already reported.
  const flagged = new Set(problems.map((p) => p.field));

  if (def.rules.maxEstateValueYuan !== undefined && !flagged.has('estimatedValueYuan')) {
    const ceiling = options.maxEstateValueYuan ?? def.rules.maxEstateValueYuan;
    const value = present(values, 'estimatedValueYuan');
    if (value !== undefined && Number(value) > ceiling) {
      problems.push({ field: 'estimatedValueYuan', problem: 'ESTATE_VALUE_ABOVE_CEILING' });
    }
  }

  if (
    def.rules.agentMustBeCloseRelativeWhenDisposingProperty &&
    present(values, 'disposesOfProperty') === 'yes' &&
    !flagged.has('agentRelation')
  ) {
    const relation = present(values, 'agentRelation');
    if (relation !== undefined && !(CLOSE_RELATIVES as readonly string[]).includes(relation)) {
      problems.push({ field: 'agentRelation', problem: 'AGENT_NOT_CLOSE_RELATIVE' });
    }
  }
  return problems;
}

/**
 * The certificate wording for one case: validates the values, picks the variant, writes dates
 * the way certificates do (二〇一四年七月一日) and fills the template. Malformed input is a 400;
 * input that is well-formed but breaks a remote-handling rule is a 422.
 */
export function renderWording(
  def: MatterDefinition,
  standard: StandardValues,
  values: Record<string, string>,
  options: MatterValidationOptions = {},
): string {
  const problems = validateMatterFields(def, values, options);
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    const onlyRules = problems.every((p) => RULE_PROBLEMS.has(p.problem));
    throw onlyRules
      ? unprocessable('MATTER_RULE_VIOLATED', `This case cannot be handled remotely. ${summary}`, problems)
      : badRequest('MATTER_FIELDS_INVALID', `Invalid matter fields. ${summary}`, problems);
  }
  const filled: Record<string, string> = { ...standard };
  for (const field of applicableFields(def, values)) {
    const value = present(values, field.key);
    if (!field.inWording || value === undefined) continue;
    filled[field.key] = field.type === 'date' ? formatDateZh(value, field.precision ?? 'day') : value;
  }
  return fillTemplate(wordingFor(def, values), filled);
}
