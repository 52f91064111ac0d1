import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { ErrorCode } from './error-codes.js';
import { DomainError } from './errors.js';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Codes for Nest's own HTTP exceptions (routing, validation, body parsing). */
const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** SQLSTATEs that mean the request met the current state, not a bug. */
const SQLSTATE: Record<string, [number, ErrorCode, string]> = {
  '23505': [409, 'CONFLICT', 'This conflicts with an existing record.'],
  '23P01': [409, 'CONFLICT', 'This overlaps an existing reservation.'],
  '40001': [409, 'RETRY', 'A concurrent change got there first; try again.'],
  '40P01': [409, 'RETRY', 'A concurrent change got there first; try again.'],
};

/**
 * Errors meaning the database cannot be reached right now (stopped, restarting, network gone):
 * the request may succeed later, so they answer 503 DATABASE_UNAVAILABLE, not 500. Node's socket
 * codes, PostgreSQL's connection-exception class (08…) and shutdown/start-up codes (57P01–57P03),
 * too many connections (53300), and node-postgres's own messages for a dropped connection.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection is not established/;

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const { code, message, driverError, cause, errors } = e as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)))
    return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  // TypeORM releases a transaction's connection when it breaks; the transaction's next query then says so.
  const { name } = e as { name?: unknown };
  if (name === 'QueryRunnerProviderAlreadyReleasedError' || name === 'QueryRunnerAlreadyReleasedError') return true;
  // An AggregateError (a connection refused on both IPv4 and IPv6) holds the socket errors.
  if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/** One error shape everywhere: `{ statusCode, code, message, details? }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.code === 'DATABASE_UNAVAILABLE')
      this.log.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
    else if (body.statusCode >= 500) this.log.error(exception instanceof Error ? exception.stack : String(exception));
    const retry = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if ((body.statusCode === 429 || body.statusCode === 503) && retry) res.setHeader('Retry-After', String(retry));
    if (body.code === 'DATABASE_UNAVAILABLE') res.setHeader('Retry-After', '5');
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof DomainError) {
      return { statusCode: e.status, code: e.code, message: e.message, ...(e.details !== undefined && { details: e.details }) };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      if (typeof r === 'object' && r && 'code' in r && 'message' in r) {
        return { statusCode: status, ...(r as { code: ErrorCode; message: string; details?: unknown }) };
      }
      // Terminus answers 503 with the health report as the response.
      if (status === 503 && typeof r === 'object' && r && 'status' in r) {
        return { statusCode: 503, code: 'UNHEALTHY', message: 'A dependency is down.', details: r };
      }
      // body-parser's errors arrive wrapped by the Express adapter, with the original as cause.
      if ((e.cause as { type?: string } | undefined)?.type === 'entity.parse.failed') {
        return { statusCode: status, code: 'MALFORMED_BODY', message: 'The request body is not valid JSON.' };
      }
      const message = typeof r === 'object' && r && 'message' in r ? (r as { message: unknown }).message : e.message;
      return {
        statusCode: status,
        code: HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'),
        message: String(message),
      };
    }
    if (e instanceof QueryFailedError) {
      const mapped = SQLSTATE[(e.driverError as { code?: string }).code ?? ''];
      if (mapped) return { statusCode: mapped[0], code: mapped[1], message: mapped[2] };
    }
    if (isDatabaseUnavailable(e)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database cannot be reached just now; try again shortly.',
      };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' };
  }
}
