import { describe, expect, it } from '@jest/globals';
import { birthDateOf, checkCharacter, genderOf, isValidIdNumber, maskIdNumber, maskPhone, normaliseIdNumber } from './id-number.js';

describe('GB 11643 identity numbers', () => {
  // The standard's own example: 11010519491231002X.
  it('accepts the standard example and computes its check character X', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('accepts a number with a digit check character', () => {
    expect(isValidIdNumber('321181199003070013')).toBe(true);
  });

  it.each([
    ['a wrong check digit', '110105194912310021'],
    ['a lowercase x (normalise first)', '11010519491231002x'],
    ['17 characters', '11010519491231002'],
    ['an impossible date', '110105194902300027'],
    ['letters', '11010519491231ABCD'],
  ])('refuses %s', (_what, id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  it('normalises spaces and a lowercase x', () => {
    expect(normaliseIdNumber(' 110105 19491231 002x ')).toBe('11010519491231002X');
  });

  it('masks all but the first and last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('reads gender from the sequence digit and the birth date', () => {
    expect(genderOf('11010519491231002X')).toBe('女');
    expect(genderOf('321181199003070013')).toBe('男');
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
  });

  it('masks a mobile number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
  });
});
