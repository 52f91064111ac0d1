/**
 * People's names as typed at a booking and as read from an ID card.
 * Unicode: names are compared in NFC (UAX #15), so that 'é' typed as e + U+0301 equals the
 * precomposed form; bidirectional overrides and isolates (UAX #9, the "Trojan Source" class of
 * tricks) and control characters never belong in a name.
 */

/** NFC, trimmed, inner runs of white space collapsed to one space. */
export function normalisePersonName(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** Letters, combining marks, single spaces and the separators names use: · (Uyghur, Tibetan names in Chinese), . - ' */
const ALLOWED = /^[\p{L}\p{M} ·・.'’-]+$/u;
/** More than three combining marks on one letter is "Zalgo" text, not a name. */
const MARK_RUN = /\p{M}{4,}/u;
const BIDI_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Why a (normalised) name is refused, or undefined when it is acceptable. */
export function personNameProblem(name: string): string | undefined {
  if (!name) return 'must not be blank';
  if (BIDI_OR_CONTROL.test(name)) return 'must not contain control, format or bidirectional-override characters';
  if (MARK_RUN.test(name)) return 'must not stack more than three combining marks on one letter';
  if (!ALLOWED.test(name)) return "may contain only letters, combining marks, spaces and · . - '";
  if (!/\p{L}/u.test(name)) return 'must contain a letter';
  return undefined;
}

/** Whether two names denote the same person's name after normalisation. */
export function sameName(a: string, b: string): boolean {
  return normalisePersonName(a) === normalisePersonName(b);
}
