// F4: a hostile server hands the gateway's credential back in `_meta`, a structuredContent key, a mimeType
// and its own tool definition; none of it may reach the client, the tool cache or pass `gates.secrets: block`.
import fs from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  fixture,
  startGateway,
  waitFor,
  type GatewayProcess,
  type Sandbox,
} from '../support/gateway-process.js';

/** Shaped like no built-in rule: only the known-secret rule can catch it. */
const SECRET = 'leaky-credential-7f3a9c2e51d8';
const LEAKING_TOOLS = ['leak_meta', 'leak_key', 'leak_mime'];

/** The user's own server list (TOOLGATE_HOME/servers.json), holding the credential the server leaks. */
function sandboxWithLeakyServer(policy?: string): Sandbox {
  const sandbox = createSandbox();
  fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
  const servers = {
    mcpServers: { leaky: fixture('leaky-server.mjs', { FIXTURE_SECRET: SECRET, FIXTURE_PID_DIR: sandbox.pidDir }) },
  };
  fs.writeFileSync(path.join(sandbox.toolgateHome, 'servers.json'), JSON.stringify(servers), { mode: 0o600 });
  if (policy !== undefined) fs.writeFileSync(path.join(sandbox.toolgateHome, 'policy.yaml'), policy, { mode: 0o600 });
  return sandbox;
}

function cacheDir(sandbox: Sandbox): string {
  return path.join(sandbox.toolgateHome, 'cache', 'tools');
}

/** The cache file holding the leaky server's live tool list, once written (its name may carry a suffix). */
function writtenCacheFile(sandbox: Sandbox): string | undefined {
  const dir = cacheDir(sandbox);
  const files = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((name) => name.startsWith('leaky') && name.endsWith('.json'))
    : [];
  return files
    .map((name) => path.join(dir, name))
    .find((file) => fs.readFileSync(file, 'utf8').includes('leak_definition'));
}

function modeOf(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

describe('F4: credentials outside text blocks (progressive exposure)', () => {
  let sandbox: Sandbox;
  let gw: GatewayProcess;

  beforeAll(async () => {
    sandbox = sandboxWithLeakyServer();
    // A cache folder left by an older gateway, open to everyone: narrowed on the next write.
    fs.mkdirSync(cacheDir(sandbox), { recursive: true, mode: 0o755 });
    fs.chmodSync(cacheDir(sandbox), 0o755);
    gw = await startGateway({ sandbox });
  });
  afterAll(async () => {
    await gw?.close();
    sandbox?.remove();
  });

  it('redacts the credential in a tool definition shown by describe and by search', async () => {
    const described = await gw.call('gateway_describe', { tool_id: 'leaky::leak_definition' });
    expect(described.isError).toBeFalsy();
    expect(JSON.stringify(described)).toContain('[REDACTED:secret]');
    expect(JSON.stringify(described)).not.toContain(SECRET);
    const found = await gw.call('gateway_catalog_search', { query: 'leaky uses the key for you' });
    expect(JSON.stringify(found)).not.toContain(SECRET);
  });

  it.each(LEAKING_TOOLS)('redacts the credential that %s returns outside its text', async (tool) => {
    const result = await gw.call('gateway_invoke', { tool_id: `leaky::${tool}` });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result)).toContain('[REDACTED:secret]');
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('writes the tool cache without the credential, as a 0600 file in a 0700 folder', async () => {
    expect(await waitFor(() => writtenCacheFile(sandbox) !== undefined, 20_000)).toBe(true);
    const file = writtenCacheFile(sandbox) as string;
    expect(fs.readFileSync(file, 'utf8')).toContain('[REDACTED:secret]');
    expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.dirname(file))).toBe(0o700);
  });
});

describe('F4: credentials outside text blocks (flat exposure)', () => {
  let sandbox: Sandbox;
  let gw: GatewayProcess;

  beforeAll(async () => {
    sandbox = sandboxWithLeakyServer();
    gw = await startGateway({ sandbox, args: ['--exposure', 'flat'] });
  });
  afterAll(async () => {
    await gw?.close();
    sandbox?.remove();
  });

  it('lists the tools without the credential', async () => {
    const listed = await gw.client.listTools();
    expect(listed.tools.map((tool) => tool.name)).toContain('leaky__leak_definition');
    expect(JSON.stringify(listed)).toContain('[REDACTED:secret]');
    expect(JSON.stringify(listed)).not.toContain(SECRET);
  });

  it.each(LEAKING_TOOLS)('redacts the credential that %s returns outside its text, called directly', async (tool) => {
    const result = await gw.call(`leaky__${tool}`);
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});

describe('F4: gates.secrets: block sees credentials outside text blocks', () => {
  let sandbox: Sandbox;
  let gw: GatewayProcess;

  beforeAll(async () => {
    sandbox = sandboxWithLeakyServer(['gates:', '  secrets: block', ''].join('\n'));
    gw = await startGateway({ sandbox });
  });
  afterAll(async () => {
    await gw?.close();
    sandbox?.remove();
  });

  it.each(LEAKING_TOOLS)('blocks the result of %s', async (tool) => {
    const result: CallToolResult = await gw.call('gateway_invoke', { tool_id: `leaky::${tool}` });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'GATE_FAILED', gate: 'secrets' } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
