import { ValidateBy, type ValidationOptions } from 'class-validator';
import { describeCharacter, PRINTABLE_TEXT_CONSTRAINT, unprintableCharacters } from './printable-text.js';

const problemOf = (value: string): string[] => unprintableCharacters(value);

/**
 * A string the certificate prints (a terminal label, a display name, a reason, an office's
 * name): refused where it enters when the certificate fonts cannot draw one of its characters,
 * so that a certificate never takes a number it cannot print. The validation pipe answers
 * UNPRINTABLE_TEXT, naming the field.
 */
export function IsPrintableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: PRINTABLE_TEXT_CONSTRAINT,
      validator: {
        // Non-strings are another rule's business (IsString), so their code stays VALIDATION_FAILED.
        validate: (value: unknown) => typeof value !== 'string' || problemOf(value).length === 0,
        defaultMessage: (args) =>
          `${args?.property} has characters no certificate font can print: ${problemOf(String(args?.value)).map(describeCharacter).join(', ')}`,
      },
    },
    options,
  );
}

/** The same rule for each string value of a `{ key: text }` object (matter fields that fill the wording). */
export function HasPrintableValues(options?: ValidationOptions): PropertyDecorator {
  const bad = (value: unknown): [string, string[]][] =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>)
          .filter((e): e is [string, string] => typeof e[1] === 'string')
          .map(([k, v]): [string, string[]] => [k, problemOf(v)])
          .filter(([, chars]) => chars.length > 0)
      : [];
  return ValidateBy(
    {
      name: PRINTABLE_TEXT_CONSTRAINT,
      validator: {
        validate: (value: unknown) => bad(value).length === 0,
        defaultMessage: (args) =>
          bad(args?.value)
            .map(
              ([k, chars]) =>
                `${args?.property}.${k} has characters no certificate font can print: ${chars.map(describeCharacter).join(', ')}`,
            )
            .join('; '),
      },
    },
    options,
  );
}
