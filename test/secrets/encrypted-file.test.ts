// The secrets file at rest is AES-256-GCM ciphertext: a key file or a passphrase opens it, nothing else does.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isGatewayError } from '../../src/errors/index.js';
import { loadSecretStore, readSecretsFile, removeSecret, setSecret } from '../../src/secrets/secret-store.js';

const VALUE = 'ghp_EncryptedAtRest0123456789abcdef';
const PASSPHRASE = { TOOLGATE_SECRETS_PASSPHRASE: 'correct horse battery staple' };

let dir: string;
let file: string;
let keyFile: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-secrets-encrypted-'));
  file = path.join(dir, 'secrets.json');
  keyFile = path.join(dir, 'secrets.key');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function onDisk(): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
}

/** The error a promise rejects with; the test fails if it resolves. */
async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected an error'),
    (error: unknown) => error,
  );
}

describe('a secrets file encrypted with the key file', () => {
  it('round-trips, writes only ciphertext, and creates secrets.key with mode 0600 and 32 bytes', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE);
    await setSecret(file, 'slack', 'SLACK_TOKEN', 'xoxb-second');
    expect(await readSecretsFile(file)).toEqual({
      github: { GITHUB_TOKEN: VALUE },
      slack: { SLACK_TOKEN: 'xoxb-second' },
    });
    const { store, problems } = await loadSecretStore(file);
    expect(problems).toEqual([]);
    expect(store.forServer('github')).toEqual({ GITHUB_TOKEN: VALUE });

    const text = await fs.readFile(file, 'utf8');
    expect(text).not.toContain(VALUE);
    expect(text).not.toContain('GITHUB_TOKEN');
    expect(Object.keys(await onDisk())).toEqual(['version', 'cipher', 'kdf', 'iv', 'tag', 'data']);
    expect(await onDisk()).toMatchObject({ version: 2, cipher: 'aes-256-gcm', kdf: 'keyfile' });
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await fs.readFile(keyFile)).length).toBe(32);
  });

  it('keeps the same key across writes and uses a fresh IV for each', async () => {
    await setSecret(file, 'github', 'A', '1');
    const key = await fs.readFile(keyFile);
    const first = await onDisk();
    await setSecret(file, 'github', 'B', '2');
    expect(await fs.readFile(keyFile)).toEqual(key);
    expect((await onDisk()).iv).not.toBe(first.iv);
    expect(await removeSecret(file, 'github', 'A')).toEqual(['A']);
    expect(await readSecretsFile(file)).toEqual({ github: { B: '2' } });
  });

  it('refuses a key file others can read, to read or to write, and says how to fix it', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE);
    await fs.chmod(keyFile, 0o644);
    const error = await errorOf(readSecretsFile(file));
    expect(isGatewayError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toContain(`${keyFile} has mode 644`);
    expect((error as { hint: string }).hint).toContain(`chmod 600 ${keyFile}`);
    const before = await fs.readFile(file, 'utf8');
    await expect(setSecret(file, 'github', 'OTHER', 'x')).rejects.toThrow(/has mode 644/);
    expect(await fs.readFile(file, 'utf8')).toBe(before);
    // Before the first write too: a loose key is never used to encrypt.
    await fs.rm(file);
    await expect(setSecret(file, 'github', 'OTHER', 'x')).rejects.toThrow(/has mode 644/);
    await expect(fs.stat(file)).rejects.toThrow();
  });

  it('refuses a key file of the wrong length', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE);
    await fs.writeFile(keyFile, Buffer.alloc(16), { mode: 0o600 });
    await expect(readSecretsFile(file)).rejects.toThrow(/expected exactly 32 bytes \(a raw AES-256 key\), received 16/);
  });

  it('names the missing key file instead of creating a new one over the old secrets', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE);
    await fs.rm(keyFile);
    await expect(setSecret(file, 'github', 'OTHER', 'x')).rejects.toThrow(
      `is encrypted with the key file ${keyFile}, which does not exist`,
    );
    await expect(fs.stat(keyFile)).rejects.toThrow();
  });

  it('a different key file fails authentication with a clear error, and loading reports it with an empty store', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE);
    await fs.writeFile(keyFile, Buffer.alloc(32, 7), { mode: 0o600 });
    const error = await errorOf(readSecretsFile(file));
    expect(isGatewayError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toBe(
      `The secrets file ${file} could not be decrypted: the key in ${keyFile} does not match the key it was encrypted with, or the file was altered. No secrets were read from it.`,
    );
    expect((error as { hint: string }).hint).toContain('Put back the secrets.key it was written with');
    const { store, problems } = await loadSecretStore(file);
    expect(store.values()).toEqual([]);
    expect(problems).toEqual([expect.stringContaining('could not be decrypted')]);
  });
});

describe('a secrets file encrypted with a passphrase', () => {
  it('round-trips with scrypt and a salt, and creates no key file', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE, { env: PASSPHRASE });
    expect(await readSecretsFile(file, { env: PASSPHRASE })).toEqual({ github: { GITHUB_TOKEN: VALUE } });
    expect((await loadSecretStore(file, { env: PASSPHRASE })).store.values()).toEqual([VALUE]);
    const first = await onDisk();
    expect(Object.keys(first)).toEqual(['version', 'cipher', 'kdf', 'salt', 'iv', 'tag', 'data']);
    expect(first).toMatchObject({ version: 2, cipher: 'aes-256-gcm', kdf: 'scrypt' });
    expect(await fs.readFile(file, 'utf8')).not.toContain(VALUE);
    await expect(fs.stat(keyFile)).rejects.toThrow();
    await setSecret(file, 'github', 'OTHER', 'x', { env: PASSPHRASE });
    expect((await onDisk()).salt).not.toBe(first.salt);
  });

  it('a wrong passphrase is a clear error naming the file and the variable, with no value anywhere in it', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE, { env: PASSPHRASE });
    const error = await errorOf(readSecretsFile(file, { env: { TOOLGATE_SECRETS_PASSPHRASE: 'wrong' } }));
    expect(isGatewayError(error) && error.code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toBe(
      `The secrets file ${file} could not be decrypted: TOOLGATE_SECRETS_PASSPHRASE does not match the key it was encrypted with, or the file was altered. No secrets were read from it.`,
    );
    expect((error as { hint: string }).hint).toContain(
      'Set TOOLGATE_SECRETS_PASSPHRASE to the passphrase it was written with',
    );
    expect(inspect(error, { depth: 10 })).not.toContain(VALUE);
    expect(inspect(error, { depth: 10 })).not.toContain('wrong');
  });

  it('says the passphrase is needed when it is not set', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE, { env: PASSPHRASE });
    await expect(readSecretsFile(file)).rejects.toThrow(
      `${file} is encrypted with a passphrase (kdf scrypt), and TOOLGATE_SECRETS_PASSPHRASE is not set`,
    );
    const { problems } = await loadSecretStore(file, { env: {} });
    expect(problems).toEqual([expect.stringContaining('TOOLGATE_SECRETS_PASSPHRASE is not set')]);
  });

  it("the file's own kdf decides how it is opened; the next write with a passphrase set switches to it", async () => {
    await setSecret(file, 'github', 'A', '1');
    expect(await readSecretsFile(file, { env: PASSPHRASE })).toEqual({ github: { A: '1' } });
    await setSecret(file, 'github', 'B', '2', { env: PASSPHRASE });
    expect((await onDisk()).kdf).toBe('scrypt');
    expect(await readSecretsFile(file, { env: PASSPHRASE })).toEqual({ github: { A: '1', B: '2' } });
  });
});

describe('an altered secrets file', () => {
  for (const field of ['data', 'tag', 'iv'] as const) {
    it(`fails authentication when its ${field} changed, and an edit leaves it as it was`, async () => {
      await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE);
      const envelope = await onDisk();
      const bytes = Buffer.from(envelope[field] as string, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      const altered = `${JSON.stringify({ ...envelope, [field]: bytes.toString('base64') })}\n`;
      await fs.writeFile(file, altered, { mode: 0o600 });
      await expect(readSecretsFile(file)).rejects.toThrow(/could not be decrypted: .* or the file was altered/);
      await expect(setSecret(file, 'github', 'OTHER', 'x')).rejects.toThrow(/could not be decrypted/);
      expect(await fs.readFile(file, 'utf8')).toBe(altered);
      const { store, problems } = await loadSecretStore(file);
      expect(store.values()).toEqual([]);
      expect(problems).toHaveLength(1);
    });
  }

  it('with a malformed envelope is reported by field, not decrypted', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', VALUE);
    await fs.writeFile(file, JSON.stringify({ ...(await onDisk()), tag: 'AAAA' }), { mode: 0o600 });
    await expect(readSecretsFile(file)).rejects.toThrow(
      /cannot be edited: it does not have the shape \{"version": 2.*\(problem at tag\)/,
    );
    expect((await loadSecretStore(file)).problems).toEqual([expect.stringContaining('(problem at tag)')]);
  });
});
