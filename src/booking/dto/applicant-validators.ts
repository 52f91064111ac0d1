import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { birthDateOf, normaliseIdNumber } from '../../common/id-number.js';
import { normalisePersonName, personNameProblem } from '../../common/person-name.js';
import { describeCharacter, PRINTABLE_NAME_CONSTRAINT, unprintableCharacters } from '../../common/printable-text.js';

/** NFC-normalises a person's name before validation, and refuses what is no name (control or bidirectional characters, nothing printable). */
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
  // A name the certificate cannot print is refused here, never after numbering: a number once
  // taken cannot be given back, so an unprintable name would leave a gap.
  const printable = ValidateBy(
    {
      name: PRINTABLE_NAME_CONSTRAINT,
      validator: {
        // Only asked of what is a name by the rule above, so that a control character keeps that rule's code.
        validate: (value: unknown) =>
          typeof value !== 'string' || personNameProblem(value) !== undefined || unprintableCharacters(value).length === 0,
        defaultMessage: (args) =>
          `${args?.property} has characters no certificate font can print: ${unprintableCharacters(String(args?.value)).map(describeCharacter).join(', ')}`,
      },
    },
    options,
  );
  return (target, key) => {
    normalise(target, key);
    check(target, key);
    printable(target, key);
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
