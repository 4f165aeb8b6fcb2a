// README.md stays a front page: short, and naming every meta-tool the source defines, with the right count.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/gateway-process.js';

/** STYLE.md point 14: the README is a front page; the reference lives in docs/. */
const MAX_README_LINES = 200;
const META_TOOL_FOLDERS = ['src/gateway/meta-tools', 'src/provision/meta-tools'];
const COUNT_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

function readme(): string {
  return fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
}

/** The base name of every meta-tool, as each definition file declares it (`name: 'catalog_search'`). */
function metaToolNames(): string[] {
  return META_TOOL_FOLDERS.flatMap((folder) =>
    fs
      .readdirSync(path.join(ROOT, folder))
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .flatMap((file) =>
        [...fs.readFileSync(path.join(ROOT, folder, file), 'utf8').matchAll(/^\s+name: '([a-z_]+)',$/gm)].map(
          (match) => match[1]!,
        ),
      ),
  );
}

describe('README.md', () => {
  it(`is a front page of at most ${MAX_README_LINES} lines`, () => {
    expect(readme().trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_README_LINES);
  });

  it('names every meta-tool in its meta-tools section and announces how many there are', () => {
    const names = metaToolNames();
    expect(names.length).toBeGreaterThan(0);
    const section = readme().split('## The meta-tools')[1]?.split('\n## ')[0] ?? '';
    for (const name of names) expect(section, name).toContain(`\`${name}\``);
    const announced = COUNT_WORDS[names.length];
    expect(announced, `a count word for ${names.length}`).toBeDefined();
    expect(section.toLowerCase()).toContain(announced!);
    expect(
      readme()
        .match(/(\w+) small `gateway` meta-tools/)?.[1]
        ?.toLowerCase(),
      'the count in the opening paragraph',
    ).toBe(announced);
  });
});
