import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('requires JWT_SECRET in production and names the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/tmp/docket-cfg' })).toThrow(
      /JWT_SECRET/,
    );
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud', DATA_DIR: '/tmp/docket-cfg' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/LOG_LEVEL/);
    }
  });

  it('generates a development JWT secret once and keeps it in the data folder', () => {
    const dir = `/tmp/docket-cfg-${process.pid}-${Date.now()}`;
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(first.port).toBe(3000);
    expect(first.databaseUrl).toBeUndefined();
  });
});
