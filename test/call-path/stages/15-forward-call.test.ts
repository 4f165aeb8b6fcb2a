import { describe, expect, it } from 'vitest';
import { forwardCall } from '../../../src/call-path/stages/15-forward-call.js';
import { gatedCall, OK } from '../stage-harness.js';

describe('the last step of a gateway call: forward call', () => {
  it('marks the call running, then sends the tool name, arguments, signal and timeouts to the connection', async () => {
    const events: string[] = [];
    let sent: unknown;
    const connection = {
      callTool: async (request: unknown, options: unknown) => {
        events.push('callTool');
        sent = { request, options };
        return OK;
      },
    };
    const call = {
      ...gatedCall(),
      connection,
      definition: {},
      timeoutMs: 1_000,
      maxTotalMs: 5_000,
      onForward: () => void events.push('running'),
    } as unknown as Parameters<ReturnType<typeof forwardCall>>[0];
    const result = await forwardCall()(call);
    expect(result).toBe(OK);
    expect(events).toEqual(['running', 'callTool']);
    expect(sent).toMatchObject({
      request: { name: 'echo', arguments: { text: 'hi' } },
      options: { timeoutMs: 1_000, maxTotalMs: 5_000, signal: call.context.signal },
    });
  });
});
