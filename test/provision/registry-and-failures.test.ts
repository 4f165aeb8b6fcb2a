// The MCP Registry path (search, register) against a loopback fake, and what bad input and failed installs leave behind.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/settings/setting-defaults.js';
import { createSandbox, ROOT, startGateway, type GatewayProcess, type Sandbox } from '../support/gateway-process.js';
import { closedPort } from '../support/closed-port.js';

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string; missing_credentials?: string[]; job_id?: string };
}

async function startFakeRegistry(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'test', 'fixtures', 'fake-registry.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the fake registry exited with ${code}`)));
  });
  return { url, child };
}

/** A loopback port nothing listens on: npm pointed at it fails at once, without reaching any network. */
async function errorOf(gw: GatewayProcess, tool: string, args: Record<string, unknown>): Promise<ErrorAnswer['error']> {
  const result = await gw.call(tool, args);
  expect(result.isError, JSON.stringify(result.structuredContent)).toBe(true);
  return (result.structuredContent as unknown as ErrorAnswer).error;
}

describe('registry search and registration against a loopback fake registry', () => {
  let registry: { url: string; child: ChildProcess };
  let sandbox: Sandbox;
  let gw: GatewayProcess;
  const SERVERS_JSON = { mcpServers: { keep: { command: 'keep-me', args: ['--as-is'] } } };

  beforeAll(async () => {
    registry = await startFakeRegistry();
    sandbox = createSandbox();
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true });
    fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify(SERVERS_JSON, null, 2));
    gw = await startGateway({
      sandbox,
      env: {
        TOOLGATE_REGISTRY_URL: registry.url,
        npm_config_registry: `http://127.0.0.1:${await closedPort()}/`,
        npm_config_fetch_retries: '0',
        npm_config_cache: path.join(sandbox.root, 'npm-cache'),
        // A provision call answers with its job's outcome however long the failing npm takes under load.
        TOOLGATE_JOB_WAIT_MS: String(MAX_TIMER_MS),
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    registry?.child.kill();
    sandbox?.remove();
  });

  it('searches the registry named by TOOLGATE_REGISTRY_URL and offers the exact registration call', async () => {
    const answer = await gw.json<{ registry: string; results: { name: string; runs: string; next_call: string }[] }>(
      'gateway_search_registry',
      { query: 'weather' },
    );
    expect(answer.registry).toBe(registry.url);
    expect(answer.results[0]).toMatchObject({
      name: 'io.github.example/weather-mcp',
      runs: 'npm:@example/weather-mcp@1.4.0',
      next_call: 'gateway_register_discovered_server {"name":"io.github.example/weather-mcp","as":"weather-mcp"}',
    });
  });

  it('answers REGISTRY_UNAVAILABLE for a reply of the wrong shape or past the size cap', async () => {
    expect((await errorOf(gw, 'gateway_search_registry', { query: 'malformed' })).code).toBe('REGISTRY_UNAVAILABLE');
    const huge = await errorOf(gw, 'gateway_search_registry', { query: 'huge' });
    expect(huge).toMatchObject({ code: 'REGISTRY_UNAVAILABLE' });
    expect(huge.message).toContain('more than');
  });

  it('refuses to register a registry entry whose package name is not a package name, storing nothing', async () => {
    const error = await errorOf(gw, 'gateway_register_discovered_server', { name: 'io.github.evil/shell-weather' });
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(fs.existsSync(path.join(sandbox.toolgateHome, 'registered-servers.json'))).toBe(false);
  });

  it.each(['../x', 'a;rm -rf /', '--global'])(
    'refuses to provision the server name %j before anything runs',
    async (server) => {
      expect((await errorOf(gw, 'gateway_provision', { server })).code).toBe('INVALID_ARGUMENTS');
      expect(fs.existsSync(path.join(sandbox.toolgateHome, 'servers'))).toBe(false);
    },
  );

  it('registers a result, which then needs its credential before it can be provisioned', async () => {
    const answer = await gw.json<Record<string, unknown>>('gateway_register_discovered_server', {
      name: 'io.github.example/weather-mcp',
    });
    expect(answer).toMatchObject({ registered: 'weather-mcp', missing_credentials: ['WEATHER_API_KEY'] });
    expect(answer.next_call).toBe(
      'gateway_auth_connect {"server":"weather-mcp","name":"WEATHER_API_KEY","value":"<value>"}',
    );
    const error = await errorOf(gw, 'gateway_provision', { server: 'weather-mcp' });
    expect(error).toMatchObject({ code: 'CREDENTIAL_MISSING', missing_credentials: ['WEATHER_API_KEY'] });
    const found = await gw.json<{ candidates: { tier: string; id: string; credentials: unknown }[] }>(
      'gateway_request_capability',
      { need: 'weather forecasts' },
    );
    expect(found.candidates).toContainEqual(
      expect.objectContaining({ tier: 'manifest', id: 'weather-mcp', credentials: ['WEATHER_API_KEY'] }),
    );
  });

  it('leaves servers.json untouched and no install folder when the install fails', async () => {
    const before = fs.readFileSync(path.join(sandbox.toolgateHome, 'servers.json'), 'utf8');
    const stored = await gw.json<Record<string, unknown>>('gateway_auth_connect', {
      server: 'weather-mcp',
      name: 'WEATHER_API_KEY',
      value: 'wx-secret-value-123456',
    });
    expect(stored).toMatchObject({ stored: true, next_call: 'gateway_provision {"server":"weather-mcp"}' });
    const error = await errorOf(gw, 'gateway_provision', { server: 'weather-mcp' });
    expect(error.code).toBe('PROVISION_FAILED');
    expect(fs.readFileSync(path.join(sandbox.toolgateHome, 'servers.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.join(sandbox.toolgateHome, 'servers'))).toEqual([]);
    const status = await gw.json<{ state: string; output_tail: string[] }>('gateway_provision_status', {
      job_id: error.job_id,
    });
    expect(status.state).toBe('failed');
    expect(status.output_tail.join('\n')).toContain('npm');
  });
});

describe('a provision that outlasts TOOLGATE_JOB_WAIT_MS', () => {
  it('answers with the job id and a hint at once, and provision_status follows the job to its end', async () => {
    const sandbox = createSandbox();
    const gw = await startGateway({
      sandbox,
      env: {
        npm_config_registry: `http://127.0.0.1:${await closedPort()}/`,
        npm_config_fetch_retries: '0',
        npm_config_cache: path.join(sandbox.root, 'npm-cache'),
        TOOLGATE_JOB_WAIT_MS: '0',
      },
    });
    try {
      const answer = await gw.json<{ job_id: string; state: string; hint: string }>('gateway_provision', {
        server: 'memory',
      });
      expect(answer).toMatchObject({ state: 'running', job_id: expect.any(String) });
      expect(answer.hint).toContain(`gateway_provision_status {"job_id":"${answer.job_id}"}`);
      await expect
        .poll(
          async () => (await gw.json<{ state: string }>('gateway_provision_status', { job_id: answer.job_id })).state,
        )
        .toBe('failed');
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });
});
