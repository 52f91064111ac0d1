import { describe, expect, it } from '@jest/globals';
import { normalisePersonName, personNameProblem, sameName } from './person-name.js';

describe('person names', () => {
  it('normalises to NFC and collapses white space', () => {
    expect(normalisePersonName('  Jose\u0301   Martí ')).toBe('José Martí');
    expect(sameName('王堃', ' 王堃\u3000')).toBe(true);
    expect(sameName('Jose\u0301', 'José')).toBe(true);
    expect(sameName('王堃', '王坤')).toBe(false);
  });

  it.each([['王堃'], ['阿卜杜·热合曼'], ["Mary-Jane O'Neil"], ['Nguyễn Thị Minh Khai']])('accepts %s', (name) => {
    expect(personNameProblem(normalisePersonName(name))).toBeUndefined();
  });

  it.each([
    ['an RTL override', '王\u202e堃'],
    ['a bidi isolate', '王\u2067堃'],
    ['a newline with a template', '王\n{{x}}'],
    ['a zero-width joiner', '王\u200d堃'],
    ['39 combining marks', `a${'\u0301'.repeat(39)}`],
    ['a template alone', '{{x}}'],
    ['nothing but marks', '\u0301'],
  ])('refuses %s', (_what, name) => {
    expect(personNameProblem(normalisePersonName(name))).toEqual(expect.any(String));
  });
});
