import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ErrorFilter, isDatabaseUnavailable } from './error.filter.js';

/** Runs the filter on one exception and returns what it answered. */
function answer(exception: unknown) {
  const out: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } = { headers: {} };
  const res = {
    status(s: number) {
      out.status = s;
      return res;
    },
    json(b: Record<string, unknown>) {
      out.body = b;
    },
    setHeader(k: string, v: string) {
      out.headers[k] = v;
    },
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return out;
}

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('ErrorFilter: a database that cannot be reached', () => {
  it.each([
    ['connection refused', socketError('ECONNREFUSED')],
    ['connection reset', socketError('ECONNRESET')],
    ['refused on every address (AggregateError)', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], '')],
    [
      'server shutting down (57P01) inside a failed query',
      new QueryFailedError(
        'SELECT 1',
        [],
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ],
    ['server starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['connection exception class 08', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['node-postgres: connection terminated', new Error('Connection terminated unexpectedly')],
    ['node-postgres: pool connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      'TypeORM: transaction connection released',
      Object.assign(new Error('Query runner already released.'), { name: 'QueryRunnerAlreadyReleasedError' }),
    ],
  ])('%s answers 503 DATABASE_UNAVAILABLE with Retry-After, not 500', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    const out = answer(err);
    expect(out.status).toBe(503);
    expect(out.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(out.headers['Retry-After']).toBe('5');
  });

  it('leaves other failures alone: a bug is still a 500, a unique violation still a 409', () => {
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(answer(new TypeError('x is undefined'))).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
    const unique = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key'), { code: '23505' }));
    expect(answer(unique)).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    const syntax = new QueryFailedError('SELEC', [], Object.assign(new Error('syntax error'), { code: '42601' }));
    expect(answer(syntax)).toMatchObject({ status: 500, body: { code: 'INTERNAL_ERROR' } });
  });
});
