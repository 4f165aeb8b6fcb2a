// The upstream session server's edge: every error a flat session answers carries the JSON-RPC code of errors/wire-codes.ts.
import { Server, ProtocolError } from '@modelcontextprotocol/server';
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { JSON_RPC_CODES } from '../../src/errors/index.js';
import { startDirectHarness, type DirectHarness } from './direct-harness.js';

const TOKEN = `ghp_${'W'.repeat(36)}`;

/** One tool, one prompt and one resource; reading `file:///secret` fails with the server's own JSON-RPC error naming a token. */
function server(): Server {
  const created = new Server(
    { name: 'srv', version: '1' },
    { capabilities: { tools: {}, prompts: {}, resources: {} } },
  );
  created.setRequestHandler('tools/list', () => ({
    tools: [{ name: 'drop', inputSchema: { type: 'object' } }],
  }));
  created.setRequestHandler('tools/call', () => ({ content: [{ type: 'text', text: 'dropped' }] }));
  created.setRequestHandler('prompts/list', () => ({ prompts: [{ name: 'hello' }] }));
  created.setRequestHandler('prompts/get', () => ({ messages: [] }));
  created.setRequestHandler('resources/list', () => ({
    resources: [{ uri: 'file:///secret', name: 'secret' }],
  }));
  created.setRequestHandler('resources/read', () => {
    throw new ProtocolError(-32099, `no access with ${TOKEN}`);
  });
  return created;
}

async function rpcErrorOf(
  promise: Promise<unknown>,
): Promise<{ code: number; message: string; data?: Record<string, unknown> }> {
  const caught: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(ProtocolError);
  return caught as ProtocolError as { code: number; message: string; data?: Record<string, unknown> };
}

type WireError = { code: number; message: string; data?: Record<string, unknown> };

/**
 * The error responses as they reach the client's transport. The v2 client rebuilds a missing resource (-32002 or
 * -32602 with a `uri`) as its own -32602 error carrying only the `uri`, so the wire is read before it does.
 */
function tapWireErrors(client: Client): WireError[] {
  const seen: WireError[] = [];
  const transport = client.transport;
  const deliver = transport?.onmessage;
  if (!transport || !deliver) throw new Error('the client is not connected');
  transport.onmessage = (message, extra) => {
    if ('error' in message) seen.push(message.error as WireError);
    deliver(message, extra);
  };
  return seen;
}

describe('the session server answers errors with the codes of the wire table', () => {
  let harness: DirectHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('answers a declined approval with -32010 (APPROVAL_DENIED), apart from a missing resource (-32002)', async () => {
    harness = await startDirectHarness({
      servers: { srv: { create: server }, other: { create: server } },
      policy: 'approval: ["srv::drop"]\n',
    });
    const one = await harness.connect({ capabilities: { elicitation: { form: {} } } });
    one.client.setRequestHandler('elicitation/create', () => ({ action: 'decline' }));
    await one.client.listTools();
    const denied = await rpcErrorOf(one.client.callTool({ name: 'srv__drop', arguments: {} }));
    expect(denied.code).toBe(JSON_RPC_CODES.APPROVAL_DENIED);
    expect(denied.code).toBe(-32010);
    expect(denied.data).toMatchObject({ code: 'APPROVAL_DENIED', gate: 'approval' });
    const wire = tapWireErrors(one.client);
    await rpcErrorOf(one.client.readResource({ uri: 'file:///nowhere' }));
    const missing = wire.at(-1) as WireError;
    expect(missing.code).toBe(JSON_RPC_CODES.RESOURCE_NOT_FOUND);
    expect(missing.data).toMatchObject({ code: 'RESOURCE_NOT_FOUND', uri: 'file:///nowhere' });
  });

  it('answers an unknown prompt with -32602 and a tool the policy blocks with -32001', async () => {
    harness = await startDirectHarness({
      servers: { srv: { create: server }, other: { create: server } },
      policy: 'tools:\n  deny: ["other::drop"]\n',
    });
    const one = await harness.connect();
    const unknown = await rpcErrorOf(one.client.getPrompt({ name: 'srv__nothing' }));
    expect(unknown).toMatchObject({ code: JSON_RPC_CODES.INVALID_PARAMS, data: { code: 'PROMPT_NOT_FOUND' } });
    await one.client.listTools();
    const blocked = await rpcErrorOf(one.client.callTool({ name: 'other__drop', arguments: {} }));
    expect(blocked).toMatchObject({ code: JSON_RPC_CODES.POLICY_DENIED, data: { code: 'POLICY_DENIED' } });
  });

  it("passes a server's own JSON-RPC error on with its code and its message redacted", async () => {
    harness = await startDirectHarness({ servers: { srv: { create: server } } });
    const one = await harness.connect();
    await one.client.listResources();
    const own = await rpcErrorOf(one.client.readResource({ uri: 'file:///secret' }));
    expect(own.code).toBe(-32099);
    expect(own.message).not.toContain(TOKEN);
    expect(own.message).toContain('[REDACTED');
  });
});
