import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { ValidateBy } from 'class-validator';
import { MemoizedValidation, validationPipe } from './validation.js';

let checks = 0;
/** A check that counts how often it runs. */
const Counted = () =>
  ValidateBy({
    name: 'counted',
    validator: {
      validate: (v) => {
        checks++;
        return typeof v === 'string' && /^[a-z]+$/.test(v);
      },
      defaultMessage: () => 'code must be lower-case letters',
    },
  });

@MemoizedValidation()
class Remembered {
  @Counted() code: string;
}

class Plain {
  @Counted() code: string;
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

describe('the validation pipe with @MemoizedValidation()', () => {
  it('checks an accepted value once and answers it again with a new instance equal to the first', async () => {
    checks = 0;
    const first = await validationPipe.transform({ code: 'abc' }, query(Remembered));
    const again = await validationPipe.transform({ code: 'abc' }, query(Remembered));
    expect(checks).toBe(1);
    expect(again).toBeInstanceOf(Remembered);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('refuses a refused value every time, with the same answer', async () => {
    checks = 0;
    for (let i = 0; i < 2; i++) {
      await expect(validationPipe.transform({ code: 'ABC' }, query(Remembered))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    await expect(validationPipe.transform({ code: 'abc', extra: 'x' }, query(Remembered))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(checks).toBe(3);
  });

  it('checks every time a DTO without it, and a value that is not all strings', async () => {
    checks = 0;
    await validationPipe.transform({ code: 'abc' }, query(Plain));
    await validationPipe.transform({ code: 'abc' }, query(Plain));
    expect(checks).toBe(2);
    await expect(validationPipe.transform({ code: ['abc'] }, query(Remembered))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(validationPipe.transform({ code: ['abc'] }, query(Remembered))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(checks).toBe(4);
  });
});
