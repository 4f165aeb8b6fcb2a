// .env.example lists every TOOLGATE_* variable the code reads, and nothing it does not.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/gateway-process.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** A name read from the environment: `env.X`, `env['X']`, `'X'` in an option's `.env(...)`, or a key of a table of variables (`X: 'setting'`). */
const READ_AS_VARIABLE = /(?:env\.|['"]|^\s+)(TOOLGATE_[A-Z][A-Z_]*[A-Z])(?=['"]|:|\b)/gm;

describe('.env.example', () => {
  it('names exactly the TOOLGATE_* variables that src/ reads', () => {
    const used = new Set(sourceFiles(path.join(ROOT, 'src')).flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(READ_AS_VARIABLE)].map((match) => match[1]!)));
    const listed = new Set([...fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8').matchAll(/^(TOOLGATE_[A-Z_]+)=/gm)].map((match) => match[1]));
    expect([...used].sort()).toEqual([...listed].sort());
  });
});
