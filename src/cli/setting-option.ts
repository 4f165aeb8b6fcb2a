// Commander options generated from the settings declarations: the flag, its help, its choices, default and variable.
import { Option } from 'commander';
import { defaultText } from '../settings/parse-settings.js';
import { SETTINGS, type SettingDeclaration, type SettingKey } from '../settings/setting-declarations.js';

/**
 * The option of a declared setting. It has no commander default and reads no variable: an absent flag stays
 * undefined, so `parseSettings` applies flag > variable > default in one place. `help` replaces the declared
 * help where a command uses the setting its own way (`doctor --config` checks the file).
 */
export function settingOption(key: SettingKey, help?: string): Option {
  const declaration: SettingDeclaration = SETTINGS[key];
  if (declaration.flag === undefined) throw new Error(`The setting "${key}" has no flag.`);
  const extra: string[] = [];
  if (declaration.choices)
    extra.push(`choices: ${declaration.choices.map((choice) => JSON.stringify(choice)).join(', ')}`);
  const fallback = defaultText(declaration);
  const takesValue = declaration.flag.includes(' ');
  if (takesValue && fallback !== '')
    extra.push(`default: ${declaration.defaultLabel === undefined ? JSON.stringify(fallback) : fallback}`);
  if (declaration.env) extra.push(`env: ${declaration.env}`);
  return new Option(
    declaration.flag,
    extra.length === 0 ? (help ?? declaration.help) : `${help ?? declaration.help} (${extra.join(', ')})`,
  );
}
