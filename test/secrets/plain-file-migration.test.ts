// A plain (version 1) secrets file still loads, is encrypted on its next write or by encryptSecretsFile, and is reported as plain until then.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkSecretsFile } from '../../src/doctor/checks/secrets-file.js';
import { encryptSecretsFile, loadSecretStore, readSecretsFile, setSecret } from '../../src/secrets/secret-store.js';
import { readSecretsStatus } from '../../src/secrets/secrets-status.js';

const VALUE = 'xoxb-PlainBeforeMigration-42';
const PLAIN = `${JSON.stringify({ servers: { slack: { SLACK_TOKEN: VALUE } } }, null, 2)}\n`;
const PASSPHRASE = { TOOLGATE_SECRETS_PASSPHRASE: 'migrate me' };

let dir: string;
let file: string;
let keyFile: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'toolgate-secrets-migration-'));
  file = path.join(dir, 'secrets.json');
  keyFile = path.join(dir, 'secrets.key');
  await fs.writeFile(file, PLAIN, { mode: 0o600 });
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a plain version 1 secrets file', () => {
  it('loads as before, without creating a key', async () => {
    const { store, problems } = await loadSecretStore(file);
    expect(problems).toEqual([]);
    expect(store.forServer('slack')).toEqual({ SLACK_TOKEN: VALUE });
    await expect(fs.stat(keyFile)).rejects.toThrow();
  });

  it('is encrypted on the next write, keeping every value', async () => {
    await setSecret(file, 'github', 'GITHUB_TOKEN', 'ghp_new');
    const text = await fs.readFile(file, 'utf8');
    expect(text).not.toContain(VALUE);
    expect(JSON.parse(text)).toMatchObject({ version: 2, kdf: 'keyfile' });
    expect(await readSecretsFile(file)).toEqual({ slack: { SLACK_TOKEN: VALUE }, github: { GITHUB_TOKEN: 'ghp_new' } });
  });

  it('is encrypted now by encryptSecretsFile, with the key file or the passphrase', async () => {
    expect(await encryptSecretsFile(file)).toEqual({ previous: 'plain', kdf: 'keyfile', servers: 1, secrets: 1 });
    expect(await fs.readFile(file, 'utf8')).not.toContain(VALUE);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readSecretsFile(file)).toEqual({ slack: { SLACK_TOKEN: VALUE } });

    // Again with a passphrase set: re-encrypted with a key derived from it.
    expect(await encryptSecretsFile(file, { env: PASSPHRASE })).toEqual({
      previous: 'encrypted',
      kdf: 'scrypt',
      servers: 1,
      secrets: 1,
    });
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toMatchObject({ kdf: 'scrypt' });
    expect(await readSecretsFile(file, { env: PASSPHRASE })).toEqual({ slack: { SLACK_TOKEN: VALUE } });
  });

  it('encryptSecretsFile leaves a file it cannot parse as it is, and does nothing when there is no file', async () => {
    await fs.writeFile(file, '{ "servers": ', { mode: 0o600 });
    await expect(encryptSecretsFile(file)).rejects.toThrow(/cannot be edited: it is not valid JSON/);
    expect(await fs.readFile(file, 'utf8')).toBe('{ "servers": ');
    await fs.rm(file);
    expect(await encryptSecretsFile(file)).toEqual({ previous: 'missing', kdf: null, servers: 0, secrets: 0 });
    await expect(fs.stat(file)).rejects.toThrow();
  });
});

describe('secrets status and the doctor check', () => {
  it('status reports format, kdf, key file and counts, never a value', async () => {
    const plain = await readSecretsStatus(file);
    expect(plain).toEqual({
      file,
      format: 'plain',
      kdf: null,
      mode: '600',
      key_file: keyFile,
      key_file_exists: false,
      passphrase_set: false,
      servers: 1,
      secrets: 1,
    });
    await encryptSecretsFile(file);
    expect(await readSecretsStatus(file, { env: PASSPHRASE })).toEqual({
      ...plain,
      format: 'encrypted',
      kdf: 'keyfile',
      key_file_exists: true,
      passphrase_set: true,
    });
    await fs.writeFile(keyFile, Buffer.alloc(32, 1), { mode: 0o600 });
    const broken = await readSecretsStatus(file);
    expect(broken).toMatchObject({
      format: 'encrypted',
      kdf: 'keyfile',
      servers: null,
      secrets: null,
      problem: expect.stringContaining('could not be decrypted') as unknown,
    });
    expect(JSON.stringify([plain, broken])).not.toContain(VALUE);
    await fs.rm(file);
    expect(await readSecretsStatus(file)).toMatchObject({ format: 'missing', mode: null, secrets: 0 });
  });

  it('doctor warns on a plain file with the fix, passes an encrypted one, and fails on a key mismatch or a loose key file', async () => {
    expect(await checkSecretsFile(file, 'linux')).toMatchObject({
      status: 'warn',
      fix: 'toolgate secrets encrypt',
      message: expect.stringContaining('plain text') as unknown,
    });
    await encryptSecretsFile(file);
    expect(await checkSecretsFile(file, 'linux')).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('1 secret for 1 server(s), encrypted (aes-256-gcm)') as unknown,
    });
    await fs.chmod(keyFile, 0o640);
    expect(await checkSecretsFile(file, 'linux')).toMatchObject({ status: 'fail', fix: `chmod 600 ${keyFile}` });
    await fs.writeFile(keyFile, Buffer.alloc(32, 1), { mode: 0o600 });
    await fs.chmod(keyFile, 0o600);
    const mismatch = await checkSecretsFile(file, 'linux');
    expect(mismatch).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('does not match the key it was encrypted with') as unknown,
    });
    expect(JSON.stringify(mismatch)).not.toContain(VALUE);
  });

  it('doctor opens a passphrase file with the env it is given', async () => {
    await encryptSecretsFile(file, { env: PASSPHRASE });
    expect(await checkSecretsFile(file, 'linux')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('TOOLGATE_SECRETS_PASSPHRASE is not set') as unknown,
    });
    expect(await checkSecretsFile(file, 'linux', { env: PASSPHRASE })).toMatchObject({
      status: 'ok',
      message: expect.stringContaining('with a key from TOOLGATE_SECRETS_PASSPHRASE') as unknown,
    });
  });
});
