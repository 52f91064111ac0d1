import { ApiError } from './api-error.js';
import type { components } from './api-types.js';
import { currentLang } from './i18n.js';

/**
 * What the service says, in the reader's language only. The API's messages carry both
 * languages ("The ID number is not valid. 身份证号码无效。"); the codes a citizen meets most have
 * their own plain wording here, and any other message is cut to its part in the current
 * language. The code itself belongs in a folded details line, never in the sentence.
 */
type ErrorCode = components['schemas']['ErrorCode'];

// Keyed by the service's own codes (generated from its OpenAPI document): a code it never sends does not compile.
const PLAIN: Partial<Record<ErrorCode, [zh: string, en: string]>> = {
  INVALID_ID_NUMBER: [
    '身份证号码不正确，请核对（最后一位是校验码，可能是 X）。',
    'The ID number is not right; please check it (the last character is a check digit, possibly X).',
  ],
  INVALID_PHONE: ['手机号码应为 11 位，以 1 开头。', 'The mobile number should be 11 digits starting with 1.'],
  SLOT_TAKEN: ['这个时间刚被别人约走了，请另选一个时间。', 'Someone has just taken this time; please pick another.'],
  OUTSIDE_OPENING_HOURS: ['服务点在这个时间不开放，请另选时间。', 'The point is not open then; please pick another time.'],
  START_IN_PAST: ['这个时间已经过去了，请另选时间。', 'That time has passed; please pick another.'],
  INSIDE_MINIMUM_NOTICE: ['这个时间太近了，请选稍晚的时间。', 'That time is too soon; please pick a later one.'],
  BEYOND_HORIZON: ['这个日期还不能预约。', 'That date cannot be booked yet.'],
  NO_TERMINAL: ['这个服务点暂时不能预约。', 'This point cannot take bookings at the moment.'],
  NO_NOTARY_WORKING: ['这个时间没有公证员值班，请另选时间。', 'No notary works at that time; please pick another.'],
  TOO_MANY_REQUESTS: ['操作太频繁，请稍后再试。', 'Too many attempts; please try again a little later.'],
  INVALID_CREDENTIALS: ['用户名或密码不正确。', 'The username or password is wrong.'],
  INVALID_CASE_ACCESS: ['案件号或访问码不正确。', 'The case number or access code is wrong.'],
};

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;

/** The part of a bilingual message in the current language (the whole message when it has one language). */
export function inLanguage(message: string): string {
  const at = message.search(CJK);
  if (at < 0) return message;
  // The Chinese part starts after the last sentence end before its first CJK character.
  const before = message.slice(0, at);
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('.\u00a0'), before.lastIndexOf('; '));
  const en = cut >= 0 ? message.slice(0, cut + 1).trim() : '';
  const zh = (cut >= 0 ? message.slice(cut + 1) : message).trim();
  if (currentLang() === 'zh') return zh;
  return en || message;
}

/** A plain sentence for an error, in the current language. */
export function plainError(err: unknown): string {
  const zh = currentLang() === 'zh';
  if (err instanceof ApiError) {
    const known = PLAIN[err.code as ErrorCode];
    if (known) return zh ? known[0] : known[1];
    if (err.status === 0 || err.code === 'NETWORK')
      return zh ? '网络连接失败，请检查网络后重试。' : 'The network failed; please check it and try again.';
    const text = inLanguage(err.message);
    if (zh && !CJK.test(text)) return err.status >= 500 ? '服务暂时出错，请稍后再试。' : '请求未能完成，请检查填写的内容。';
    return text;
  }
  const text = err instanceof Error ? err.message : String(err);
  return zh && !CJK.test(text) ? '操作未能完成，请重试。' : text;
}

/** The technical line for a folded 技术详情: code, status and the service's own words. */
export function errorDetails(err: unknown): string | null {
  if (err instanceof ApiError) return [err.code, err.status ? `HTTP ${err.status}` : null, err.message].filter(Boolean).join(' · ');
  if (err instanceof Error) return err.message;
  return null;
}
