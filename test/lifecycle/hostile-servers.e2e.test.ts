// Hostile downstream servers are each contained with a clear error while the others keep working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startGateway, textOf, type GatewayProcess } from '../support/gateway-process.js';

interface ErrorAnswer {
  error: { code: string; message: string; hint?: string };
}
const errorOf = (result: { structuredContent?: unknown }) => (result.structuredContent as unknown as ErrorAnswer).error;

describe('hostile downstream servers', () => {
  let gw: GatewayProcess;

  beforeAll(async () => {
    gw = await startGateway({
      servers: {
        good: fixture('echo-server.mjs'),
        flood: fixture('hostile-server.mjs', { FIXTURE_NAME: 'flood' }),
        huge: fixture('hostile-server.mjs', { FIXTURE_NAME: 'huge' }),
        hang: fixture('hostile-server.mjs', { FIXTURE_NAME: 'hang' }),
        bad: fixture('hostile-server.mjs', { FIXTURE_NAME: 'bad' }),
        mute: { ...fixture('never-initialize.mjs'), startup_timeout_ms: 1_000 },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const good = async (text: string) =>
    textOf(await gw.call('gateway_invoke', { tool_id: 'good::echo', arguments: { text } }));

  it('disconnects a server that floods stdout with garbage, failing its call with the reason', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'flood::flood' });
    const error = errorOf(result);
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(error.message).toContain('flooded stdout');
    expect(await good('after flood')).toBe('after flood');
  });

  it('refuses a 50 MB message from a server without taking the gateway down', async () => {
    const error = errorOf(await gw.call('gateway_invoke', { tool_id: 'huge::huge', arguments: { mb: 50 } }));
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(error.message).toContain('larger than 33554432 bytes');
    expect(await good('after huge')).toBe('after huge');
  });

  it('gives up on a server that never answers initialize after its startup_timeout_ms', async () => {
    // The message names the start-up timeout that ended the wait (not the call's 30 s client timeout).
    const error = errorOf(await gw.call('gateway_describe', { tool_id: 'mute::anything' }));
    expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
    expect(error.message).toContain('did not answer initialize within 1000 ms');
  });

  it('times out a server that hangs mid-call while calls to another server go through', async () => {
    let hungSettled = false;
    const hung = gw
      .call('gateway_invoke', { tool_id: 'hang::hang', timeout_ms: 10_000 })
      .finally(() => void (hungSettled = true));
    expect(await good('during hang')).toBe('during hang');
    // The good call was answered while the hung one was still waiting for its timeout.
    expect(hungSettled).toBe(false);
    const error = errorOf(await hung);
    expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
    expect(error.message).toContain('10000 ms without progress');
  });

  it('turns a structurally invalid result (an image with no data) into its own DOWNSTREAM_ERROR', async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'bad::bad_image' });
    expect(result.isError).toBe(true);
    const error = errorOf(result);
    expect(error.code).toBe('DOWNSTREAM_ERROR');
    expect(error.message).toContain('bad::bad_image returned an invalid tool result: content[0] (image) data');
    expect(
      textOf(await gw.call('gateway_invoke', { tool_id: 'bad::ok', arguments: { text: 'bad is fine otherwise' } })),
    ).toBe('bad is fine otherwise');
  });

  it('reports every contained server in health and still serves the good one', async () => {
    const health = await gw.json<{ servers: { name: string; state: string }[] }>('gateway_health');
    const state = Object.fromEntries(health.servers.map((s) => [s.name, s.state]));
    expect(state).toMatchObject({ good: 'ready', flood: 'failed', huge: 'failed', mute: 'failed', bad: 'ready' });
    expect(await good('last')).toBe('last');
  });
});
