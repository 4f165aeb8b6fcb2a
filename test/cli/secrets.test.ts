import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSecretsFile } from '../../src/secrets/secret-store.js';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';
import { runCli, runCliJson } from './run-cli.js';

const VALUE = 'ghp_SECRETVALUE0123456789abcdef';

const PASSPHRASE = { TOOLGATE_SECRETS_PASSPHRASE: 'cli passphrase 7d1e' };

let sandbox: Sandbox;
const secretsFile = () => path.join(sandbox.toolgateHome, 'secrets.json');
const keyFile = () => path.join(sandbox.toolgateHome, 'secrets.key');
const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
beforeEach(() => {
  sandbox = createSandbox();
});
afterEach(() => sandbox.remove());

describe('toolgate secrets', () => {
  it('stores a value read from stdin in an encrypted 0600 file with a 0600 key file, and never prints it', async () => {
    const set = await runCliJson(sandbox, ['secrets', 'set', 'github', 'GITHUB_TOKEN'], { input: `${VALUE}\n` });
    expect(set.exitCode).toBe(0);
    expect(set.json).toEqual({ server: 'github', name: 'GITHUB_TOKEN', file: secretsFile() });
    expect(JSON.stringify(set.json) + set.stderr).not.toContain(VALUE);
    expect(fs.readFileSync(secretsFile(), 'utf8')).not.toContain(VALUE);
    expect(JSON.parse(fs.readFileSync(secretsFile(), 'utf8'))).toMatchObject({
      version: 2,
      cipher: 'aes-256-gcm',
      kdf: 'keyfile',
    });
    expect(await readSecretsFile(secretsFile())).toEqual({ github: { GITHUB_TOKEN: VALUE } });
    expect(modeOf(secretsFile())).toBe('600');
    expect(modeOf(keyFile())).toBe('600');

    const human = await runCli(sandbox, ['secrets', 'set', 'github', 'OTHER'], { input: 'v2' });
    expect(human.stdout).toContain('Stored OTHER for github');
    expect(human.stdout + human.stderr).not.toContain('v2');
  });

  it('lists server and variable names only', async () => {
    await runCli(sandbox, ['secrets', 'set', 'github', 'GITHUB_TOKEN'], { input: VALUE });
    await runCli(sandbox, ['secrets', 'set', 'slack', 'SLACK_TOKEN'], { input: 'xoxb-1' });
    const list = await runCliJson(sandbox, ['secrets', 'list']);
    expect(list.json).toEqual({
      file: secretsFile(),
      servers: [
        { server: 'github', names: ['GITHUB_TOKEN'] },
        { server: 'slack', names: ['SLACK_TOKEN'] },
      ],
    });
    const human = await runCli(sandbox, ['secrets', 'list']);
    expect(human.stdout).toBe('github: GITHUB_TOKEN\nslack: SLACK_TOKEN');
  });

  it('removes one variable or a whole server, and exits 1 when there is nothing to remove', async () => {
    await runCli(sandbox, ['secrets', 'set', 'github', 'A'], { input: '1' });
    await runCli(sandbox, ['secrets', 'set', 'github', 'B'], { input: '2' });
    expect((await runCliJson(sandbox, ['secrets', 'rm', 'github', 'A'])).json).toEqual({
      server: 'github',
      removed: ['A'],
    });
    expect((await runCliJson(sandbox, ['secrets', 'rm', 'github'])).json).toEqual({ server: 'github', removed: ['B'] });
    const again = await runCliJson(sandbox, ['secrets', 'rm', 'github']);
    expect(again).toMatchObject({ exitCode: 1, json: { removed: [] } });
    expect(await readSecretsFile(secretsFile())).toEqual({});
  });

  it('refuses a malformed server name in set and rm with a usage error', async () => {
    for (const args of [
      ['secrets', 'set', '../evil', 'TOKEN'],
      ['secrets', 'rm', '../evil'],
      ['secrets', 'rm', 'bad name', 'TOKEN'],
    ]) {
      const run = await runCli(sandbox, args, { input: 'x' });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('Expected a server name');
    }
    expect(fs.existsSync(secretsFile())).toBe(false);
  });

  it('refuses an empty value, a bad variable name and a value given on the command line', async () => {
    expect((await runCli(sandbox, ['secrets', 'set', 'github', 'TOKEN'], { input: '' })).exitCode).toBe(2);
    expect((await runCli(sandbox, ['secrets', 'set', 'github', '1BAD'], { input: 'x' })).exitCode).toBe(2);
    expect((await runCli(sandbox, ['secrets', 'set', 'github', 'TOKEN', VALUE], { input: 'x' })).exitCode).toBe(2);
    expect(fs.existsSync(secretsFile())).toBe(false);
  });

  it('does not overwrite a secrets file it cannot parse', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(secretsFile(), '{"servers": {"github": {"A": "1"}}', { mode: 0o600 });
    const run = await runCli(sandbox, ['secrets', 'set', 'github', 'B'], { input: 'x' });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Nothing was changed');
    expect(fs.readFileSync(secretsFile(), 'utf8')).toBe('{"servers": {"github": {"A": "1"}}');
  });

  it("sync reports each server's ${VAR} as stored, set in the environment or missing, and --from-env stores the set ones", async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      path.join(sandbox.toolgateHome, 'servers.json'),
      JSON.stringify({
        mcpServers: {
          github: { command: 'gh-mcp', env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', LOG: '${LOG_LEVEL:-info}' } },
          api: { type: 'http', url: 'https://x.example/mcp', headers: { Authorization: 'Bearer ${API_TOKEN}' } },
          off: { command: 'x', env: { K: '${OFF_KEY}' }, disabled: true },
        },
      }),
    );
    await runCli(sandbox, ['secrets', 'set', 'api', 'API_TOKEN'], { input: 'stored-api' });
    const file = path.join(sandbox.toolgateHome, 'servers.json');
    const check = await runCliJson<{ variables: unknown[]; stored: unknown[] }>(sandbox, ['secrets', 'sync'], {
      env: { GITHUB_TOKEN: VALUE },
    });
    expect(check.exitCode).toBe(0);
    expect(check.json).toEqual({
      variables: [
        { server: 'github', name: 'GITHUB_TOKEN', state: 'environment', file },
        { server: 'api', name: 'API_TOKEN', state: 'stored', file },
      ],
      stored: [],
    });
    const missing = await runCliJson<{ variables: { state: string }[] }>(sandbox, ['secrets', 'sync']);
    expect(missing.exitCode).toBe(1);
    expect(missing.json.variables.map((variable) => variable.state)).toEqual(['missing', 'stored']);

    const synced = await runCliJson(sandbox, ['secrets', 'sync', '--from-env'], { env: { GITHUB_TOKEN: VALUE } });
    expect(synced.json.stored).toEqual([{ server: 'github', name: 'GITHUB_TOKEN' }]);
    expect(JSON.stringify(synced.json)).not.toContain(VALUE);
    expect(await readSecretsFile(secretsFile())).toEqual({
      api: { API_TOKEN: 'stored-api' },
      github: { GITHUB_TOKEN: VALUE },
    });
    expect(fs.readFileSync(secretsFile(), 'utf8')).not.toContain(VALUE);
  });
  it('status shows a plain file as plain, encrypt encrypts it now, and status then shows the key file and counts, never a value', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(secretsFile(), JSON.stringify({ servers: { github: { GITHUB_TOKEN: VALUE, HOST: 'h' } } }), {
      mode: 0o600,
    });
    const plain = await runCliJson(sandbox, ['secrets', 'status']);
    expect(plain).toMatchObject({ exitCode: 0 });
    expect(plain.json).toEqual({
      file: secretsFile(),
      format: 'plain',
      kdf: null,
      mode: '600',
      key_file: keyFile(),
      key_file_exists: false,
      passphrase_set: false,
      servers: 1,
      secrets: 2,
    });
    const humanPlain = await runCli(sandbox, ['secrets', 'status']);
    expect(humanPlain.stdout).toMatch(/^format: +plain text \(not encrypted\)$/m);
    expect(humanPlain.stdout).toContain('run `toolgate secrets encrypt`');

    const encrypted = await runCliJson(sandbox, ['secrets', 'encrypt']);
    expect(encrypted.json).toEqual({
      file: secretsFile(),
      previous: 'plain',
      kdf: 'keyfile',
      servers: 1,
      secrets: 2,
      key_file: keyFile(),
    });
    expect(fs.readFileSync(secretsFile(), 'utf8')).not.toContain(VALUE);
    expect(modeOf(keyFile())).toBe('600');
    const after = await runCliJson(sandbox, ['secrets', 'status']);
    expect(after.json).toMatchObject({ format: 'encrypted', kdf: 'keyfile', key_file_exists: true, secrets: 2 });
    const human = await runCli(sandbox, ['secrets', 'status']);
    expect(human.stdout).toMatch(/^format: +encrypted \(aes-256-gcm\)$/m);
    expect(human.stdout).toContain(`key file:   ${keyFile()} (exists)`);
    expect(human.stdout).toMatch(/^secrets: +2 for 1 server$/m);
    for (const run of [plain, encrypted, after]) expect(JSON.stringify(run)).not.toContain(VALUE);
    expect(human.stdout + humanPlain.stdout).not.toContain(VALUE);

    const again = await runCli(sandbox, ['secrets', 'encrypt']);
    expect(again.stdout).toContain(
      `Re-encrypted ${secretsFile()} (2 secrets for 1 server) with the key file ${keyFile()}.`,
    );
    expect((await runCli(sandbox, ['secrets', 'list'])).stdout).toBe('github: GITHUB_TOKEN, HOST');
  });

  it('with TOOLGATE_SECRETS_PASSPHRASE, writes with scrypt; without it or with another one, says so clearly, with no value and no stack', async () => {
    await runCli(sandbox, ['secrets', 'set', 'github', 'GITHUB_TOKEN'], { input: VALUE, env: PASSPHRASE });
    expect(fs.existsSync(keyFile())).toBe(false);
    expect((await runCliJson(sandbox, ['secrets', 'status'], { env: PASSPHRASE })).json).toMatchObject({
      format: 'encrypted',
      kdf: 'scrypt',
      passphrase_set: true,
      secrets: 1,
    });
    expect((await runCli(sandbox, ['secrets', 'list'], { env: PASSPHRASE })).stdout).toBe('github: GITHUB_TOKEN');

    const missing = await runCli(sandbox, ['secrets', 'list']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(
      `toolgate: The secrets file ${secretsFile()} is encrypted with a passphrase (kdf scrypt), and TOOLGATE_SECRETS_PASSPHRASE is not set.`,
    );

    const wrong = await runCli(sandbox, ['secrets', 'set', 'github', 'OTHER'], {
      input: 'x',
      env: { TOOLGATE_SECRETS_PASSPHRASE: 'not the one' },
    });
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain(
      'TOOLGATE_SECRETS_PASSPHRASE does not match the key it was encrypted with, or the file was altered',
    );
    expect(wrong.stderr).toContain('what to do: Set TOOLGATE_SECRETS_PASSPHRASE to the passphrase it was written with');
    const status = await runCliJson(sandbox, ['secrets', 'status'], {
      env: { TOOLGATE_SECRETS_PASSPHRASE: 'not the one' },
    });
    expect(status).toMatchObject({
      exitCode: 1,
      json: { kdf: 'scrypt', secrets: null, problem: expect.stringContaining('does not match') as unknown },
    });
    for (const run of [missing, wrong]) {
      expect(run.stderr).not.toContain(VALUE);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
    expect(await readSecretsFile(secretsFile(), { env: PASSPHRASE })).toEqual({ github: { GITHUB_TOKEN: VALUE } });
  });

  it('refuses a tampered file and a loose key file, changing nothing', async () => {
    await runCli(sandbox, ['secrets', 'set', 'github', 'GITHUB_TOKEN'], { input: VALUE });
    const envelope = JSON.parse(fs.readFileSync(secretsFile(), 'utf8')) as { data: string };
    const data = Buffer.from(envelope.data, 'base64');
    data[3] = data[3]! ^ 0xff;
    const tampered = JSON.stringify({ ...envelope, data: data.toString('base64') });
    fs.writeFileSync(secretsFile(), tampered, { mode: 0o600 });
    const run = await runCli(sandbox, ['secrets', 'rm', 'github']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      `The secrets file ${secretsFile()} could not be decrypted: the key in ${keyFile()} does not match the key it was encrypted with, or the file was altered.`,
    );
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(fs.readFileSync(secretsFile(), 'utf8')).toBe(tampered);

    fs.chmodSync(keyFile(), 0o644);
    const loose = await runCli(sandbox, ['secrets', 'set', 'github', 'OTHER'], { input: 'x' });
    expect(loose.exitCode).toBe(1);
    expect(loose.stderr).toContain(
      `The secrets key file ${keyFile()} has mode 644: other users can read it, so toolgate refuses to use it.`,
    );
    expect(loose.stderr).toContain(`chmod 600 ${keyFile()}`);
  });
});
