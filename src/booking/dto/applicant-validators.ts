import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { birthDateOf, normaliseIdNumber } from '../../common/id-number.js';
import { normalisePersonName, personNameProblem } from '../../common/person-name.js';

/** NFC-normalises a person's name before validation, and refuses what is no name (issue 16, item 9). */
export function IsPersonName(options?: ValidationOptions): PropertyDecorator {
  const normalise = Transform(({ value }) => (typeof value === 'string' ? normalisePersonName(value) : value));
  const check = ValidateBy(
    {
      name: 'isPersonName',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && personNameProblem(value) === undefined,
        defaultMessage: (args) =>
          `${args?.property} ${typeof args?.value === 'string' ? personNameProblem(args.value) : 'must be a string'}`,
      },
    },
    options,
  );
  return (target, key) => {
    normalise(target, key);
    check(target, key);
  };
}

/**
 * The birth date inside a resident ID number (GB 11643: digits 7-14) is not after today:
 * nobody born in 2099 books a notarization. Checked against the system date plus one day
 * (time zones), since validation runs before any service and its injected clock.
 * The check digit and calendar validity stay with the service's INVALID_ID_NUMBER.
 */
export function HasPossibleBirthDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasPossibleBirthDate',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const id = normaliseIdNumber(value);
          if (!/^\d{17}[\dX]$/.test(id)) return true;
          return birthDateOf(id) <= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
        },
        defaultMessage: (args) => `${args?.property} carries a birth date in the future`,
      },
    },
    options,
  );
}
