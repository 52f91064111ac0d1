/**
 * Resident identity numbers (居民身份证号码), GB 11643-1999: 6-digit region, 8-digit birth
 * date, 3-digit sequence (odd for men, even for women), and a check character computed
 * with ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11; the result 10 is written X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return CHECK[sum % 11];
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = id.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replace(/-/g, '') !== birth) return false;
  if (Number(birth.slice(0, 4)) < 1900) return false;
  return checkCharacter(id.slice(0, 17)) === id[17];
}

/** Normalises what people type: spaces removed, a lowercase x upper-cased. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** `3211**********123X`: shown everywhere except to the notary handling the case. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`;
}

export function genderOf(id: string): '男' | '女' {
  return Number(id[16]) % 2 === 1 ? '男' : '女';
}

export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** Mainland mobile numbers: 11 digits starting 13-19. */
export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}
