// A finished install replaces the previous one, which stays aside until the new one is kept or rolled back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { swapInstall } from '../../src/provision/install-swap.js';

let root: string;

function makeInstall(name: string, version: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'version'), version);
  return dir;
}

const versionAt = (dir: string) => fs.readFileSync(path.join(dir, 'version'), 'utf8');
const siblings = () => fs.readdirSync(root).sort();

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'toolgate-swap-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('swapInstall', () => {
  it('puts the new install in place and removes the old one once it is discarded', async () => {
    const dir = makeInstall('memory', '1.0.0');
    const swapped = await swapInstall(makeInstall('.memory.installing-x', '2.0.0'), dir);
    expect(versionAt(dir)).toBe('2.0.0');
    expect(siblings()).toHaveLength(2); // the new install and the old one, aside
    await swapped.discardPrevious();
    expect(siblings()).toEqual(['memory']);
  });

  it('brings the old install back when the new one is rolled back', async () => {
    const dir = makeInstall('memory', '1.0.0');
    const swapped = await swapInstall(makeInstall('.memory.installing-x', '2.0.0'), dir);
    await swapped.restorePrevious();
    expect(versionAt(dir)).toBe('1.0.0');
    expect(siblings()).toEqual(['memory']);
  });

  it('leaves no folder when a first install is rolled back', async () => {
    const swapped = await swapInstall(makeInstall('.memory.installing-x', '2.0.0'), path.join(root, 'memory'));
    await swapped.restorePrevious();
    expect(siblings()).toEqual([]);
  });

  it('settles once: a discard after a restore changes nothing', async () => {
    const dir = makeInstall('memory', '1.0.0');
    const swapped = await swapInstall(makeInstall('.memory.installing-x', '2.0.0'), dir);
    await swapped.restorePrevious();
    await swapped.discardPrevious();
    expect(versionAt(dir)).toBe('1.0.0');
  });

  it('keeps the old install where it was when the new one cannot be moved in', async () => {
    const dir = makeInstall('memory', '1.0.0');
    await expect(swapInstall(path.join(root, 'missing-staging'), dir)).rejects.toThrow(/ENOENT/);
    expect(versionAt(dir)).toBe('1.0.0');
    expect(siblings()).toEqual(['memory']);
  });
});
