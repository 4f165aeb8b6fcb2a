// The proxy's routing in-process, over plain streams: what is forwarded unchanged, what is answered, what is dropped.
import { describe, expect, it } from 'vitest';
import { harness } from './proxy-harness.js';

describe('WrapProxy', () => {
  it('forwards requests, notifications and responses in both directions unchanged', async () => {
    const h = harness('');
    const messages = [
      {
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: { roots: {} }, clientInfo: { name: 'c', version: '1' } },
      },
      { method: 'notifications/initialized' },
      { id: 'r-7', result: { roots: [{ uri: 'file:///tmp' }] } },
    ];
    for (const message of messages) h.fromClient(message);
    h.fromServer({ id: 'r-7', method: 'roots/list' });
    h.fromServer({
      id: 1,
      result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's', version: '1' } },
    });
    await h.settle();
    expect(h.server).toEqual(messages.map((message) => ({ jsonrpc: '2.0', ...message })));
    expect(h.client.map((message) => ('method' in message ? message.method : 'result'))).toEqual([
      'roots/list',
      'result',
    ]);
  });

  it('answers a denied call itself and never forwards it', async () => {
    const h = harness('tools:\n  deny: ["fx::drop_*"]\n');
    h.fromClient({ id: 5, method: 'tools/call', params: { name: 'drop_table', arguments: {} } });
    await h.settle();
    expect(h.server).toEqual([]);
    expect(h.client).toEqual([
      {
        jsonrpc: '2.0',
        id: 5,
        error: {
          code: -32001,
          message: expect.stringMatching(/fx::drop_table is not allowed by policy/),
          data: expect.objectContaining({ code: 'POLICY_DENIED', gate: 'deny' }),
        },
      },
    ]);
  });

  it('keeps the answer to its own approval question from the server', async () => {
    const h = harness('approval: ["fx::*"]\n');
    h.fromClient({
      id: 0,
      method: 'initialize',
      params: { capabilities: { elicitation: {} }, clientInfo: { name: 'c', version: '1' } },
    });
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } });
    await h.settle();
    const question = h.client.find((message) => 'method' in message && message.method === 'elicitation/create') as {
      id: string;
      params: Record<string, unknown>;
    };
    expect(question.id).toMatch(/^toolgate-wrap-[0-9a-f]{12}-1$/);
    expect(question.params).toMatchObject({ mode: 'form', requestedSchema: { type: 'object', properties: {} } });
    h.fromClient({ id: question.id, result: { action: 'accept' } });
    await h.settle();
    expect(
      h.server.map((message) =>
        'method' in message ? message.method : `answer ${String((message as { id: unknown }).id)}`,
      ),
    ).toEqual(['initialize', 'tools/call']);
  });

  it('answers a call still unanswered after the timeout, cancels it at the server and drops its late answer', async () => {
    const h = harness('', { timeoutMs: 30 });
    h.fromClient({ id: 9, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    // The answer comes after the timeout has answered the client: late, whatever the machine's speed.
    await expect.poll(() => h.client.length).toBe(1);
    h.fromServer({ id: 9, result: { content: [{ type: 'text', text: 'late' }] } });
    await h.settle();
    expect(h.client).toEqual([
      {
        jsonrpc: '2.0',
        id: 9,
        error: expect.objectContaining({ code: -32000, data: expect.objectContaining({ code: 'DOWNSTREAM_TIMEOUT' }) }),
      },
    ]);
    expect(h.server.map((message) => (message as { method: string }).method)).toEqual([
      'tools/call',
      'notifications/cancelled',
    ]);
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
    expect(
      h.client.map((message) => [
        (message as { id: number }).id,
        (message as { error?: { code: number } }).error?.code,
      ]),
    ).toEqual([
      [1, -32000],
      [2, -32000],
    ]);
    const [request, response] = h.client as Array<{ error: { message: string; data: { hint: string } } }>;
    expect(request!.error.message).toBe(
      'The client\'s "resources/read" request is 370 bytes, over --max-message-size (200 bytes), so toolgate wrap did not forward it to the server.',
    );
    expect(request!.error.data.hint).toBe("Send a smaller request, or raise toolgate wrap's --max-message-size.");
    expect(response!.error.message).toBe(
      "The server's answer to request 2 is 371 bytes, over --max-message-size (200 bytes), so toolgate wrap did not forward it to the client.",
    );
    expect(response!.error.data.hint).toBe("Ask for less, or raise toolgate wrap's --max-message-size.");
    expect(h.notes).toEqual([
      'the client\'s "resources/read" request is 370 bytes, over --max-message-size (200 bytes); it was not forwarded to the server. Restart toolgate wrap with a larger --max-message-size to let messages this large through.',
      expect.stringMatching(
        /^the client's "notifications\/message" notification is \d+ bytes, over --max-message-size \(200 bytes\); it was not forwarded to the server\./,
      ),
      expect.stringMatching(
        /^the server's answer to request 2 is \d+ bytes, over --max-message-size \(200 bytes\); it was not forwarded to the client\./,
      ),
    ]);
  });

  it("forwards the client's cancellation of a call the server has, and drops the answer it may still send", async () => {
    const h = harness('');
    h.fromClient({ id: 3, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    h.fromClient({ method: 'notifications/cancelled', params: { requestId: 3 } });
    h.fromServer({ id: 3, result: { content: [] } });
    await h.settle();
    expect(h.server.map((message) => (message as { method: string }).method)).toEqual([
      'tools/call',
      'notifications/cancelled',
    ]);
    // The client gave up on it (and MCP says it ignores a late answer): it is not passed on unjudged.
    expect(h.client).toEqual([]);
  });
});

describe('WrapProxy: the last step of a call (send to the child, await the answer by id)', () => {
  it("passes the server's progress on a call up through the call path, redacted, under the client's token", async () => {
    const h = harness('');
    h.fromClient({
      id: 1,
      method: 'tools/call',
      params: { name: 'slow', arguments: {}, _meta: { progressToken: 'p-1' } },
    });
    await h.settle();
    h.fromServer({
      method: 'notifications/progress',
      params: { progressToken: 'p-1', progress: 1, message: `using token=ghp_${'a1B2'.repeat(9)}` },
    });
    h.fromServer({ id: 1, result: { content: [{ type: 'text', text: 'done' }] } });
    await h.settle();
    expect(h.server).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'slow', arguments: {}, _meta: { progressToken: 'p-1' } },
      },
    ]);
    expect(h.client).toEqual([
      {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 'p-1', progress: 1, message: 'using token=[REDACTED:github-token]' },
      },
      { jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'done' }] } },
    ]);
  });
});
