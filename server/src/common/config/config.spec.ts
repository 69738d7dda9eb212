import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const key = Buffer.alloc(32, 7).toString('base64');
const prod = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u:p@db.example:5432/linli',
  WECHAT_MODE: 'real',
  WECHAT_APPID: 'wx1234',
  WECHAT_SECRET: 's',
  TOKEN_SECRET: 'a-production-secret-that-is-long-enough-123',
  FIELD_ENCRYPTION_KEY: key,
  BLIND_INDEX_KEY: key,
};

describe('configuration', () => {
  it('starts production with real WeChat, real secrets and a database', () => {
    const c = loadConfig(prod);
    expect(c.env).toBe('production');
    expect(c.wechat.mode).toBe('real');
    expect(c.fieldEncryptionKey).toHaveLength(32);
  });

  it('refuses production with mock WeChat, saying why', () => {
    expect(() => loadConfig({ ...prod, WECHAT_MODE: 'mock' })).toThrow(/WECHAT_MODE=mock is not allowed in production/);
  });

  it('refuses production with a development or missing secret', () => {
    expect(() => loadConfig({ ...prod, TOKEN_SECRET: 'dev-' + 'x'.repeat(40) })).toThrow(/development secret/);
    expect(() => loadConfig({ ...prod, TOKEN_SECRET: undefined })).toThrow(/TOKEN_SECRET must be set/);
    expect(() => loadConfig({ ...prod, FIELD_ENCRYPTION_KEY: undefined })).toThrow(ConfigError);
  });

  it('refuses a malformed value with the variable named', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: '/tmp/linli-config-spec' })).toThrow(/PORT/);
    expect(() => loadConfig({ ...prod, FIELD_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });

  it('defaults development to mock WeChat and makes development keys once', () => {
    const dir = `/tmp/linli-config-spec-${process.pid}`;
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.wechat.mode).toBe('mock');
    expect(a.port).toBe(3000);
    expect(a.tokenSecret).toBe(b.tokenSecret);
  });
});
