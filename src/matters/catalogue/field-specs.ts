import { placeholders } from './template.js';
import { STANDARD_PLACEHOLDERS, type FieldSpec, type MatterRules, type WordingVariant } from './types.js';

export interface SpecProblem {
  field: string;
  problem: string;
}

/** Field keys the remote-handling rules read by name: a matter with the rule must keep the field. */
const RULE_FIELDS: { applies: (r: MatterRules) => boolean; key: string; type: FieldSpec['type'] }[] = [
  { applies: (r) => r.maxEstateValueYuan !== undefined, key: 'estimatedValueYuan', type: 'number' },
  { applies: (r) => !!r.agentMustBeCloseRelativeWhenDisposingProperty, key: 'agentRelation', type: 'select' },
  { applies: (r) => !!r.agentMustBeCloseRelativeWhenDisposingProperty, key: 'disposesOfProperty', type: 'select' },
];

/**
 * Whether a matter's field list, wording and variants fit together, so that an edit can never
 * leave a matter whose certificate cannot be written: keys unique and not shadowing a standard
 * placeholder, select fields with options (and examples among them), conditions naming an
 * existing select field and its values, every placeholder supplied by a standard value or a
 * printed field, every variant keyed on an existing field, and the fields the rules read kept.
 */
export function fieldSpecProblems(m: {
  fields: readonly FieldSpec[];
  wordingTemplate: string;
  wordingVariants: readonly WordingVariant[];
  rules: MatterRules;
}): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const byKey = new Map<string, FieldSpec>();
  m.fields.forEach((f, i) => {
    const at = `fields[${i}]`;
    if (byKey.has(f.key)) problems.push({ field: `${at}.key`, problem: `the key ${f.key} is used twice` });
    if ((STANDARD_PLACEHOLDERS as readonly string[]).includes(f.key))
      problems.push({ field: `${at}.key`, problem: `${f.key} is a standard value every case supplies; choose another key` });
    byKey.set(f.key, f);
    if (f.type === 'select') {
      const values = (f.options ?? []).map((o) => o.value);
      if (values.length === 0) problems.push({ field: `${at}.options`, problem: 'a select field needs at least one option' });
      if (new Set(values).size !== values.length) problems.push({ field: `${at}.options`, problem: 'option values must differ' });
      if (values.length && !values.includes(f.example))
        problems.push({ field: `${at}.example`, problem: 'the example must be one of the options' });
    } else if (f.options?.length) {
      problems.push({ field: `${at}.options`, problem: 'only select fields have options' });
    }
    if (f.precision !== undefined && f.type !== 'date')
      problems.push({ field: `${at}.precision`, problem: 'only date fields have a precision' });
  });
  m.fields.forEach((f, i) => {
    if (!f.onlyWhen) return;
    const on = byKey.get(f.onlyWhen.field);
    if (!on || on.type !== 'select' || on === f) {
      problems.push({ field: `fields[${i}].onlyWhen.field`, problem: `${f.onlyWhen.field} is not another select field of this matter` });
      return;
    }
    const values = new Set((on.options ?? []).map((o) => o.value));
    const unknown = f.onlyWhen.in.filter((v) => !values.has(v));
    if (unknown.length)
      problems.push({ field: `fields[${i}].onlyWhen.in`, problem: `${unknown.join(', ')} is not an option of ${on.key}` });
  });
  const supplied = new Set<string>([...STANDARD_PLACEHOLDERS, ...m.fields.filter((f) => f.inWording).map((f) => f.key)]);
  const templates: [string, string][] = [
    ['wordingTemplate', m.wordingTemplate],
    ...m.wordingVariants.map((v, i): [string, string] => [`wordingVariants[${i}].template`, v.template]),
  ];
  for (const [field, template] of templates) {
    const missing = placeholders(template).filter((p) => !supplied.has(p));
    if (missing.length)
      problems.push({
        field,
        problem: `no printed field supplies ${missing.map((p) => `{{${p}}}`).join(', ')} (add the field or mark it inWording)`,
      });
  }
  m.wordingVariants.forEach((v, i) => {
    const on = byKey.get(v.when.field);
    if (!on)
      problems.push({
        field: `wordingVariants[${i}].when.field`,
        problem: `the variant is chosen by ${v.when.field}, which is no longer a field`,
      });
    else if (on.type === 'select' && !(on.options ?? []).some((o) => o.value === v.when.equals))
      problems.push({ field: `wordingVariants[${i}].when.equals`, problem: `${v.when.equals} is not an option of ${on.key}` });
  });
  for (const r of RULE_FIELDS) {
    if (!r.applies(m.rules)) continue;
    const f = byKey.get(r.key);
    if (!f || f.type !== r.type)
      problems.push({ field: 'fields', problem: `the remote-handling rules read the ${r.type} field ${r.key}: keep it` });
  }
  return problems;
}
