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
    const memo = memoFor(value, metadata);
    const hit = memo?.seen.get(memo.key);
    if (memo && hit) return Object.assign(new memo.type(), hit);
    const out: unknown = await super.transform(value, metadata);
    if (out !== value && (metadata.type === 'query' || metadata.type === 'param' || metadata.type === 'body')) {
      refuse(findInputProblem(out, metadata.type === 'body' ? '' : (metadata.data ?? '')));
    }
    if (memo && out instanceof memo.type && Object.values(out).every((v) => typeof v === 'string')) {
      if (memo.seen.size >= MEMO_SIZE) memo.seen.clear();
      memo.seen.set(memo.key, { ...out });
    }
    return out;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any DTO class
type DtoClass = new () => any;

/** DTOs whose accepted values the pipe remembers, with the values it accepted (by their JSON). */
const memos = new WeakMap<DtoClass, Map<string, object>>();
const MEMO_SIZE = 2000;

/**
 * For a query or route-parameter DTO whose checks depend on the value alone (no clock, no data,
 * no context) and whose fields are strings: the pipe remembers the last MEMO_SIZE values it
 * accepted and answers them again without class-transformer and class-validator (about a tenth
 * of a public calendar read's server time); a refused value is checked in full every time, so
 * its answer never changes.
 */
export function MemoizedValidation(): ClassDecorator {
  return (target) => {
    memos.set(target as unknown as DtoClass, new Map());
  };
}

function memoFor(value: unknown, metadata: ArgumentMetadata) {
  if ((metadata.type !== 'query' && metadata.type !== 'param') || metadata.data || !metadata.metatype) return undefined;
  const type = metadata.metatype as DtoClass;
  const seen = memos.get(type);
  if (!seen || typeof value !== 'object' || value === null) return undefined;
  for (const v of Object.values(value)) if (typeof v !== 'string') return undefined;
  return { type, seen, key: JSON.stringify(value) };
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
