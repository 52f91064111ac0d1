/**
 * Domain errors carry a stable machine `code`; the exception filter maps them to HTTP once.
 * 400 input that can never be right, 401/403 identity and permission, 404 what the caller
 * may not know exists, 409 conflict with current state, 422 evidence that fails a rule.
 */
import type { ErrorCode } from './error-codes.js';

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: unknown) => new DomainError(400, code, message, details);
export const unauthorized = (code: ErrorCode, message: string) => new DomainError(401, code, message);
export const forbidden = (code: ErrorCode, message: string) => new DomainError(403, code, message);
export const notFound = (code: ErrorCode, message: string) => new DomainError(404, code, message);
export const conflict = (code: ErrorCode, message: string, details?: unknown) => new DomainError(409, code, message, details);
export const unprocessable = (code: ErrorCode, message: string, details?: unknown) => new DomainError(422, code, message, details);
export const tooManyRequests = (code: ErrorCode, message: string, retryAfterSeconds: number) =>
  new DomainError(429, code, message, { retryAfterSeconds });
