// The proxy's routing in-process, over plain streams: what is forwarded unchanged, what is answered, what is dropped.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { CallGates } from '../../src/gates/call-gates.js';
import { mergePolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';
import { createRedactor } from '../../src/policy/redact.js';
import { OutputSchemas } from '../../src/wrap/output-schemas.js';
import { ToolCallGate } from '../../src/wrap/tool-call-gate.js';
import { WrapProxy } from '../../src/wrap/wrap-proxy.js';

interface Harness {
  fromClient(message: object): void;
  fromServer(message: object): void;
  /** Messages that reached the client / the server so far. */
  client: JSONRPCMessage[];
  server: JSONRPCMessage[];
  notes: string[];
  settle(): Promise<void>;
}

function harness(policyYaml: string, options: { maxMessageBytes?: number; timeoutMs?: number } = {}): Harness {
  const policy = mergePolicy([parsePolicyLayer(policyYaml, '/test/policy.yaml')]);
  const streams = { clientIn: new PassThrough(), clientOut: new PassThrough(), serverIn: new PassThrough(), serverOut: new PassThrough() };
  const client: JSONRPCMessage[] = [];
  const server: JSONRPCMessage[] = [];
  const notes: string[] = [];
  const collect = (stream: PassThrough, sink: JSONRPCMessage[]) => stream.on('data', (chunk: Buffer) => sink.push(...chunk.toString().split('\n').filter(Boolean).map((line) => JSON.parse(line) as JSONRPCMessage)));
  collect(streams.clientOut, client);
  collect(streams.serverIn, server);
  const schemas = new OutputSchemas();
  new WrapProxy({
    client: { input: streams.clientIn, output: streams.clientOut },
    server: { input: streams.serverIn, output: streams.serverOut },
    gate: new ToolCallGate({ gates: new CallGates(), view: { policy, redactor: createRedactor(policy.redact) }, name: 'fx', session: 's1', schemas }),
    schemas,
    session: 's1',
    ...options,
    onNote: (line) => notes.push(line),
    onClientEnd: () => undefined,
    onServerEnd: () => undefined,
  });
  return {
    fromClient: (message) => streams.clientIn.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`),
    fromServer: (message) => streams.serverOut.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`),
    client,
    server,
    notes,
    settle: () => new Promise((resolve) => setTimeout(resolve, 20)),
  };
}

describe('WrapProxy', () => {
  it('forwards requests, notifications and responses in both directions unchanged', async () => {
    const h = harness('');
    const messages = [
      { id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: { roots: {} }, clientInfo: { name: 'c', version: '1' } } },
      { method: 'notifications/initialized' },
      { id: 'r-7', result: { roots: [{ uri: 'file:///tmp' }] } },
    ];
    for (const message of messages) h.fromClient(message);
    h.fromServer({ id: 'r-7', method: 'roots/list' });
    h.fromServer({ id: 1, result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } } });
    await h.settle();
    expect(h.server).toEqual(messages.map((message) => ({ jsonrpc: '2.0', ...message })));
    expect(h.client.map((message) => ('method' in message ? message.method : 'result'))).toEqual(['roots/list', 'result']);
  });

  it('answers a denied call itself and never forwards it', async () => {
    const h = harness('tools:\n  deny: ["fx::drop_*"]\n');
    h.fromClient({ id: 5, method: 'tools/call', params: { name: 'drop_table', arguments: {} } });
    await h.settle();
    expect(h.server).toEqual([]);
    expect(h.client).toEqual([{ jsonrpc: '2.0', id: 5, error: { code: -32001, message: expect.stringMatching(/fx::drop_table is not allowed by policy/), data: expect.objectContaining({ code: 'POLICY_DENIED', gate: 'deny' }) } }]);
  });

  it('keeps the answer to its own approval question from the server', async () => {
    const h = harness('approval: ["fx::*"]\n');
    h.fromClient({ id: 0, method: 'initialize', params: { capabilities: { elicitation: {} }, clientInfo: { name: 'c', version: '1' } } });
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } });
    await h.settle();
    const question = h.client.find((message) => 'method' in message && message.method === 'elicitation/create') as { id: string; params: Record<string, unknown> };
    expect(question.id).toBe('toolgate-wrap-1');
    expect(question.params).toMatchObject({ mode: 'form', requestedSchema: { type: 'object', properties: {} } });
    h.fromClient({ id: question.id, result: { action: 'accept' } });
    await h.settle();
    expect(h.server.map((message) => ('method' in message ? message.method : `answer ${String((message as { id: unknown }).id)}`))).toEqual(['initialize', 'tools/call']);
  });

  it('answers a call still unanswered after the timeout, cancels it at the server and drops its late answer', async () => {
    const h = harness('', { timeoutMs: 30 });
    h.fromClient({ id: 9, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    await new Promise((resolve) => setTimeout(resolve, 80));
    h.fromServer({ id: 9, result: { content: [{ type: 'text', text: 'late' }] } });
    await h.settle();
    expect(h.client).toEqual([{ jsonrpc: '2.0', id: 9, error: expect.objectContaining({ code: -32000, data: expect.objectContaining({ code: 'DOWNSTREAM_TIMEOUT' }) }) }]);
    expect(h.server.map((message) => (message as { method: string }).method)).toEqual(['tools/call', 'notifications/cancelled']);
    expect(h.notes.join('\n')).toMatch(/dropped the server's late answer to request 9/);
  });

  it('refuses other messages over --max-message-size: a request is answered, a response becomes an error, a notification is dropped', async () => {
    const h = harness('', { maxMessageBytes: 200 });
    const big = 'z'.repeat(300);
    h.fromClient({ id: 1, method: 'resources/read', params: { uri: big } });
    h.fromClient({ method: 'notifications/message', params: { data: big } });
    h.fromClient({ id: 2, method: 'resources/list' });
    h.fromServer({ id: 2, result: { resources: [{ uri: big, name: 'n' }] } });
    await h.settle();
    expect(h.server.map((message) => (message as { method: string }).method)).toEqual(['resources/list']);
    expect(h.client.map((message) => [(message as { id: number }).id, (message as { error?: { code: number } }).error?.code])).toEqual([
      [1, -32000],
      [2, -32000],
    ]);
    expect(h.notes).toHaveLength(3);
  });

  it('forwards the client\'s cancellation of a call the server has, and stops tracking it', async () => {
    const h = harness('');
    h.fromClient({ id: 3, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    h.fromClient({ method: 'notifications/cancelled', params: { requestId: 3 } });
    h.fromServer({ id: 3, result: { content: [] } });
    await h.settle();
    expect(h.server.map((message) => (message as { method: string }).method)).toEqual(['tools/call', 'notifications/cancelled']);
    // No longer tracked: an answer the server still sends goes through unjudged.
    expect(h.client).toEqual([{ jsonrpc: '2.0', id: 3, result: { content: [] } }]);
  });
});
