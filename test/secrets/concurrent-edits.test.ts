// Edits of one secrets file that overlap in time all land: none is lost to another's read-modify-write.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSecretsFile, removeSecret, setSecret } from '../../src/secrets/secret-store.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-secrets-concurrent-'));
  file = path.join(dir, 'secrets.json');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('concurrent secret edits', () => {
  it('keeps every value when several setSecret calls run at once', async () => {
    await Promise.all([
      setSecret(file, 'github', 'GITHUB_TOKEN', 'one'),
      setSecret(file, 'linear', 'LINEAR_API_KEY', 'two'),
      setSecret(file, 'github', 'GITHUB_HOST', 'three'),
      setSecret(file, 'stripe', 'STRIPE_SECRET_KEY', 'four'),
    ]);
    expect(await readSecretsFile(file)).toEqual({
      github: { GITHUB_TOKEN: 'one', GITHUB_HOST: 'three' },
      linear: { LINEAR_API_KEY: 'two' },
      stripe: { STRIPE_SECRET_KEY: 'four' },
    });
  });

  it('a removal running beside a set removes only its variable, and the same file reached by another path shares the queue', async () => {
    await setSecret(file, 'github', 'OLD_TOKEN', 'old');
    const [, removed] = await Promise.all([
      setSecret(path.join(dir, '.', 'secrets.json'), 'github', 'NEW_TOKEN', 'new'),
      removeSecret(file, 'github', 'OLD_TOKEN'),
      setSecret(file, 'linear', 'LINEAR_API_KEY', 'two'),
    ]);
    expect(removed).toEqual(['OLD_TOKEN']);
    expect(await readSecretsFile(file)).toEqual({ github: { NEW_TOKEN: 'new' }, linear: { LINEAR_API_KEY: 'two' } });
  });

  it('a failed edit does not block the next one', async () => {
    await expect(setSecret(file, 'github', '1BAD', 'x')).rejects.toThrow(/environment variable name/);
    await fs.writeFile(file, '{ broken');
    await expect(setSecret(file, 'github', 'GITHUB_TOKEN', 'x')).rejects.toThrow(/cannot be edited/);
    await fs.rm(file);
    await setSecret(file, 'github', 'GITHUB_TOKEN', 'after');
    expect(await readSecretsFile(file)).toEqual({ github: { GITHUB_TOKEN: 'after' } });
  });
});
