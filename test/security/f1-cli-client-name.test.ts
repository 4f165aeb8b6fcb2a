// F1: in flat mode a client that named itself `toolgate-cli` (clientInfo.name) was given every meta-tool.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../cli/run-cli.js';
import { createSandbox, fixture, startGateway, type GatewayProcess } from '../support/gateway-process.js';

describe('F1: a client that names itself toolgate-cli', () => {
  let gw: GatewayProcess;

  beforeAll(async () => {
    const sandbox = createSandbox();
    // The user's own servers.json: trusted whatever the project folder holds.
    fs.mkdirSync(sandbox.toolgateHome, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      path.join(sandbox.toolgateHome, 'servers.json'),
      JSON.stringify({ mcpServers: { echo: fixture('echo-server.mjs') } }),
      { mode: 0o600 },
    );
    gw = await startGateway({ sandbox, args: ['--exposure', 'flat'], clientName: 'toolgate-cli' });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it('gets the flat listing like any client: no meta-tools', async () => {
    const names = (await gw.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('echo__echo');
    expect(names.filter((name) => name.startsWith('gateway'))).toEqual([]);
  });

  it('cannot call a meta-tool that changes what runs', async () => {
    await expect(gw.call('gateway_auth_connect', { server: 'echo', name: 'ECHO_TOKEN', value: 'x' })).rejects.toThrow(
      /not a tool of this server/,
    );
    expect(fs.existsSync(path.join(gw.sandbox.toolgateHome, 'secrets.json'))).toBe(false);
  });

  it("leaves toolgate's own CLI working against the running flat gateway (over the owner's control socket)", async () => {
    const run = await runCliJson<{ via?: string; results: { tool_id: string }[] }>(gw.sandbox, [
      'search',
      'echo text back',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.json.results.map((hit) => hit.tool_id)).toContain('echo::echo');
  });
});
