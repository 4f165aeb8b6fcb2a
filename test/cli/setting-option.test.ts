// --help of every setting flag is generated from its declaration: choices, default and variable.
import { describe, expect, it } from 'vitest';
import { settingOption } from '../../src/cli/setting-option.js';
import { defaultText } from '../../src/settings/parse-settings.js';
import { SETTINGS, type SettingDeclaration, type SettingKey } from '../../src/settings/setting-declarations.js';

describe('settingOption', () => {
  it.each(
    (Object.entries(SETTINGS) as [SettingKey, SettingDeclaration][])
      .filter(([, declaration]) => declaration.flag !== undefined)
      .map(([key]) => key),
  )('--help for %s shows its flag, help, choices, default and variable', (key) => {
    const declaration: SettingDeclaration = SETTINGS[key];
    const option = settingOption(key);
    expect(option.flags).toBe(declaration.flag);
    expect(option.description).toContain(declaration.help);
    for (const choice of declaration.choices ?? []) expect(option.description).toContain(JSON.stringify(choice));
    if (declaration.flag!.includes(' ') && defaultText(declaration) !== '')
      expect(option.description).toContain(`default: `);
    if (declaration.flag!.includes(' ')) expect(option.description).toContain(defaultText(declaration));
    if (declaration.env !== undefined) expect(option.description).toContain(`env: ${declaration.env}`);
    // No commander default and no variable: an absent flag stays undefined, for parseSettings to resolve.
    expect(option.defaultValue).toBeUndefined();
    expect(option.envVar).toBeUndefined();
  });
});
