import { describe, expect, it } from '@jest/globals';
import { formatCertificateNo } from './numbering.js';

describe('certificate numbers', () => {
  it('follows the (year)prefix证字第N号 form', () => {
    expect(formatCertificateNo(2026, '苏镇丹', 7)).toBe('(2026)苏镇丹证字第7号');
    expect(formatCertificateNo(2027, '苏镇丹', 1234)).toBe('(2027)苏镇丹证字第1234号');
  });
  it('refuses a number that is not a positive integer', () => {
    expect(() => formatCertificateNo(2026, '苏镇丹', 0)).toThrow();
    expect(() => formatCertificateNo(2026, '苏镇丹', 1.5)).toThrow();
  });
});
