// Sampling and elicitation a downstream server asks for during a direct call: relayed to the calling client only when it can answer.
import { Server } from '@modelcontextprotocol/server';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_TIMER_MS } from '../../src/settings/setting-defaults.js';
import { startDirectHarness, type DirectHarness } from './direct-harness.js';

/** `ask` samples the client during the call (after `before`) and answers with what came back, or the error. */
function samplingServer(before: () => Promise<void> = async () => undefined): Server {
  const server = new Server({ name: 'asker', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({
    tools: [{ name: 'ask', inputSchema: { type: 'object' } }],
  }));
  server.setRequestHandler('tools/call', async () => {
    await before();
    try {
      const answer = await server.createMessage({
        messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
        maxTokens: 10,
      });
      return { content: [{ type: 'text', text: `sampled: ${JSON.stringify(answer.content)}` }] };
    } catch (error) {
      return { content: [{ type: 'text', text: `refused: ${(error as Error).message}` }], isError: true };
    }
  });
  return server;
}

describe('relayed sampling', () => {
  let harness: DirectHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('answers the server with an error at once when the calling client did not declare sampling, without asking that client', async () => {
    harness = await startDirectHarness({ servers: { asker: { create: samplingServer } } });
    const { client } = await harness.connect();
    const asked: string[] = [];
    // A client that never answers what it did not declare: the relay must not wait on it.
    client.fallbackRequestHandler = (request) => {
      asked.push(request.method);
      return new Promise(() => undefined);
    };
    await client.listTools();
    const result = (await client.callTool(
      { name: 'asker__ask', arguments: {} },
      {
        timeout: 3_000,
      },
    )) as CallToolResult;
    expect(asked).toEqual([]);
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('does not support sampling');
  });

  it('relays the request to a client that declared sampling, and hands its answer back', async () => {
    harness = await startDirectHarness({ servers: { asker: { create: samplingServer } } });
    const { client } = await harness.connect({ capabilities: { sampling: {} } });
    client.setRequestHandler('sampling/createMessage', () => ({
      model: 'm',
      role: 'assistant',
      content: { type: 'text', text: 'yes' },
    }));
    await client.listTools();
    const result = (await client.callTool(
      { name: 'asker__ask', arguments: {} },
      {
        timeout: 3_000,
      },
    )) as CallToolResult;
    expect(result.content).toEqual([{ type: 'text', text: 'sampled: {"type":"text","text":"yes"}' }]);
  });

  it("refuses to guess when calls of two sessions run on the server: one session must never see the other's prompt", async () => {
    let started = 0;
    let release: () => void = () => undefined;
    const bothRunning = new Promise<void>((resolve) => (release = resolve));
    const waitingServer = () =>
      samplingServer(async () => {
        started += 1;
        if (started === 2) release();
        await bothRunning;
      });
    harness = await startDirectHarness({ servers: { asker: { create: waitingServer } } });
    const answer = () => ({ model: 'm', role: 'assistant' as const, content: { type: 'text' as const, text: 'yes' } });
    const one = await harness.connect({ capabilities: { sampling: {} } });
    const two = await harness.connect({ capabilities: { sampling: {} } });
    one.client.setRequestHandler('sampling/createMessage', answer);
    two.client.setRequestHandler('sampling/createMessage', answer);
    await one.client.listTools();
    const results = (await Promise.all(
      [one.client, two.client].map((client) =>
        client.callTool({ name: 'asker__ask', arguments: {} }, { timeout: MAX_TIMER_MS }),
      ),
    )) as CallToolResult[];
    // The first to sample meets both calls running and is refused; the other may be relayed once it is alone.
    expect(results.some((result) => JSON.stringify(result.content).includes('cannot tell which of 2 sessions'))).toBe(
      true,
    );
  });
});
