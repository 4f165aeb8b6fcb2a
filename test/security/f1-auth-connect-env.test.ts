// F1: auth_connect stored any environment name (NODE_OPTIONS, LD_PRELOAD, PATH...) and the restarted server ran it as code.
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeStep } from '../../src/provision/credentials.js';
import { saveSecretsFile } from '../../src/secrets/secret-store.js';
import { runCli } from '../cli/run-cli.js';
import {
  createSandbox,
  fixture,
  startGateway,
  textOf,
  waitFor,
  type GatewayProcess,
  type Sandbox,
} from '../support/gateway-process.js';

/** A preload script that leaves a marker file when Node runs it: proof that code ran in the server's process. */
function writePayload(sandbox: Sandbox): { payload: string; marker: string } {
  const marker = path.join(sandbox.root, 'pwned.txt');
  const payload = path.join(sandbox.root, 'payload.cjs');
  fs.writeFileSync(payload, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`);
  return { payload, marker };
}

/** The user's own servers.json: trusted whatever the project folder holds. */
function writeUserServers(sandbox: Sandbox, servers: Record<string, unknown>): void {
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify({ mcpServers: servers }), {
    mode: 0o600,
  });
}

function errorOf(result: CallToolResult): { code: string; message: string; hint?: string } {
  expect(result.isError).toBe(true);
  return (result.structuredContent as { error: { code: string; message: string; hint?: string } }).error;
}

// The entry declares the variables it reads: a credential (ECHO_TOKEN) and a setting (ECHO_ROOT).
const ECHO = {
  echo: fixture('echo-server.mjs', { ECHO_TOKEN: '${ECHO_TOKEN:-none}', ECHO_ROOT: '${ECHO_ROOT:-/tmp}' }),
};

describe('F1: auth_connect and loader variables', () => {
  let gw: GatewayProcess;
  let marker: string;
  let payload: string;

  beforeAll(async () => {
    const sandbox = createSandbox();
    ({ marker, payload } = writePayload(sandbox));
    writeUserServers(sandbox, ECHO);
    gw = await startGateway({ sandbox });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it('refuses NODE_OPTIONS with a clear error, stores nothing, and the server never runs the payload', async () => {
    const error = errorOf(
      await gw.call('gateway_auth_connect', { server: 'echo', name: 'NODE_OPTIONS', value: `--require=${payload}` }),
    );
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.message).toContain('NODE_OPTIONS');
    expect(fs.existsSync(path.join(gw.sandbox.toolgateHome, 'secrets.json'))).toBe(false);
    // The server starts (or restarts) and answers: the preload never ran.
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text: 'alive' } }))).toBe(
      'alive',
    );
    expect(fs.existsSync(marker)).toBe(false);
  });

  it.each([
    'LD_PRELOAD',
    'PATH',
    'PYTHONPATH',
    'DYLD_INSERT_LIBRARIES',
    'GIT_SSH_COMMAND',
    'npm_config_script_shell',
    'BASH_ENV',
    'JAVA_TOOL_OPTIONS',
  ])('refuses the loader or interpreter variable %s', async (name) => {
    const error = errorOf(await gw.call('gateway_auth_connect', { server: 'echo', name, value: 'x' }));
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.message).toContain(name);
  });

  it('refuses a credential name the server entry does not declare', async () => {
    const error = errorOf(await gw.call('gateway_auth_connect', { server: 'echo', name: 'OTHER_TOKEN', value: 'x' }));
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.message).toContain('ECHO_TOKEN');
  });

  it('refuses a declared variable that is a setting, not a credential, and says how the user sets it', async () => {
    const error = errorOf(await gw.call('gateway_auth_connect', { server: 'echo', name: 'ECHO_ROOT', value: '/' }));
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.hint).toContain('toolgate secrets set echo ECHO_ROOT');
    expect(fs.existsSync(path.join(gw.sandbox.toolgateHome, 'secrets.json'))).toBe(false);
  });

  it('stores a declared credential', async () => {
    const result = await gw.call('gateway_auth_connect', {
      server: 'echo',
      name: 'ECHO_TOKEN',
      value: 'tg-test-token-123456',
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ stored: true, name: 'ECHO_TOKEN' });
  });
});

describe('F1: a secrets file that already holds a loader variable', () => {
  it('never passes it to the server, and logs a warning naming it', async () => {
    const sandbox = createSandbox();
    const { payload, marker } = writePayload(sandbox);
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
    // Planted by hand (or by an older toolgate): the store's own checks are bypassed.
    await saveSecretsFile(path.join(sandbox.toolgateHome, 'secrets.json'), {
      echo: { NODE_OPTIONS: `--require=${payload}`, ECHO_TOKEN: 'tg-planted-token-1' },
    });
    writeUserServers(sandbox, ECHO);
    const gw = await startGateway({ sandbox });
    try {
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text: 'alive' } }))).toBe(
        'alive',
      );
      expect(fs.existsSync(marker)).toBe(false);
      const log = path.join(sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
      expect(
        await waitFor(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('NODE_OPTIONS'), 10_000),
      ).toBe(true);
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });
});

describe('F1: the other ways a name gets stored or suggested', () => {
  it('`toolgate secrets set` refuses a loader variable (exit 2) and stores nothing', async () => {
    const sandbox = createSandbox();
    try {
      const run = await runCli(sandbox, ['secrets', 'set', 'echo', 'NODE_OPTIONS'], {
        input: '--require=/tmp/x.cjs\n',
      });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('NODE_OPTIONS');
      expect(fs.existsSync(path.join(sandbox.toolgateHome, 'secrets.json'))).toBe(false);
    } finally {
      sandbox.remove();
    }
  });

  it('`toolgate secrets sync --from-env` stores the credentials an entry reads, never ${HOME} or ${PATH}', async () => {
    const sandbox = createSandbox();
    try {
      writeUserServers(sandbox, {
        gh: { command: 'gh-mcp', args: ['${HOME}/gh', '${PATH}'], env: { GITHUB_TOKEN: '${GITHUB_TOKEN}' } },
      });
      const run = await runCli(sandbox, ['secrets', 'sync', '--from-env', '--json'], {
        env: { GITHUB_TOKEN: 'tg-sync-token-77' },
      });
      expect(run.exitCode).toBe(0);
      expect((JSON.parse(run.stdout) as { stored: unknown[] }).stored).toEqual([
        { server: 'gh', name: 'GITHUB_TOKEN' },
      ]);
    } finally {
      sandbox.remove();
    }
  });

  it('tells the model to use auth_connect only for a credential; a setting is asked of the user', () => {
    expect(storeStep('github', { name: 'GITHUB_PERSONAL_ACCESS_TOKEN', secret: true })).toMatch(
      /^gateway_auth_connect /,
    );
    expect(storeStep('filesystem', { name: 'FILESYSTEM_ROOT', secret: false })).toBe(
      'ask the user to run: toolgate secrets set filesystem FILESYSTEM_ROOT',
    );
    expect(storeStep('git', { name: 'GIT_BASE_DIR', secret: false })).toContain('in the environment toolgate runs in');
  });
});
