// The proxy at its edges, in-process: id clashes, cancellation, a server that dies, floods, malformed messages.
import { describe, expect, it } from 'vitest';
import { harness, labels } from './proxy-harness.js';

const INIT_WITH_ELICITATION = {
  id: 0,
  method: 'initialize',
  params: { capabilities: { elicitation: {} }, clientInfo: { name: 'c', version: '1' } },
};

describe('WrapProxy edges', () => {
  it("forwards the client's answer to a server request whose id looks like one of wrap's own", async () => {
    const h = harness('');
    h.fromServer({ id: 'toolgate-wrap-1', method: 'elicitation/create', params: { message: 'from the server' } });
    await h.settle();
    h.fromClient({ id: 'toolgate-wrap-1', result: { action: 'decline' } });
    await h.settle();
    expect(h.server).toEqual([{ jsonrpc: '2.0', id: 'toolgate-wrap-1', result: { action: 'decline' } }]);
  });

  it('never gives its own approval question the id of a server request still open at the client', async () => {
    const h = harness('approval: ["fx::*"]\n');
    h.fromClient(INIT_WITH_ELICITATION);
    h.fromServer({ id: 'toolgate-wrap-1', method: 'elicitation/create', params: { message: 'from the server' } });
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    await h.settle();
    const questions = h.client.filter(
      (message) => 'method' in message && message.method === 'elicitation/create',
    ) as Array<{ id: string }>;
    expect(questions).toHaveLength(2);
    const ours = questions[1]!.id;
    expect(ours).not.toBe('toolgate-wrap-1');
    h.fromClient({ id: 'toolgate-wrap-1', result: { action: 'decline' } });
    h.fromClient({ id: ours, result: { action: 'accept' } });
    await h.settle();
    expect(labels(h.server)).toEqual(['initialize', 'answer "toolgate-wrap-1"', 'tools/call']);
  });

  it('drops the answer the server still sends to a call the client cancelled, instead of passing it unjudged', async () => {
    const h = harness('gates:\n  secrets: block\n');
    h.fromClient({ id: 3, method: 'tools/call', params: { name: 'leak', arguments: {} } });
    h.fromClient({ method: 'notifications/cancelled', params: { requestId: 3 } });
    await h.settle();
    h.fromServer({ id: 3, result: { content: [{ type: 'text', text: `token=ghp_${'a1B2'.repeat(9)}` }] } });
    await h.settle();
    expect(labels(h.server)).toEqual(['tools/call', 'notifications/cancelled']);
    expect(h.client).toEqual([]);
    expect(h.audit.map((entry) => entry.error_code)).toEqual(['CANCELLED']);
  });

  it('withdraws the approval question of a call cancelled while waiting, and audits it once', async () => {
    const h = harness('approval: ["fx::*"]\n');
    h.fromClient(INIT_WITH_ELICITATION);
    h.fromClient({ id: 4, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    await h.settle();
    h.fromClient({ method: 'notifications/cancelled', params: { requestId: 4 } });
    await h.settle();
    expect(labels(h.client)).toEqual(['elicitation/create', 'notifications/cancelled']);
    expect(labels(h.server)).toEqual(['initialize']);
    expect(h.audit.map((entry) => entry.error_code)).toEqual(['CANCELLED']);
  });

  it('refuses a second call with the id of a call still in flight, so each answer is judged for its own call', async () => {
    const h = harness('gates:\n  secrets: block\n');
    h.fromClient({ id: 7, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    h.fromClient({ id: 7, method: 'tools/call', params: { name: 'leak', arguments: {} } });
    await h.settle();
    expect(labels(h.server)).toEqual(['tools/call']);
    expect(h.client).toEqual([{ jsonrpc: '2.0', id: 7, error: expect.objectContaining({ code: -32600 }) }]);
    h.fromServer({ id: 7, result: { content: [{ type: 'text', text: 'hi' }] } });
    await h.settle();
    expect(labels(h.client)).toEqual(['error 7', 'answer 7']);
    expect(h.audit.map((entry) => `${entry.tool_id} ${entry.outcome}`)).toEqual(['fx::leak error', 'fx::echo ok']);
  });

  it('refuses any other request under the id of a tool call in flight, so the ping answer is never judged as the tool result', async () => {
    for (const mode of ['enforce', 'monitor']) {
      const h = harness(`mode: ${mode}\ngates:\n  secrets: block\n`);
      h.fromClient({ id: 7, method: 'tools/call', params: { name: 'leak', arguments: {} } });
      h.fromClient({ id: 7, method: 'ping' });
      await h.settle();
      expect(labels(h.server), mode).toEqual(['tools/call']);
      expect(h.client, mode).toEqual([
        {
          jsonrpc: '2.0',
          id: 7,
          error: expect.objectContaining({
            code: -32600,
            message: 'The "ping" request has id 7, the id of a tools/call still in flight; it was not forwarded.',
          }),
        },
      ]);
      expect(h.notes, mode).toEqual([
        'refused the client\'s "ping" request: its id 7 is that of a tools/call still in flight (fx::leak)',
      ]);
      // The tool's own answer is still judged as the tool's.
      h.fromServer({ id: 7, result: { content: [{ type: 'text', text: `token=ghp_${'a1B2'.repeat(9)}` }] } });
      await h.settle();
      expect(
        h.audit.map((entry) => `${entry.tool_id} ${entry.decision}`),
        mode,
      ).toEqual([`fx::leak ${mode === 'enforce' ? 'blocked' : 'would_block'}`]);
      expect(JSON.stringify(h.client), mode).not.toMatch(/ghp_/);
    }
  });

  it('refuses a tools/call under the id of another request the server still has, so that answer is never judged as the tool result', async () => {
    const secret = `token=ghp_${'a1B2'.repeat(9)}`;
    for (const mode of ['enforce', 'monitor']) {
      const h = harness(`mode: ${mode}\ngates:\n  secrets: block\n`);
      h.fromClient({ id: 7, method: 'resources/read', params: { uri: 'x://a' } });
      h.fromClient({ id: 7, method: 'tools/call', params: { name: 'leak', arguments: { token: 'hunter2-arg' } } });
      await h.settle();
      expect(labels(h.server), mode).toEqual(['resources/read']);
      expect(h.client, mode).toEqual([
        {
          jsonrpc: '2.0',
          id: 7,
          error: expect.objectContaining({
            code: -32600,
            message:
              'The "tools/call" request has id 7, the id of a "resources/read" request still in flight; it was not forwarded.',
          }),
        },
      ]);
      expect(h.notes, mode).toEqual([
        'refused the client\'s "tools/call" request: its id 7 is that of a "resources/read" request still in flight',
      ]);
      h.fromServer({ id: 7, result: { contents: [{ uri: 'x://a', text: 'resource' }] } });
      await h.settle();
      expect(labels(h.client), mode).toEqual(['error 7', 'answer 7']);
      expect(h.audit, mode).toEqual([]);
      // Answered: the id is free again, and the call under it is judged as usual.
      h.fromClient({ id: 7, method: 'tools/call', params: { name: 'leak', arguments: {} } });
      await h.settle();
      h.fromServer({ id: 7, result: { content: [{ type: 'text', text: secret }] } });
      await h.settle();
      expect(labels(h.server), mode).toEqual(['resources/read', 'tools/call']);
      expect(
        h.audit.map((entry) => `${entry.tool_id} ${entry.decision}`),
        mode,
      ).toEqual([`fx::leak ${mode === 'enforce' ? 'blocked' : 'would_block'}`]);
      expect(JSON.stringify(h.client) + h.notes.join('\n'), mode).not.toMatch(/ghp_|hunter2/);
    }
  });

  it('refuses any request under the id of another request the server still has, or of a cancelled one whose late answer may still come', async () => {
    const h = harness('');
    h.fromClient({ id: 'a', method: 'resources/read', params: { uri: 'x://a' } });
    h.fromClient({ id: 'a', method: 'prompts/get', params: { name: 'p' } });
    h.fromClient({ id: 'b', method: 'resources/read', params: { uri: 'x://b' } });
    h.fromClient({ method: 'notifications/cancelled', params: { requestId: 'b' } });
    // MCP forbids reusing an id in a session: the cancelled request's late answer would be taken for this one.
    h.fromClient({ id: 'b', method: 'ping' });
    await h.settle();
    expect(labels(h.server)).toEqual(['resources/read', 'resources/read', 'notifications/cancelled']);
    expect(labels(h.client)).toEqual(['error "a"', 'error "b"']);
    expect(h.notes).toEqual([
      'refused the client\'s "prompts/get" request: its id "a" is that of a "resources/read" request still in flight',
      'refused the client\'s "ping" request: its id "b" is that of a cancelled or timed-out request still in flight (its late answer may still come)',
    ]);
    // The late answer is dropped, not passed to the client.
    h.fromServer({ id: 'b', result: { contents: [] } });
    await h.settle();
    expect(labels(h.client)).toEqual(['error "a"', 'error "b"']);
  });

  it('answers requests past the in-flight cap with an error, and forgets every request in flight when the server dies', async () => {
    const h = harness('', { maxCallsInFlight: 2 });
    for (const id of [1, 2, 3]) h.fromClient({ id, method: 'resources/read', params: { uri: 'x://a' } });
    await h.settle();
    expect(labels(h.server)).toEqual(['resources/read', 'resources/read']);
    expect(h.client).toEqual([
      {
        jsonrpc: '2.0',
        id: 3,
        error: expect.objectContaining({
          code: -32000,
          message: 'The "resources/read" request was refused: 2 requests are already in flight through toolgate wrap.',
        }),
      },
    ]);
    h.proxy.close();
    h.fromClient({ id: 1, method: 'ping' });
    await h.settle();
    expect(labels(h.server)).toEqual(['resources/read', 'resources/read', 'ping']);
  });

  it('answers every call in flight with an error when the server dies, and audits each', async () => {
    const h = harness('approval: ["fx::ask"]\n');
    h.fromClient(INIT_WITH_ELICITATION);
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    h.fromClient({ id: 2, method: 'tools/call', params: { name: 'ask', arguments: {} } });
    await h.settle();
    h.proxy.close();
    await h.settle();
    const errors = h.client.filter((message) => 'error' in message) as Array<{
      id: number;
      error: { code: number; data: { code: string } };
    }>;
    expect(errors.map((message) => [message.id, message.error.code, message.error.data.code])).toEqual([
      [1, -32000, 'DOWNSTREAM_UNAVAILABLE'],
      [2, -32000, 'DOWNSTREAM_UNAVAILABLE'],
    ]);
    expect(h.audit.map((entry) => `${entry.tool_id} ${entry.error_code}`)).toEqual([
      'fx::slow DOWNSTREAM_UNAVAILABLE',
      'fx::ask DOWNSTREAM_UNAVAILABLE',
    ]);
  });

  it('answers a call that comes after the server died at once, without sending it anywhere', async () => {
    const h = harness('');
    await h.proxy.close();
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    await h.settle();
    expect(h.server).toEqual([]);
    expect(h.client).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        error: expect.objectContaining({ data: expect.objectContaining({ code: 'DOWNSTREAM_UNAVAILABLE' }) }),
      },
    ]);
  });

  it('answers calls past the in-flight cap with an error instead of tracking them without bound', async () => {
    const h = harness('', { maxCallsInFlight: 2 });
    for (const id of [1, 2, 3]) h.fromClient({ id, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    await h.settle();
    expect(labels(h.server)).toEqual(['tools/call', 'tools/call']);
    expect(labels(h.client)).toEqual(['error 3']);
    h.fromServer({ id: 1, result: { content: [] } });
    h.fromClient({ id: 4, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    await h.settle();
    expect(labels(h.server)).toEqual(['tools/call', 'tools/call', 'tools/call']);
    expect(h.audit.map((entry) => entry.outcome)).toEqual(['blocked', 'ok']);
  });

  it('survives a server answer whose content is not an array, and answers it as the gateway does: DOWNSTREAM_ERROR, never passed on', async () => {
    const h = harness('');
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'odd', arguments: {} } });
    h.fromServer({ id: 1, result: { content: 'not a list' } });
    h.fromClient({ id: 2, method: 'ping' });
    await h.settle();
    expect(labels(h.server)).toEqual(['tools/call', 'ping']);
    expect(h.client).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        error: expect.objectContaining({
          code: -32000,
          message: expect.stringMatching(/^fx::odd returned an invalid tool result: content/),
          data: expect.objectContaining({ code: 'DOWNSTREAM_ERROR' }),
        }),
      },
    ]);
    expect(h.audit.map((entry) => `${entry.outcome} ${entry.error_code}`)).toEqual(['error DOWNSTREAM_ERROR']);
  });

  it('does not forward a tools/call it cannot judge (no id, or no tool name) in enforce mode', async () => {
    const h = harness('tools:\n  deny: ["fx::*"]\n');
    h.fromClient({ method: 'tools/call', params: { name: 'drop', arguments: {} } });
    h.fromClient({ id: null, method: 'tools/call', params: { name: 'drop', arguments: {} } });
    h.fromClient({ id: 5, method: 'tools/call', params: { arguments: {} } });
    await h.settle();
    expect(h.server).toEqual([]);
    expect(h.client).toEqual([{ jsonrpc: '2.0', id: 5, error: expect.objectContaining({ code: -32602 }) }]);
  });

  it('never echoes what the client sent in a note about a line it dropped (arguments may hold secrets)', async () => {
    const h = harness('');
    h.rawFromClient('{"id":1,"method":"tools/call","params":{"arguments":{"password":"hunter2-secret"}}}');
    h.rawFromClient(
      '[{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":{"token":"hunter2-secret"}}}]',
    );
    await h.settle();
    expect(h.notes).toHaveLength(2);
    expect(h.notes.join('\n')).not.toContain('hunter2');
    expect(h.notes[1]).toMatch(/batch/);
  });
});

describe('WrapProxy edges in monitor mode', () => {
  it('forwards an unjudgeable tools/call as it came, but never a malformed result (it could not be redacted or capped)', async () => {
    const h = harness('mode: monitor\n');
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'odd', arguments: {} } });
    h.fromServer({ id: 1, result: { content: 'not a list' } });
    h.fromClient({ method: 'tools/call', params: { name: 'drop' } });
    h.fromClient({ id: 2, method: 'tools/call', params: {} });
    await h.settle();
    expect(h.client).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        error: expect.objectContaining({ code: -32000, data: expect.objectContaining({ code: 'DOWNSTREAM_ERROR' }) }),
      },
    ]);
    expect(h.server).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'odd', arguments: {} } },
      { jsonrpc: '2.0', method: 'tools/call', params: { name: 'drop' } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: {} },
    ]);
    expect(h.audit.map((entry) => `${entry.decision} ${entry.outcome}`)).toEqual(['allowed error']);
  });

  it('refuses a tools/call under the id of an unjudgeable call it let through, so that answer is never judged as the tool result', async () => {
    const h = harness('mode: monitor\n');
    h.fromClient({ id: 9, method: 'tools/call', params: {} });
    h.fromClient({ id: 9, method: 'tools/call', params: { name: 'leak', arguments: {} } });
    await h.settle();
    expect(labels(h.server)).toEqual(['tools/call']);
    expect(h.client).toEqual([{ jsonrpc: '2.0', id: 9, error: expect.objectContaining({ code: -32600 }) }]);
    expect(h.notes).toEqual([
      'refused the client\'s "tools/call" request: its id 9 is that of a "tools/call" request still in flight',
    ]);
  });
});

describe('WrapProxy edges: answers and stderr', () => {
  it('drops a server answer under the id of a call still waiting for approval (the server does not have that call)', async () => {
    const h = harness('approval: ["fx::*"]\n');
    h.fromClient(INIT_WITH_ELICITATION);
    h.fromClient({ id: 6, method: 'tools/call', params: { name: 'echo', arguments: {} } });
    await h.settle();
    h.fromServer({ id: 6, result: { content: [{ type: 'text', text: 'stale' }] } });
    await h.settle();
    expect(labels(h.client)).toEqual(['elicitation/create']);
  });

  it('never prints argument values in --verbose lines, whatever the path', async () => {
    const h = harness('tools:\n  deny: ["fx::drop"]\ngates:\n  max_message_bytes: 100\n', { timeoutMs: 20 });
    const secret = { api_key: 'sk-verbose-secret-123', text: 'hunter2-verbose' };
    h.fromClient({ id: 1, method: 'tools/call', params: { name: 'drop', arguments: secret } });
    h.fromClient({
      id: 2,
      method: 'tools/call',
      params: { name: 'big', arguments: { ...secret, pad: 'x'.repeat(200) } },
    });
    h.fromClient({ id: 3, method: 'tools/call', params: { name: 'slow', arguments: secret } });
    h.fromClient({ id: 4, method: 'tools/call', params: { name: 'echo', arguments: secret } });
    h.fromServer({ id: 4, result: { content: 'hunter2-verbose' } });
    await h.settle(60);
    expect(h.verbose).toHaveLength(4);
    expect(h.verbose.join('\n') + h.notes.join('\n')).not.toMatch(/sk-verbose|hunter2/);
  });
});
