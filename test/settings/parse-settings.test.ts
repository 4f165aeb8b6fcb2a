// The settings module: one parse, flag over environment variable over default, errors that name their source.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { GatewayError } from '../../src/errors/index.js';
import { parseSettings, settingsFromEnv } from '../../src/settings/parse-settings.js';
import { SETTINGS, type SettingDeclaration } from '../../src/settings/setting-declarations.js';

function errorOf(read: () => unknown): GatewayError {
  try {
    read();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('parseSettings', () => {
  it('gives every declared default when nothing is set', () => {
    const settings = settingsFromEnv({});
    for (const [key, declaration] of Object.entries(SETTINGS) as [keyof typeof SETTINGS, SettingDeclaration][])
      expect(settings[key]).toEqual(declaration.default);
    expectTypeOf(settings.port).toEqualTypeOf<number>();
    expectTypeOf(settings.config).toEqualTypeOf<string | undefined>();
    expect(settings.origin('port')).toBe('default');
  });

  it('takes a flag over the variable, and the variable over the default', () => {
    const env = { TOOLGATE_PORT: '4000', TOOLGATE_NAMES: 'dot', TOOLGATE_ALLOWED_HOSTS: ' a.test, ,b.test ' };
    const settings = parseSettings({ env, flags: { port: '5000' } });
    expect(settings.port).toBe(5000);
    expect(settings.origin('port')).toBe('flag');
    expect(settings.names).toBe('dot');
    expect(settings.origin('names')).toBe('env');
    expect(settings.allowedHosts).toEqual(['a.test', 'b.test']);
  });

  it('takes an empty or blank variable as unset', () => {
    const settings = settingsFromEnv({ TOOLGATE_PORT: '', TOOLGATE_EXPOSURE: '  ', TOOLGATE_HOME: ' ' });
    expect(settings.port).toBe(3344);
    expect(settings.exposure).toBe('progressive');
    expect(settings.home).toBeUndefined();
  });

  it('trims values but keeps the blanks of paths and tokens', () => {
    const settings = settingsFromEnv({
      TOOLGATE_PORT: ' 80 ',
      TOOLGATE_LOG_LEVEL: 'DEBUG',
      TOOLGATE_AUTH_TOKEN: ' token with blanks ',
    });
    expect(settings.port).toBe(80);
    expect(settings.logLevel).toBe('debug');
    expect(settings.authToken).toBe(' token with blanks ');
  });

  it('refuses a bad variable only when it is read, as a configuration error naming the variable', () => {
    const settings = settingsFromEnv({ TOOLGATE_PORT: 'http', TOOLGATE_NAMES: 'dots' });
    expect(settings.host).toBe('127.0.0.1');
    const error = errorOf(() => settings.port);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe('TOOLGATE_PORT: expected a whole number from 0 to 65535, received "http".');
    expect(error.hint).toContain('unset it for the default 3344');
    expect(settings.problem('names')?.message).toBe(
      'TOOLGATE_NAMES: expected one of auto, dot, underscore, received "dots".',
    );
    expect(settings.problem('host')).toBeUndefined();
  });

  it('refuses a bad flag as a usage error naming the flag', () => {
    const error = errorOf(() => parseSettings({ env: { TOOLGATE_PORT: '1' }, flags: { port: '65536' } }).port);
    expect(error.code).toBe('USAGE');
    expect(error.message).toBe('--port expects a whole number from 0 to 65535; received "65536".');
  });
});
