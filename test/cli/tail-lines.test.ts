import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TAIL_CHUNK_BYTES, tailLines } from '../../src/cli/logs/tail-lines.js';
import { endOfLastLine } from '../../src/cli/logs/follow-file.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-tail-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tailLines', () => {
  it('finds the last matching lines across chunk boundaries without splitting multi-byte characters', async () => {
    const file = path.join(dir, 'log');
    // ~3 chunks of lines with a 3-byte character, so some chunk boundaries fall inside one.
    const lines = Array.from({ length: 4_000 }, (_, index) => `line ${index} ${'€'.repeat(index % 17)}`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    expect(fs.statSync(file).size).toBeGreaterThan(2 * TAIL_CHUNK_BYTES);
    expect(await tailLines([{ path: file }], 3, () => true)).toEqual(lines.slice(-3));
    const even = lines.filter((_, index) => index % 2 === 0);
    expect(await tailLines([{ path: file }], 2_500, (line) => Number(line.split(' ')[1]) % 2 === 0)).toEqual(even);
  });

  it('continues into the older file and stops at the given limit of the newer one', async () => {
    fs.writeFileSync(path.join(dir, 'a.1'), 'old 1\nold 2\n');
    fs.writeFileSync(path.join(dir, 'a'), 'new 1\nnew 2 (being written');
    const limit = await endOfLastLine(path.join(dir, 'a'));
    expect(limit).toBe('new 1\n'.length);
    expect(
      await tailLines([{ path: path.join(dir, 'a.1') }, { path: path.join(dir, 'a'), limit }], 2, () => true),
    ).toEqual(['old 2', 'new 1']);
    expect(await tailLines([{ path: path.join(dir, 'missing') }], 5, () => true)).toEqual([]);
  });
});
