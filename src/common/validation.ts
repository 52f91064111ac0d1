import {
  Injectable,
  ValidationPipe,
  type ArgumentMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type ValidationError,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { badRequest } from './errors.js';
import { findInputProblem } from './input-guard.js';
import { PRINTABLE_NAME_CONSTRAINT, PRINTABLE_TEXT_CONSTRAINT } from './printable-text.js';

interface FieldProblem {
  field: string;
  problems: string[];
}

function failed(errors: ValidationError[], constraint: string): boolean {
  return errors.some((e) => (e.constraints && constraint in e.constraints) || failed(e.children ?? [], constraint));
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * HTTP only (a gateway's message bodies have their own checks and answer with an ack): the input
 * guard (nesting depth, NUL, unpaired surrogates, unsafe numbers) runs on the parsed body, query and
 * route parameters before any pipe, so class-transformer never sees a value it would choke on.
 */
@Injectable()
export class InputGuardInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const req = context.switchToHttp().getRequest<Request>();
      refuse(findInputProblem(req.body, ''));
      refuse(findInputProblem(req.query, ''));
      refuse(findInputProblem(req.params, ''));
    }
    return next.handle();
  }
}

/**
 * The global pipe. After class-transformer has converted a DTO, numbers that only exist after
 * conversion (`?after=1e308`) are checked too; values no DTO converted (a gateway's `unknown`
 * message body) pass through untouched.
 */
class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const out: unknown = await super.transform(value, metadata);
    if (out !== value && (metadata.type === 'query' || metadata.type === 'param' || metadata.type === 'body')) {
      refuse(findInputProblem(out, metadata.type === 'body' ? '' : (metadata.data ?? '')));
    }
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
    // A name the certificate fonts cannot print has its own code: the client can say so.
    // Other printed text likewise (UNPRINTABLE_TEXT); `details` names the field.
    const code = failed(errors, PRINTABLE_NAME_CONSTRAINT)
      ? 'UNPRINTABLE_NAME'
      : failed(errors, PRINTABLE_TEXT_CONSTRAINT)
        ? 'UNPRINTABLE_TEXT'
        : 'VALIDATION_FAILED';
    return badRequest(code, `Invalid request. ${summary}`, details);
  },
});
