import { describe, expect, it } from '@jest/globals';
import { MATTER_CATALOGUE } from './catalogue.js';
import { fieldSpecProblems } from './field-specs.js';
import type { MatterDefinition } from './types.js';

const of = (d: MatterDefinition) => ({ ...d, wordingVariants: d.wordingVariants ?? [] });
const find = (code: string) => of(MATTER_CATALOGUE.find((d) => d.code === code)!);

describe('matter field specs', () => {
  it.each(MATTER_CATALOGUE.map((d) => [d.code, d] as const))('finds nothing wrong with the shipped %s', (_, d) => {
    expect(fieldSpecProblems(of(d))).toEqual([]);
  });

  it('refuses a wording placeholder no printed field supplies, naming the template', () => {
    const d = find('declaration');
    const fields = d.fields.map((f) => (f.key === 'documentTitle' ? { ...f, inWording: false } : f));
    expect(fieldSpecProblems({ ...d, fields })).toEqual([
      { field: 'wordingTemplate', problem: expect.stringContaining('{{documentTitle}}') },
    ]);
  });

  it('refuses duplicate keys, a standard key, a select without options and an option-less example', () => {
    const d = find('declaration');
    const [first] = d.fields;
    const problems = fieldSpecProblems({
      ...d,
      fields: [...d.fields, first, { ...first, key: 'applicantName' }, { ...first, key: 'kind', type: 'select', options: [] }],
    });
    expect(problems.map((p) => p.field)).toEqual([
      `fields[${d.fields.length}].key`,
      `fields[${d.fields.length + 1}].key`,
      `fields[${d.fields.length + 2}].options`,
    ]);
  });

  it('keeps the fields the remote-handling rules read', () => {
    const d = find('small_inheritance');
    const problems = fieldSpecProblems({ ...d, fields: d.fields.filter((f) => f.key !== 'estimatedValueYuan') });
    expect(problems).toContainEqual({ field: 'fields', problem: expect.stringContaining('estimatedValueYuan') });
  });

  it('refuses a condition on a field that is not a select of the matter', () => {
    const d = find('declaration');
    const fields = d.fields.map((f, i) => (i === 1 ? { ...f, onlyWhen: { field: 'nope', in: ['x'] } } : f));
    expect(fieldSpecProblems({ ...d, fields })).toEqual([{ field: 'fields[1].onlyWhen.field', problem: expect.any(String) }]);
  });
});
