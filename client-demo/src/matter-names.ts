import { endpoints } from './endpoints.js';
import { currentLang } from './i18n.js';

/**
 * Bookings and sessions name their matter in Chinese only; the catalogue has the English name.
 * Loaded once per page load (a short public list) so English mode shows "Driver's licence".
 */
const english = new Map<string, string>();
let loading: Promise<void> | undefined;

export function loadMatterNames(): Promise<void> {
  loading ??= endpoints.matters().then(
    (ms) => ms.forEach((m) => english.set(m.code, m.nameEn)),
    () => undefined,
  );
  return loading;
}

export function matterName(m: { code: string; nameZh: string }): string {
  return currentLang() === 'en' ? (english.get(m.code) ?? m.nameZh) : m.nameZh;
}
