import { Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { badRequest } from './errors.js';

/** A body that is one object or a list of them, each validated like any DTO (unknown fields refused). */
@Injectable()
export class OneOrManyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly type: Type<T>,
    private readonly max = 1000,
  ) {}

  async transform(body: unknown): Promise<T[]> {
    const items = Array.isArray(body) ? body : [body];
    if (items.length > this.max) throw badRequest('VALIDATION_FAILED', `At most ${this.max} items in one request.`);
    const details: { field: string; problems: string[] }[] = [];
    const out: T[] = [];
    for (const [i, item] of items.entries()) {
      if (typeof item !== 'object' || item === null) {
        details.push({ field: Array.isArray(body) ? `[${i}]` : '(body)', problems: ['must be an object'] });
        continue;
      }
      const instance = plainToInstance(this.type, item);
      const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
      for (const e of errors) {
        details.push({ field: Array.isArray(body) ? `[${i}].${e.property}` : e.property, problems: Object.values(e.constraints ?? {}) });
      }
      out.push(instance);
    }
    if (details.length) {
      throw badRequest(
        'VALIDATION_FAILED',
        `Invalid request. ${details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ')}`,
        details,
      );
    }
    return out;
  }
}
