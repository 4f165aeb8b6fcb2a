// .env.example lists every declared variable with its default, and src/ reads TOOLGATE_* variables only through the settings module.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultText } from '../../src/settings/parse-settings.js';
import { SETTINGS, type SettingDeclaration } from '../../src/settings/setting-declarations.js';
import { ROOT } from '../support/gateway-process.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const DECLARED: SettingDeclaration[] = Object.values(SETTINGS);
/** A variable read straight from an environment: `env.X`, `env['X']`, or commander's `.env('X')`. */
const DIRECT_READ = /(?:env\.|env\[\s*['"]|\.env\(\s*['"])(TOOLGATE_[A-Z][A-Z_]*[A-Z])/g;

/** Each variable line of .env.example with the comment lines above it. */
function exampleEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  let comment = '';
  for (const line of fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').split('\n')) {
    const variable = /^(TOOLGATE_[A-Z_]+)=/.exec(line)?.[1];
    if (variable !== undefined) {
      entries.set(variable, comment);
      comment = '';
    } else comment = line.startsWith('#') ? `${comment}\n${line}` : '';
  }
  return entries;
}

describe('.env.example', () => {
  it('names exactly the declared variables', () => {
    expect([...exampleEntries().keys()].sort()).toEqual(
      DECLARED.flatMap((declaration) => (declaration.env === undefined ? [] : [declaration.env])).sort(),
    );
  });

  it("states each variable's declared default in the comment above it", () => {
    const entries = exampleEntries();
    for (const declaration of DECLARED) {
      if (declaration.env === undefined || defaultText(declaration) === '') continue;
      expect(entries.get(declaration.env), declaration.env).toContain(defaultText(declaration));
    }
  });

  it('src/ reads no TOOLGATE_* variable but through src/settings', () => {
    const direct = sourceFiles(path.join(ROOT, 'src'))
      .filter((file) => !file.startsWith(path.join(ROOT, 'src', 'settings')))
      .flatMap((file) =>
        [...fs.readFileSync(file, 'utf8').matchAll(DIRECT_READ)].map(
          (match) => `${path.relative(ROOT, file)}: ${match[1]}`,
        ),
      );
    expect(direct).toEqual([]);
  });
});
