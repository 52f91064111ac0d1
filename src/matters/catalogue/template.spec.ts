import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors.js';
import { findMatter } from './catalogue.js';
import { formatDateZh, parseCalendarDate } from '../../common/chinese-date.js';
import {
  FIELD_PROBLEM_MESSAGES,
  TemplateValuesMissingError,
  fillTemplate,
  placeholders,
  renderWording,
  validateMatterFields,
  wordingFor,
} from './template.js';
import type { MatterDefinition, StandardValues } from './types.js';

function matter(code: string): MatterDefinition {
  const def = findMatter(code);
  if (!def) throw new Error(`no matter ${code}`);
  return def;
}

function examples(def: MatterDefinition, overrides: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(def.fields.map((f) => [f.key, f.example])), ...overrides };
}

function without(values: Record<string, string>, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !keys.includes(k)));
}

const STANDARD: StandardValues = {
  applicantName: '李华',
  gender: '女',
  birthDateZh: '一九八五年十一月二日',
  idNumber: '32011519851102002X',
  issueDateZh: '二〇二五年三月三日',
  sessionDateZh: '二〇二五年三月一日',
  pointName: '江苏省镇江市丹阳市司徒镇远程公证服务点',
};

describe('placeholders', () => {
  it('lists each key once, in order of first appearance', () => {
    expect(placeholders('{{b}}与{{a}}，{{b}}')).toEqual(['b', 'a']);
  });

  it('tolerates inner spaces and ignores what is not a key', () => {
    expect(placeholders('{{ name }} {{1x}} {{}} {single} {{a-b}}')).toEqual(['name']);
  });

  it('finds nothing in plain text', () => {
    expect(placeholders('兹证明前面的复印件与原件相符。')).toEqual([]);
  });
});

describe('fillTemplate', () => {
  it('replaces every occurrence', () => {
    expect(fillTemplate('{{n}}（{{g}}）……{{n}}的', { n: '张明', g: '男' })).toBe('张明（男）……张明的');
  });

  it('reports every missing key at once', () => {
    let caught: unknown;
    try {
      fillTemplate('{{a}}{{b}}{{c}}{{a}}', { b: 'x' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TemplateValuesMissingError);
    const err = caught as TemplateValuesMissingError;
    expect(err.missing).toEqual(['a', 'c']);
    expect(err.message).toContain('a');
    expect(err.message).toContain('c');
  });

  it('treats a blank value as missing', () => {
    expect(() => fillTemplate('{{a}}', { a: '  ' })).toThrow(TemplateValuesMissingError);
  });

  it('does not find keys on the object prototype', () => {
    expect(() => fillTemplate('{{constructor}}', {})).toThrow(/constructor/);
  });

  it('does not expand placeholders that appear inside values', () => {
    expect(fillTemplate('{{a}}', { a: '{{b}}', b: 'no' })).toBe('{{b}}');
  });

  it('leaves extra values unused', () => {
    expect(fillTemplate('兹证明{{a}}', { a: '甲', z: '乙' })).toBe('兹证明甲');
  });
});

describe('validateMatterFields', () => {
  const entrustment = matter('entrustment');
  const inheritance = matter('small_inheritance');
  const marital = matter('marital_status');

  it('reports a missing required field', () => {
    expect(validateMatterFields(entrustment, without(examples(entrustment), 'agentName'))).toEqual([
      { field: 'agentName', problem: 'REQUIRED' },
    ]);
    expect(validateMatterFields(entrustment, examples(entrustment, { scope: '   ' }))).toEqual([{ field: 'scope', problem: 'REQUIRED' }]);
  });

  it('reports a field the matter does not have', () => {
    expect(validateMatterFields(entrustment, examples(entrustment, { estateValue: '1' }))).toEqual([
      { field: 'estateValue', problem: 'UNKNOWN_FIELD' },
    ]);
  });

  it('checks selects against their options', () => {
    expect(validateMatterFields(entrustment, examples(entrustment, { signingMethod: '口头同意' }))).toEqual([
      { field: 'signingMethod', problem: 'NOT_AN_OPTION' },
    ]);
  });

  it('checks that dates exist, at the field’s precision', () => {
    const death = matter('death');
    expect(validateMatterFields(death, examples(death, { deathDate: '2023-02-29' }))).toEqual([
      { field: 'deathDate', problem: 'INVALID_DATE' },
    ]);
    expect(validateMatterFields(death, examples(death, { deathDate: '2024-02-29' }))).toEqual([]);
    expect(validateMatterFields(death, examples(death, { deathDate: '2024/02/01' }))).toEqual([
      { field: 'deathDate', problem: 'INVALID_DATE' },
    ]);
    const education = matter('education');
    expect(validateMatterFields(education, examples(education, { studyFrom: '2010-09-01' }))).toEqual([
      { field: 'studyFrom', problem: 'INVALID_DATE' },
    ]);
    expect(validateMatterFields(education, examples(education, { studyTo: '2014-13' }))).toEqual([
      { field: 'studyTo', problem: 'INVALID_DATE' },
    ]);
  });

  it('checks numbers', () => {
    for (const bad of ['8万', '-1', '1,000', '1e5', '']) {
      const problems = validateMatterFields(inheritance, examples(inheritance, { estimatedValueYuan: bad }));
      expect(problems).toEqual([{ field: 'estimatedValueYuan', problem: bad === '' ? 'REQUIRED' : 'INVALID_NUMBER' }]);
    }
  });

  it('refuses line breaks and braces in text that would reach the certificate', () => {
    expect(validateMatterFields(inheritance, examples(inheritance, { inheritors: '张明\n李华' }))).toEqual([
      { field: 'inheritors', problem: 'INVALID_TEXT' },
    ]);
    expect(validateMatterFields(inheritance, examples(inheritance, { inheritors: '{{applicantName}}' }))).toEqual([
      { field: 'inheritors', problem: 'INVALID_TEXT' },
    ]);
  });

  describe('estate ceiling for small inheritance', () => {
    it('refuses an estate above the default ceiling', () => {
      expect(validateMatterFields(inheritance, examples(inheritance, { estimatedValueYuan: '500000.01' }))).toEqual([
        { field: 'estimatedValueYuan', problem: 'ESTATE_VALUE_ABOVE_CEILING' },
      ]);
    });

    it('accepts an estate exactly at the ceiling', () => {
      expect(validateMatterFields(inheritance, examples(inheritance, { estimatedValueYuan: '500000' }))).toEqual([]);
    });

    it('applies the office’s own ceiling when given', () => {
      const values = examples(inheritance, { estimatedValueYuan: '120000' });
      expect(validateMatterFields(inheritance, values, { maxEstateValueYuan: 100_000 })).toEqual([
        { field: 'estimatedValueYuan', problem: 'ESTATE_VALUE_ABOVE_CEILING' },
      ]);
      expect(validateMatterFields(inheritance, values, { maxEstateValueYuan: 200_000 })).toEqual([]);
    });

    it('judges a malformed value as malformed, not as too large', () => {
      expect(validateMatterFields(inheritance, examples(inheritance, { estimatedValueYuan: '900,000' }))).toEqual([
        { field: 'estimatedValueYuan', problem: 'INVALID_NUMBER' },
      ]);
    });

    it('does not apply to matters without a ceiling', () => {
      expect(validateMatterFields(entrustment, examples(entrustment), { maxEstateValueYuan: 1 })).toEqual([]);
    });
  });

  describe('agent of an entrustment that disposes of property', () => {
    it('must be a close relative', () => {
      for (const relation of ['非亲属', '其他亲属']) {
        expect(validateMatterFields(entrustment, examples(entrustment, { disposesOfProperty: 'yes', agentRelation: relation }))).toEqual([
          { field: 'agentRelation', problem: 'AGENT_NOT_CLOSE_RELATIVE' },
        ]);
      }
    });

    it('may be any close relative', () => {
      for (const relation of ['配偶', '父母', '子女', '兄弟姐妹', '祖父母', '外祖父母', '孙子女', '外孙子女']) {
        expect(validateMatterFields(entrustment, examples(entrustment, { disposesOfProperty: 'yes', agentRelation: relation }))).toEqual(
          [],
        );
      }
    });

    it('may be anyone when no property is disposed of', () => {
      expect(validateMatterFields(entrustment, examples(entrustment, { disposesOfProperty: 'no', agentRelation: '非亲属' }))).toEqual([]);
    });

    it('is reported as not an option, not as a rule breach, when the relation is unknown', () => {
      expect(validateMatterFields(entrustment, examples(entrustment, { disposesOfProperty: 'yes', agentRelation: '朋友' }))).toEqual([
        { field: 'agentRelation', problem: 'NOT_AN_OPTION' },
      ]);
    });
  });

  describe('fields that depend on a choice', () => {
    it('require only what the chosen marital status needs', () => {
      expect(validateMatterFields(marital, { maritalStatus: '未婚', asOfDate: '2025-03-01' })).toEqual([]);
      expect(validateMatterFields(marital, { maritalStatus: '已婚' })).toEqual([
        { field: 'spouseName', problem: 'REQUIRED' },
        { field: 'eventDate', problem: 'REQUIRED' },
        { field: 'registryName', problem: 'REQUIRED' },
      ]);
      expect(validateMatterFields(marital, { maritalStatus: '离婚' }).map((p) => p.field)).toEqual([
        'asOfDate',
        'spouseName',
        'eventDate',
        'divorceAuthority',
        'divorceMode',
      ]);
    });

    it('ignore values of fields that do not apply', () => {
      expect(
        validateMatterFields(marital, { maritalStatus: '未婚', asOfDate: '2025-03-01', spouseName: '王芳', eventDate: 'bad' }),
      ).toEqual([]);
    });

    it('require the waiving heirs only when someone waives', () => {
      expect(validateMatterFields(inheritance, without(examples(inheritance, { hasWaiver: 'no' }), 'waivingHeirs'))).toEqual([]);
      expect(validateMatterFields(inheritance, without(examples(inheritance, { hasWaiver: 'yes' }), 'waivingHeirs'))).toEqual([
        { field: 'waivingHeirs', problem: 'REQUIRED' },
      ]);
    });
  });

  it('has a bilingual message for every problem code', () => {
    for (const message of Object.values(FIELD_PROBLEM_MESSAGES)) {
      expect(message.zh.trim()).not.toBe('');
      expect(message.en.trim()).not.toBe('');
    }
  });
});

describe('wordingFor and renderWording', () => {
  it('picks the variant for the chosen value and the default otherwise', () => {
    const licence = matter('driving_licence');
    expect(wordingFor(licence, { validityKind: '长期' })).toContain('有效期限为长期');
    expect(wordingFor(licence, { validityKind: '有期限' })).toBe(licence.wordingTemplate);
    expect(wordingFor(licence, {})).toBe(licence.wordingTemplate);
  });

  it('writes entered dates the way a certificate does', () => {
    const education = matter('education');
    expect(renderWording(education, STANDARD, examples(education))).toBe(
      '兹证明李华（女，一九八五年十一月二日出生，公民身份号码：32011519851102002X）于二〇一〇年九月至二〇一四年七月在南京农业大学农业机械化及其自动化专业本科学习，二〇一四年七月毕业。',
    );
  });

  it('refuses malformed input with a 400 that lists the problems', () => {
    const death = matter('death');
    let caught: unknown;
    try {
      renderWording(death, STANDARD, examples(death, { deathDate: '2023-02-30' }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const err = caught as DomainError;
    expect(err.status).toBe(400);
    expect(err.code).toBe('MATTER_FIELDS_INVALID');
    expect(err.details).toEqual([{ field: 'deathDate', problem: 'INVALID_DATE' }]);
  });

  it('refuses a rule breach with a 422', () => {
    const inheritance = matter('small_inheritance');
    let caught: unknown;
    try {
      renderWording(inheritance, STANDARD, examples(inheritance, { estimatedValueYuan: '800000' }));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).status).toBe(422);
    expect((caught as DomainError).code).toBe('MATTER_RULE_VIOLATED');
  });

  it('reports a missing standard value', () => {
    const nationality = matter('nationality');
    expect(() => renderWording(nationality, { ...STANDARD, idNumber: '' }, {})).toThrow(TemplateValuesMissingError);
  });
});

describe('dates in Chinese numerals', () => {
  it.each([
    ['2014-07-01', 'day', '二〇一四年七月一日'],
    ['2000-10-20', 'day', '二〇〇〇年十月二十日'],
    ['2021-12-31', 'day', '二〇二一年十二月三十一日'],
    ['1999-11-11', 'day', '一九九九年十一月十一日'],
    ['2014-07', 'month', '二〇一四年七月'],
  ] as const)('%s (%s) → %s', (value, precision, expected) => {
    expect(formatDateZh(value, precision)).toBe(expected);
  });

  it('refuses dates that do not exist or are not in the expected form', () => {
    for (const bad of ['2023-02-29', '2024-04-31', '2024-00-10', '24-01-01', '2024-1-1']) {
      expect(parseCalendarDate(bad)).toBeNull();
      expect(() => formatDateZh(bad)).toThrow(RangeError);
    }
    expect(parseCalendarDate('2024-07-01', 'month')).toBeNull();
  });
});
