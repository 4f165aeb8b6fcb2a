// What `toolgate wrap` hands the server from its own environment, and what it says about stored secrets it could not open.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setSecret } from '../../src/secrets/secret-store.js';
import { createServerEnv } from '../../src/wrap/server-env.js';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';
import { GATES_FIXTURE, startWrap } from './wrap-client.js';

const PASSPHRASE = 'the-right-passphrase-4711';
const WRONG_PASSPHRASE = 'a-wrong-passphrase-0815';
const AUTH_TOKEN = 'toolgate-service-token-0123456789abcdef';

describe('toolgate wrap and the environment', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.remove());

  it("withholds toolgate's own credentials from the server, keeps the rest, and reports a secrets file it cannot open", async () => {
    const secretsFile = path.join(sandbox.toolgateHome, 'secrets.json');
    await setSecret(secretsFile, 'fx', 'FX_TOKEN', 'stored-value-never-printed', {
      env: { TOOLGATE_SECRETS_PASSPHRASE: PASSPHRASE },
    });
    const run = await startWrap(sandbox, {
      command: GATES_FIXTURE,
      flags: ['--name', 'fx'],
      env: { TOOLGATE_SECRETS_PASSPHRASE: WRONG_PASSPHRASE, TOOLGATE_AUTH_TOKEN: AUTH_TOKEN, FIXTURE_KEPT: 'yes' },
    });
    try {
      const result = await run.call('env_names');
      const names = JSON.parse((result.content[0] as { text: string }).text) as string[];
      expect(names).toEqual(expect.arrayContaining(['PATH', 'HOME', 'TOOLGATE_HOME', 'FIXTURE_KEPT']));
      expect(names).not.toContain('TOOLGATE_SECRETS_PASSPHRASE');
      expect(names).not.toContain('TOOLGATE_AUTH_TOKEN');
    } finally {
      await run.close();
    }
    const wrapLines = run
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('toolgate wrap: '));
    expect(wrapLines).toEqual([
      expect.stringContaining(`${secretsFile} could not be decrypted: TOOLGATE_SECRETS_PASSPHRASE does not match`),
    ]);
    for (const value of [PASSPHRASE, WRONG_PASSPHRASE, 'stored-value-never-printed'])
      expect(run.stderr()).not.toContain(value);
  });
});

describe('createServerEnv', () => {
  it('drops only the withheld names, ignoring case on Windows alone', () => {
    const env = { PATH: '/bin', TOOLGATE_AUTH_TOKEN: 't', toolgate_auth_token: 'lower', OTHER: 'o' };
    expect(createServerEnv(env, ['TOOLGATE_AUTH_TOKEN'], 'linux')).toEqual({
      PATH: '/bin',
      toolgate_auth_token: 'lower',
      OTHER: 'o',
    });
    expect(createServerEnv(env, ['TOOLGATE_AUTH_TOKEN'], 'win32')).toEqual({ PATH: '/bin', OTHER: 'o' });
  });
});
