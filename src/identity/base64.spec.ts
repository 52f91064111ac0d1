import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isBase64Text } from './base64.js';

const REFERENCE = /^[A-Za-z0-9+/]*={0,2}$/;

describe('isBase64Text', () => {
  it('accepts what the base64 pattern accepts, and nothing else', () => {
    for (const text of [
      '',
      'QQ==',
      'QUI=',
      'QUJD',
      'ab+/',
      'A===',
      '====',
      'QQ=A',
      '=QQQ',
      'Q Q=',
      'QQ\n=',
      'QQ==\n',
      'QQ-_',
      'QQé=',
      'QQ\u{1F600}',
    ])
      expect([text, isBase64Text(text)]).toEqual([text, REFERENCE.test(text)]);
    const chars = fc.constantFrom(...'ABZabz09+/=-_ \n\u00e9\u4e2d\ud83d'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (cs) => {
        const text = cs.join('');
        expect(isBase64Text(text)).toBe(REFERENCE.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts real base64 of any length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(isBase64Text(Buffer.from(bytes).toString('base64'))).toBe(true);
      }),
    );
  });
});
