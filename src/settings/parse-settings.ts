// One parse of every setting: flag over environment variable over default, each value checked by its zod schema.
import type { z } from 'zod';
import { GatewayError } from '../errors/index.js';
import { SETTINGS, type SettingDeclaration, type SettingKey } from './setting-declarations.js';

type Declared = typeof SETTINGS;
/** A setting with a default always has a value; one without is undefined when unset. */
export type SettingValue<K extends SettingKey> =
  z.output<Declared[K]['schema']> | (Declared[K] extends { default: unknown } ? never : undefined);
export type SettingValues = { readonly [K in SettingKey]: SettingValue<K> };

/** Where a value came from; `default` when neither the flag nor the variable gave one. */
export type SettingOrigin = 'flag' | 'env' | 'default';

export interface SettingsInput {
  /** The process environment, or a test's own; never read from process.env here. */
  env: Record<string, string | undefined>;
  /** Commander's values by setting key; an absent or undefined key means the flag was not given. */
  flags?: Partial<Record<SettingKey, string | boolean | undefined>>;
}

/**
 * The typed settings. A value is checked when first read, so a bad TOOLGATE_PORT stops only the commands
 * that use the port; reading it throws a GatewayError that names the flag or the variable it came from.
 */
export interface Settings extends SettingValues {
  /** The error reading `key` would throw, for callers that report instead of stop (doctor). */
  problem(key: SettingKey): GatewayError | undefined;
  origin(key: SettingKey): SettingOrigin;
}

export function parseSettings(input: SettingsInput): Settings {
  const cache = new Map<SettingKey, { value: unknown } | { error: GatewayError }>();
  const read = (key: SettingKey) => {
    let entry = cache.get(key);
    if (entry === undefined) {
      entry = parseOne(key, SETTINGS[key], input);
      cache.set(key, entry);
    }
    return entry;
  };
  const settings = {
    problem: (key: SettingKey) => {
      const entry = read(key);
      return 'error' in entry ? entry.error : undefined;
    },
    origin: (key: SettingKey) => originOf(key, SETTINGS[key], input).origin,
  } as Settings;
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    Object.defineProperty(settings, key, {
      enumerable: true,
      get: () => {
        const entry = read(key);
        if ('error' in entry) throw entry.error;
        return entry.value;
      },
    });
  }
  return settings;
}

/** The settings of an environment alone (no flags): what the file-based commands and tests use. */
export function settingsFromEnv(env: Record<string, string | undefined>): Settings {
  return parseSettings({ env });
}

function originOf(
  key: SettingKey,
  declaration: SettingDeclaration,
  input: SettingsInput,
): { origin: SettingOrigin; raw?: string | boolean } {
  const flagged = input.flags?.[key];
  if (flagged !== undefined && declaration.flag !== undefined) return { origin: 'flag', raw: flagged };
  const fromEnv = declaration.env === undefined ? undefined : input.env[declaration.env];
  // `TOOLGATE_PORT=` (a line copied from .env.example, an empty docker `-e`) means "not set".
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { origin: 'env', raw: fromEnv };
  return { origin: 'default' };
}

function parseOne(
  key: SettingKey,
  declaration: SettingDeclaration,
  input: SettingsInput,
): { value: unknown } | { error: GatewayError } {
  const { origin, raw } = originOf(key, declaration, input);
  if (raw === undefined) return { value: declaration.default };
  const value = typeof raw === 'string' && !declaration.keepBlanks ? raw.trim() : raw;
  const parsed = declaration.schema.safeParse(value);
  if (parsed.success) return { value: parsed.data };
  return { error: settingError(declaration, origin === 'flag' ? 'flag' : 'env', String(raw)) };
}

/** A flag's bad value is a usage error (exit 2); a variable's is a configuration error naming the variable. */
function settingError(declaration: SettingDeclaration, origin: 'flag' | 'env', raw: string): GatewayError {
  const received = JSON.stringify(raw.slice(0, 40));
  const fallback =
    declaration.default === undefined ? 'unset it' : `unset it for the default ${defaultText(declaration)}`;
  if (origin === 'flag') {
    const flag = declaration.flag!.split(' ')[0]!;
    return new GatewayError('USAGE', `${flag} expects ${declaration.expected}; received ${received}.`, {
      hint: `Give ${flag} ${declaration.expected}, or leave it out.`,
    });
  }
  const name = declaration.env!;
  return new GatewayError('CONFIG_INVALID', `${name}: expected ${declaration.expected}, received ${received}.`, {
    hint: `Set ${name} to ${declaration.expected}, or ${fallback}.`,
  });
}

/** The default as --help, .env.example and the settings table show it. */
export function defaultText(declaration: SettingDeclaration): string {
  if (declaration.defaultLabel !== undefined) return declaration.defaultLabel;
  if (declaration.default === undefined) return '';
  return String(declaration.default);
}
