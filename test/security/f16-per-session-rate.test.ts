// F16: per_session rate limits were evaded by opening a new session for each call (30 calls through 3/min).
import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, fixture, textOf } from '../support/gateway-process.js';
import { startHttpGateway, type HttpGateway } from '../support/http-gateway.js';
import { writeUserServers } from '../support/user-servers.js';

let gateway: HttpGateway;
beforeAll(async () => {
  const sandbox = createSandbox();
  writeUserServers(sandbox, { echo: fixture('echo-server.mjs') }, 'gates:\n  rate_limit: { per_session: 3 }\n');
  gateway = await startHttpGateway({ sandbox });
});
afterAll(async () => {
  await gateway.stop();
  gateway.sandbox.remove();
});

describe('F16: per_session limits count per client identity too', () => {
  it('lets 3 of 10 calls through a 3/min per_session limit when each call comes in a new session', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const client = await gateway.connect({ name: 'same-client' });
      const result = (await client.callTool({
        name: 'gateway_invoke',
        arguments: { tool_id: 'echo::echo', arguments: { text: `call ${i}` } },
      })) as CallToolResult;
      outcomes.push(result.isError ? textOf(result) : 'ok');
      await client.close();
    }
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(3);
    expect(
      outcomes.slice(3).every((outcome) => outcome.includes('GATE_FAILED') && outcome.includes('per_session')),
    ).toBe(true);
  }, 120_000);
});
