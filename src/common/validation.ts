import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { badRequest } from './errors.js';
import { findInputProblem } from './input-guard.js';

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

const CHECKED = new Set<ArgumentMetadata['type']>(['body', 'query', 'param']);

/**
 * The global pipe: the input guard (nesting depth, NUL, unpaired surrogates, unsafe numbers)
 * runs on the raw value before class-transformer, and on the transformed value for numbers
 * that only exist after conversion (`?after=1e308`).
 */
class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (!CHECKED.has(metadata.type)) return super.transform(value, metadata);
    refuse(findInputProblem(value, metadata.type === 'body' ? '' : (metadata.data ?? '')));
    const out: unknown = await super.transform(value, metadata);
    refuse(findInputProblem(out, metadata.type === 'body' ? '' : (metadata.data ?? '')));
    return out;
  }
}

function refuse(p: { field: string; problem: string } | null): void {
  if (!p) return;
  const field = p.field || '(body)';
  throw badRequest('VALIDATION_FAILED', `Invalid request. ${field}: ${p.problem}`, [{ field, problems: [p.problem] }]);
}

/** Every body, query and param is validated; unknown fields are refused, not dropped. */
export const validationPipe = new GuardedValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => {
    const details = flatten(errors);
    const summary = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
    return badRequest('VALIDATION_FAILED', `Invalid request. ${summary}`, details);
  },
});
