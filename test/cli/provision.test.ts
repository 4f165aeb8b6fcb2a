import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { npmTestEnv, WARM_TIMEOUT_MS, warmNpmCache } from '../support/npm-cache.js';
import { createSandbox, type Sandbox } from '../support/gateway-process.js';
import { runCli, runCliJson } from './run-cli.js';

interface ErrorJson {
  error: { code: string; message: string; hint?: string };
}

/** The version the manifest pins for `memory`. */
const MEMORY_VERSION = '2026.8.31';

function installedNothing(sandbox: Sandbox): void {
  expect(fs.existsSync(path.join(sandbox.toolgateHome, 'servers.json'))).toBe(false);
  expect(fs.existsSync(path.join(sandbox.toolgateHome, 'servers'))).toBe(false);
}

describe('toolgate provision and update, refusals', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = createSandbox();
  });
  afterEach(() => sandbox.remove());

  it('refuses a malformed server name such as ../x as a usage error (exit 2), running nothing', async () => {
    const run = await runCli(sandbox, ['provision', '../x']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Expected a server name');
    expect(run.stderr).toContain('"../x"');
    expect(run.stderr).toContain('what to do:');
    installedNothing(sandbox);
  });

  it('answers an unknown server with SERVER_NOT_FOUND (exit 1) and installs nothing', async () => {
    const { exitCode, json } = await runCliJson<ErrorJson>(sandbox, ['provision', 'no-such-server']);
    expect(exitCode).toBe(1);
    expect(json.error).toMatchObject({
      code: 'SERVER_NOT_FOUND',
      message: expect.stringContaining('"no-such-server"') as unknown as string,
    });
    const run = await runCli(sandbox, ['provision', 'no-such-server']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^toolgate: SERVER_NOT_FOUND: /);
    expect(run.stderr).toContain('what to do:');
    installedNothing(sandbox);
  });

  it('refuses to update a server toolgate did not provision (exit 1), naming it', async () => {
    const { exitCode, json } = await runCliJson<ErrorJson>(sandbox, ['update', 'memory']);
    expect(exitCode).toBe(1);
    expect(json.error.code).toBe('INVALID_ARGUMENTS');
    expect(json.error.message).toContain('"memory" was not provisioned by toolgate');
    installedNothing(sandbox);
  });

  it('takes a server name or --all, not both and not neither, and --version only with one server (exit 2)', async () => {
    for (const args of [
      ['update'],
      ['update', 'memory', '--all'],
      ['update', '--all', '--version', '1.0.0'],
      ['update', '../x'],
    ]) {
      const run = await runCli(sandbox, args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^toolgate: /);
    }
  });

  it('updates nothing with --all when servers.json has no server toolgate provisioned from npm (exit 0)', async () => {
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    const provenance = {
      origin: 'manifest',
      method: 'pypi',
      package: 'mcp-server-time',
      version: '1.0.0',
      provisioned_at: new Date().toISOString(),
    };
    const servers = {
      mine: { command: 'my-own-server' },
      time: { command: 'uvx', args: ['mcp-server-time==1.0.0'], toolgate: provenance },
    };
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify({ mcpServers: servers }));
    const { exitCode, json } = await runCliJson(sandbox, ['update', '--all']);
    expect(exitCode).toBe(0);
    expect(json).toEqual({ via: 'in-process', servers: [] });
  });
});

describe('toolgate provision of server-memory from npm', () => {
  let sandbox: Sandbox;
  const env = npmTestEnv();

  beforeAll(() => {
    warmNpmCache(`@modelcontextprotocol/server-memory@${MEMORY_VERSION}`);
    sandbox = createSandbox();
  }, WARM_TIMEOUT_MS + 10_000);
  afterAll(() => sandbox?.remove());

  it('installs and registers it with progress on stderr, lists it as installed, and update --all finds it at the manifest version', async () => {
    const provisioned = await runCliJson(sandbox, ['provision', 'memory'], { env });
    expect(provisioned.exitCode, provisioned.stderr).toBe(0);
    expect(provisioned.json).toMatchObject({
      via: 'in-process',
      state: 'succeeded',
      server: 'memory',
      server_state: 'ready',
    });
    expect(provisioned.json.tools).toBeGreaterThan(0);
    expect(provisioned.stderr).toContain('toolgate: memory: install (step 1 of 4)');
    const written = JSON.parse(fs.readFileSync(path.join(sandbox.toolgateHome, 'servers.json'), 'utf8')) as {
      mcpServers: Record<string, { toolgate?: Record<string, unknown> }>;
    };
    expect(written.mcpServers.memory?.toolgate).toMatchObject({
      method: 'npm',
      package: '@modelcontextprotocol/server-memory',
      version: MEMORY_VERSION,
    });

    const listed = await runCliJson<{ servers: { name: string; installed: boolean }[] }>(sandbox, [
      'manifest',
      'list',
      '--category',
      'memory',
    ]);
    expect(listed.json.servers.find((row) => row.name === 'memory')).toMatchObject({ installed: true });

    const updated = await runCliJson<{ servers: Record<string, unknown>[] }>(sandbox, ['update', '--all'], { env });
    expect(updated.exitCode, updated.stderr).toBe(0);
    expect(updated.json.servers).toEqual([
      expect.objectContaining({ server: 'memory', state: 'succeeded', updated: false, version: MEMORY_VERSION }),
    ]);
  }, 150_000);
});
