import { ProtocolError } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import type { PassthroughCall, PassthroughMethod } from '../../../src/call-path/passthrough-call.js';
import { forwardRequest } from '../../../src/call-path/stages/15-forward-request.js';
import { contextOf } from '../stage-harness.js';

type Forwarded = Parameters<ReturnType<typeof forwardRequest>>[0];

/** A routed request whose connection records what it was sent, and answers `answer` (or throws it). */
function routed(
  method: PassthroughMethod,
  toolId: string,
  tool: string,
  params: Record<string, unknown>,
  answer: unknown,
) {
  const sent: unknown[] = [];
  const connection = {
    forward: async (...args: unknown[]) => {
      sent.push(args.slice(0, 2));
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  const kind: PassthroughCall['kind'] = method === 'prompts/get' ? 'prompt' : 'resource';
  const call = {
    toolId,
    kind,
    method,
    arguments: params,
    context: contextOf(),
    server: 'srv',
    tool,
    connection,
    timeoutMs: 1_000,
    maxTotalMs: 5_000,
  } as unknown as Forwarded;
  return { call, sent };
}

describe('the last step of a flat prompt, resource or completion request: forward request', () => {
  it('sends a prompt by the name its server gave it, with the arguments', async () => {
    const answer = { messages: [] };
    const { call, sent } = routed(
      'prompts/get',
      'srv__greet',
      'greet',
      { name: 'srv__greet', arguments: { a: '1' } },
      answer,
    );
    await expect(forwardRequest()(call)).resolves.toBe(answer);
    expect(sent).toEqual([['prompts/get', { name: 'greet', arguments: { a: '1' } }]]);
  });

  it("renames a completion's prompt reference, and keeps a template reference as it came", async () => {
    const answer = { completion: { values: [] } };
    const prompt = routed(
      'completion/complete',
      'srv__greet',
      'greet',
      { ref: { type: 'ref/prompt', name: 'srv__greet' }, argument: { name: 'a', value: '' } },
      answer,
    );
    await forwardRequest()(prompt.call);
    expect(prompt.sent).toEqual([
      ['completion/complete', { ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'a', value: '' } }],
    ]);
    const template = { ref: { type: 'ref/resource', uri: 'file:///{path}' }, argument: { name: 'path', value: '' } };
    const resource = routed('completion/complete', 'file:///{path}', 'file:///{path}', template, answer);
    await forwardRequest()(resource.call);
    expect(resource.sent).toEqual([['completion/complete', template]]);
  });

  it("turns a server's JSON-RPC error into DOWNSTREAM_ERROR that keeps its code, message and data", async () => {
    const failure = new ProtocolError(-32602, 'no such resource', { uri: 'x://1' });
    const { call } = routed('resources/read', 'x://1', 'x://1', { uri: 'x://1' }, failure);
    await expect(forwardRequest()(call)).rejects.toMatchObject({
      code: 'DOWNSTREAM_ERROR',
      details: {
        server: 'srv',
        downstream_code: -32602,
        downstream_message: 'no such resource',
        downstream_data: { uri: 'x://1' },
      },
    });
  });
});
