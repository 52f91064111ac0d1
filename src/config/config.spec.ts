import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const base = { ADMIN_PASSWORD: 'admin-password-for-tests' };

describe('CARD_READER_URL', () => {
  it('is unset by default: the console uses its simulator', () => {
    expect(loadConfig(base).cardReaderUrl).toBeNull();
  });

  it('takes a loopback http(s) URL, without its trailing slash', () => {
    expect(loadConfig({ ...base, CARD_READER_URL: 'http://127.0.0.1:19196/' }).cardReaderUrl).toBe('http://127.0.0.1:19196');
    expect(loadConfig({ ...base, CARD_READER_URL: 'https://localhost:8443/reader' }).cardReaderUrl).toBe('https://localhost:8443/reader');
    expect(loadConfig({ ...base, CARD_READER_URL: 'http://[::1]:19196' }).cardReaderUrl).toBe('http://[::1]:19196');
  });

  it.each(['http://192.168.1.20:19196', 'http://reader.example.com', 'ftp://127.0.0.1/', 'not a url'])(
    'refuses %s, naming the setting',
    (v) => {
      let err: unknown;
      try {
        loadConfig({ ...base, CARD_READER_URL: v });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('CARD_READER_URL');
    },
  );
});
