import { applyDecorators } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Years a date query may name. Dates outside them can be real (9999-12-31) yet break the
 * arithmetic after them (the next day, 10000-01-01, has no ISO 8601 four-digit form), and no
 * booking, session or schedule of this service lies there.
 */
export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2999;

/** A real calendar date written YYYY-MM-DD (2026-02-30 and 2026-13-45 are refused), within FIRST_YEAR..LAST_YEAR. */
export function isQueryDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  if (y < FIRST_YEAR || y > LAST_YEAR) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Validation decorator for `date` fields of queries and bodies: a real YYYY-MM-DD date in the service's years. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateBy(
      {
        name: 'isCalendarDate',
        validator: {
          validate: (value) => isQueryDate(value),
          defaultMessage: (args) =>
            `${args?.property ?? 'date'} must be a real calendar date written YYYY-MM-DD, in the years ${FIRST_YEAR}–${LAST_YEAR}`,
        },
      },
      options,
    ),
  );
}
