// Health maintenance of a remote server: one that was working and went away fails a ping, and once it is back
// on the same port the gateway reconnects it by itself, with no call from any client.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';
import { startRemote, type RemoteProcess } from './remote-process.js';

interface ServerHealth {
  name: string;
  state: string;
  tools?: number;
  started_at?: string;
  last_error?: { message: string; failures?: number; nextRetryAt?: string };
}
const linesOf = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

describe('a remote Streamable HTTP server that drops and comes back', () => {
  const remotes: RemoteProcess[] = [];
  let gw: GatewayProcess | undefined;
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
    for (const remote of remotes) await remote.kill();
  });

  it('is marked failed by a failed ping, then reconnected by health maintenance alone once it listens again', async () => {
    const sandbox = createSandbox();
    const inits = path.join(sandbox.root, 'initialize.log');
    const effects = path.join(sandbox.root, 'effects.log');
    const env = { FIXTURE_INIT_LOG: inits, FIXTURE_EFFECT_LOG: effects };
    const first = await startRemote({ env });
    remotes.push(first);
    gw = await startGateway({
      sandbox,
      servers: { far: { type: 'http', url: `http://127.0.0.1:${first.port}/mcp` } },
      // A killed remote refuses the ping's connection at once; the long ping timeout keeps a slow but live remote
      // from being marked failed on a loaded machine.
      env: { TOOLGATE_PING_INTERVAL_MS: '200', TOOLGATE_PING_TIMEOUT_MS: '60000', TOOLGATE_IDLE_SHUTDOWN_MS: '0' },
    });
    const far = async () =>
      (await (gw as GatewayProcess).json<{ servers: ServerHealth[] }>('gateway_health')).servers.find(
        (s) => s.name === 'far',
      );

    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'far::hello' }))).toBe(`hello from ${first.pid}`);
    const before = await far();
    expect(before?.state).toBe('ready');

    await first.kill();
    await expect.poll(async () => (await far())?.state, { interval: 50 }).toBe('failed');
    // It was the ping that found out (maintenance then retries the connection with backoff, each failure logged).
    const log = path.join(sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
    await expect
      .poll(() => linesOf(log).find((line) => line.includes('"server":"far"') && line.includes('downstream failed')))
      .toContain('Server \\"far\\" failed a ping');

    const second = await startRemote({ port: first.port, env });
    remotes.push(second);
    // No invoke, describe or search from here on: only gateway_health, which starts nothing by itself.
    await expect.poll(async () => (await far())?.state, { interval: 100 }).toBe('ready');
    const after = await far();
    expect(after?.tools).toBe(1);
    expect(after?.last_error).toBeUndefined();
    expect(Date.parse(after?.started_at ?? '')).toBeGreaterThan(Date.parse(before?.started_at ?? ''));
    // The new process got a fresh initialize from the gateway, and no tool call reached it.
    expect(linesOf(inits).filter((line) => line === `initialize ${second.pid}`).length).toBeGreaterThanOrEqual(1);
    expect(linesOf(effects)).toEqual([`hello - ${first.pid}`]);
    // And it serves calls on the new session.
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'far::hello' }))).toBe(`hello from ${second.pid}`);
  });
});
