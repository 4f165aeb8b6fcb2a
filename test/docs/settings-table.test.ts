// The settings table of the docs (docs/settings.md, else the README's "## Settings") matches the declarations row for row.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultText } from '../../src/settings/parse-settings.js';
import { SETTINGS, type SettingDeclaration } from '../../src/settings/setting-declarations.js';
import { ROOT } from '../support/gateway-process.js';

interface Row {
  flag: string;
  env: string;
  default: string;
}

/** The table's text: docs/settings.md when it exists, else the README's "## Settings" section. */
function tableSource(): string {
  const docs = path.join(ROOT, 'docs', 'settings.md');
  if (fs.existsSync(docs)) return fs.readFileSync(docs, 'utf8');
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Settings');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/** Rows of the first table whose header starts `| flag | environment | default |`; backticks dropped. */
function tableRows(): Row[] {
  const lines = tableSource().split('\n');
  const header = lines.findIndex((line) => /^\|\s*flag\s*\|\s*environment\s*\|\s*default\s*\|/.test(line));
  expect(header, 'a "| flag | environment | default |" table').toBeGreaterThanOrEqual(0);
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [flag = '', env = '', fallback = ''] = line
      .split('|')
      .slice(1)
      .map((cell) => cell.replaceAll('`', '').trim());
    rows.push({ flag, env, default: fallback });
  }
  return rows;
}

describe('the settings table', () => {
  it('has one row per declared setting, with its flag, its variable and its default', () => {
    const declared = (Object.values(SETTINGS) as SettingDeclaration[]).map((declaration) => ({
      flag: declaration.flag ?? '',
      env: declaration.env ?? '',
      default: defaultText(declaration),
    }));
    const byName = (row: Row) => row.env || row.flag;
    expect(tableRows().sort((a, b) => byName(a).localeCompare(byName(b)))).toEqual(
      declared.sort((a, b) => byName(a).localeCompare(byName(b))),
    );
  });
});
