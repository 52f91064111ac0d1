import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest } from './errors.js';

interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Every body, query and param is validated; unknown fields are refused, not dropped. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    const summary = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
    return badRequest('VALIDATION_FAILED', `Invalid request. ${summary}`, details);
  },
});
