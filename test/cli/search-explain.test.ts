// `toolgate search --explain`: the words learned for each hit, and that they find the tool.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox, fixture, writeProjectConfig } from '../support/gateway-process.js';
import { runCli } from './run-cli.js';

describe('toolgate search --explain', () => {
  const sandbox = createSandbox();
  afterAll(() => sandbox.remove());

  it('shows under each hit what was learned for it, and a learned word finds its tool', async () => {
    writeProjectConfig(sandbox, { many: fixture('many-tools-server.mjs') });
    const file = path.join(sandbox.toolgateHome, 'cache', 'learned-search-terms.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const learned = { version: 1, tools: { 'many::translate_text': { words: { bilingual: 2, paragraph: 1 }, at: 1 } } };
    fs.writeFileSync(file, JSON.stringify(learned), { mode: 0o600 });

    const run = await runCli(sandbox, ['search', 'bilingual paragraph', '--explain', '--online']);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^many::translate_text /);
    expect(lines[1]?.trim()).toBe('learned: bilingual paragraph');

    const plain = await runCli(sandbox, ['search', 'bilingual paragraph', '--online']);
    expect(plain.stdout).not.toContain('learned:');
  });

  it('ignores a learned-words file that is not its own shape, and still searches', async () => {
    const file = path.join(sandbox.toolgateHome, 'cache', 'learned-search-terms.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, tools: { 'many::translate_text': { words: { 'x y': 1 } } } }));
    const run = await runCli(sandbox, ['search', 'translate text', '--explain', '--online']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('many::translate_text');
    expect(run.stdout).toContain('learned: (nothing)');
  });
});
