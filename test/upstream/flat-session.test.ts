// Flat sessions in-process: what outlives a session, what several sessions share on one downstream server, and slow starts.
import { Server, ProtocolError } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDirectHarness, type DirectHarness } from './direct-harness.js';

/** A downstream server with prompts, resources, templates and logging; `log` records each request it got. */
function resourceServer(
  log: string[],
  options: { prompts?: string[]; templates?: string[]; resources?: string[] } = {},
): () => Server {
  return () => {
    const server = new Server(
      { name: 'res', version: '1' },
      { capabilities: { tools: {}, prompts: {}, resources: { subscribe: true }, logging: {} } },
    );
    server.setRequestHandler('tools/list', () => ({
      tools: [{ name: 'ping', inputSchema: { type: 'object' } }],
    }));
    server.setRequestHandler('tools/call', () => ({ content: [{ type: 'text', text: 'pong' }] }));
    server.setRequestHandler('prompts/list', () => ({
      prompts: (options.prompts ?? []).map((name) => ({ name })),
    }));
    server.setRequestHandler('prompts/get', (request) => {
      log.push(`prompts/get ${request.params.name}`);
      return { messages: [{ role: 'user', content: { type: 'text', text: `prompt ${request.params.name}` } }] };
    });
    server.setRequestHandler('resources/list', () => ({
      resources: (options.resources ?? []).map((uri) => ({ uri, name: uri })),
    }));
    server.setRequestHandler('resources/templates/list', () => ({
      resourceTemplates: (options.templates ?? []).map((uriTemplate) => ({ uriTemplate, name: uriTemplate })),
    }));
    server.setRequestHandler('resources/read', (request) => {
      log.push(`read ${request.params.uri}`);
      return { contents: [{ uri: request.params.uri, text: 'content' }] };
    });
    server.setRequestHandler('resources/subscribe', (request) => {
      log.push(`subscribe ${request.params.uri}`);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', (request) => {
      log.push(`unsubscribe ${request.params.uri}`);
      return {};
    });
    server.setRequestHandler('logging/setLevel', (request) => {
      log.push(`level ${request.params.level}`);
      return {};
    });
    return server;
  };
}

const settle = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

describe('flat sessions in-process', () => {
  let harness: DirectHarness | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await harness?.close();
    harness = undefined;
  });

  it('keeps a resource subscribed downstream while another session still subscribes to it', async () => {
    const log: string[] = [];
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer(log, { resources: ['res://a'] }) } },
    });
    const one = await harness.connect();
    const two = await harness.connect();
    await one.client.subscribeResource({ uri: 'res://a' });
    await two.client.subscribeResource({ uri: 'res://a' });
    await one.client.unsubscribeResource({ uri: 'res://a' });
    expect(log.filter((line) => line.includes('subscribe'))).toEqual(['subscribe res://a']);
    await two.client.unsubscribeResource({ uri: 'res://a' });
    expect(log.filter((line) => line.includes('subscribe'))).toEqual(['subscribe res://a', 'unsubscribe res://a']);
  });

  it('keeps a server with a subscribed resource from idle shutdown until the last subscriber leaves, across a restart', async () => {
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer([], { resources: ['res://a'] }) } },
    });
    const one = await harness.connect();
    await one.client.subscribeResource({ uri: 'res://a' });
    expect(harness.gateway.pool.isHeld('res')).toBe(true);
    // A restart replaces the connection; the hold is the pool's, by name.
    await harness.gateway.pool.reset('res');
    expect(harness.gateway.pool.isHeld('res')).toBe(true);
    await one.client.unsubscribeResource({ uri: 'res://a' });
    expect(harness.gateway.pool.isHeld('res')).toBe(false);
  });

  it("fails a second subscriber too when the first one's downstream subscribe fails, so nobody is counted without a subscription", async () => {
    let failSubscribe: (error: Error) => void = () => undefined;
    const failing = new Promise<never>((_, reject) => (failSubscribe = reject));
    const flaky = () => {
      const server = resourceServer([], { resources: ['res://a'] })();
      server.setRequestHandler('resources/subscribe', async () => failing);
      return server;
    };
    harness = await startDirectHarness({ servers: { res: { create: flaky } } });
    const one = await harness.connect();
    const two = await harness.connect();
    await one.client.listResources();
    const first = one.client.subscribeResource({ uri: 'res://a' }).catch((error: unknown) => error);
    await settle();
    const second = two.client.subscribeResource({ uri: 'res://a' }).catch((error: unknown) => error);
    await settle();
    failSubscribe(new Error('no watching today'));
    expect(await first).toBeInstanceOf(Error);
    expect(await second).toBeInstanceOf(Error);
    expect(harness.gateway.pool.isHeld('res')).toBe(false);
  });

  it('holds nothing when the unsubscribe arrives while the subscribe is still on its way', async () => {
    let releaseSubscribe: () => void = () => undefined;
    const slowSubscribe = new Promise<void>((resolve) => (releaseSubscribe = resolve));
    const slow = () => {
      const server = resourceServer([], { resources: ['res://a'] })();
      server.setRequestHandler('resources/subscribe', async () => {
        await slowSubscribe;
        return {};
      });
      return server;
    };
    harness = await startDirectHarness({ servers: { res: { create: slow } } });
    const one = await harness.connect();
    await one.client.listResources();
    const subscribing = one.client.subscribeResource({ uri: 'res://a' });
    await settle();
    await one.client.unsubscribeResource({ uri: 'res://a' });
    releaseSubscribe();
    await subscribing;
    expect(harness.gateway.pool.isHeld('res')).toBe(false);
  });

  it('names each resource and template after its server, and never renames a URI', async () => {
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer([], { resources: ['res://a'], templates: ['res://t/{id}'] }) } },
    });
    const one = await harness.connect();
    expect((await one.client.listResources()).resources).toEqual([{ uri: 'res://a', name: 'res__res://a' }]);
    expect((await one.client.listResourceTemplates()).resourceTemplates).toEqual([
      { uriTemplate: 'res://t/{id}', name: 'res__res://t/{id}' },
    ]);
    await harness.close();
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer([], { resources: ['res://a'] }) } },
      prefix: 'never',
    });
    expect((await (await harness.connect()).client.listResources()).resources).toEqual([
      { uri: 'res://a', name: 'res://a' },
    ]);
  });

  it('redacts credentials in the progress and log messages a server sends during a call, as in its result', async () => {
    const token = `ghp_${'Q'.repeat(36)}`;
    const chatty = () => {
      const server = new Server({ name: 'chatty', version: '1' }, { capabilities: { tools: {}, logging: {} } });
      server.setRequestHandler('tools/list', () => ({
        tools: [{ name: 'talk', inputSchema: { type: 'object' } }],
      }));
      server.setRequestHandler('tools/call', async (request, ctx) => {
        await server.sendLoggingMessage({ level: 'info', data: `log ${token}` });
        const progressToken = request.params._meta?.progressToken;
        if (progressToken !== undefined)
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken, progress: 1, message: `progress ${token}` },
          });
        return { content: [{ type: 'text', text: `result ${token}` }] };
      });
      return server;
    };
    harness = await startDirectHarness({ servers: { chatty: { create: chatty } } });
    const one = await harness.connect();
    const logs: string[] = [];
    one.client.setNotificationHandler(
      'notifications/message',
      (notification) => void logs.push(JSON.stringify(notification.params)),
    );
    const progress: string[] = [];
    await one.client.listTools();
    const result = await one.client.callTool(
      { name: 'chatty__talk', arguments: {} },
      {
        onprogress: (p) => void progress.push(JSON.stringify(p)),
      },
    );
    await settle();
    const everything = JSON.stringify({ result, logs, progress });
    expect(logs.length).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(everything).not.toContain(token);
    expect(everything).toContain('[REDACTED:github-token]');
  });

  it('unsubscribes downstream what a session still subscribed to when it closes', async () => {
    const log: string[] = [];
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer(log, { resources: ['res://a'] }) } },
    });
    const one = await harness.connect();
    await one.client.subscribeResource({ uri: 'res://a' });
    await one.close();
    await settle();
    expect(log.filter((line) => line.includes('subscribe'))).toEqual(['subscribe res://a', 'unsubscribe res://a']);
  });

  it('stops listening to gateway events once a session closes, even when someone replaced its onclose', async () => {
    harness = await startDirectHarness({ servers: { res: { create: resourceServer([]) } } });
    const listeners = (harness.gateway.events as unknown as { listeners: Set<unknown> }).listeners;
    const before = listeners.size;
    const one = await harness.connect();
    expect(listeners.size).toBe(before + 1);
    const sent = vi.spyOn(one.server, 'notification');
    // serveStdio and other owners of the session set onclose after the session server is made.
    one.server.onclose = () => undefined;
    await one.close();
    harness.gateway.events.emit({ kind: 'tools_changed' });
    await settle(250);
    expect(sent).not.toHaveBeenCalled();
    expect(listeners.size).toBe(before);
  });

  it('sends the downstream servers the most verbose level any session asked for, and each session only its own', async () => {
    const log: string[] = [];
    harness = await startDirectHarness({ servers: { res: { create: resourceServer(log) } } });
    const quiet = await harness.connect();
    const chatty = await harness.connect();
    const heardQuiet: string[] = [];
    const heardChatty: string[] = [];
    quiet.client.setNotificationHandler('notifications/message', (n) => void heardQuiet.push(n.params.level));
    chatty.client.setNotificationHandler('notifications/message', (n) => void heardChatty.push(n.params.level));
    await quiet.client.listResources();
    await chatty.client.setLoggingLevel('debug');
    await quiet.client.setLoggingLevel('error');
    expect(log.filter((line) => line.startsWith('level'))).toEqual(['level debug']);
    for (const level of ['debug', 'error'] as const) {
      harness.gateway.events.emit({
        kind: 'notification',
        server: 'res',
        notification: { method: 'notifications/message', params: { level, data: level } },
      });
    }
    await settle();
    expect(heardChatty).toEqual(['debug', 'error']);
    expect(heardQuiet).toEqual(['error']);
  });

  it('sends the level a session set to a server that starts afterwards', async () => {
    const log: string[] = [];
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer(log, { resources: ['res://a'] }) } },
    });
    const one = await harness.connect();
    await one.client.setLoggingLevel('warning');
    expect(harness.starts.get('res')).toBeUndefined();
    await one.client.listResources();
    await settle();
    expect(log).toContain('level warning');
  });

  it('gets a prompt whose name was cleaned up by its own name, even before any listing', async () => {
    const log: string[] = [];
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer(log, { prompts: ['review.code'] }) } },
    });
    const one = await harness.connect();
    const result = await one.client.getPrompt({ name: 'res__review_code' });
    expect(log).toEqual(['prompts/get review.code']);
    expect(result.messages[0]?.content).toEqual({ type: 'text', text: 'prompt review.code' });
  });

  it('relays an elicitation a server sends while answering prompts/get to the session that asked', async () => {
    // This server declares prompts only, no tools: it must still start.
    const asking = () => {
      const server = new Server({ name: 'ask', version: '1' }, { capabilities: { prompts: {} } });
      server.setRequestHandler('prompts/list', () => ({ prompts: [{ name: 'greet' }] }));
      server.setRequestHandler('prompts/get', async () => {
        const answer = await server.elicitInput({
          message: 'Your name?',
          requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
        });
        return {
          messages: [{ role: 'user', content: { type: 'text', text: `hello ${String(answer.content?.name)}` } }],
        };
      });
      return server;
    };
    harness = await startDirectHarness({ servers: { ask: { create: asking } } });
    const one = await harness.connect({ capabilities: { elicitation: { form: {} } } });
    one.client.setRequestHandler('elicitation/create', () => ({ action: 'accept', content: { name: 'Ada' } }));
    const result = await one.client.getPrompt({ name: 'ask__greet' });
    expect(result.messages[0]?.content).toEqual({ type: 'text', text: 'hello Ada' });
  });

  it("passes a server's own JSON-RPC error on as that error, and answers a name no server lists with -32602", async () => {
    const lone = () => {
      const server = new Server({ name: 'lone', version: '1' }, { capabilities: { tools: {} } });
      server.setRequestHandler('tools/list', () => ({
        tools: [{ name: 'strict', inputSchema: { type: 'object' } }],
      }));
      server.setRequestHandler('tools/call', () => {
        throw new ProtocolError(-32099, 'strict says no');
      });
      return server;
    };
    harness = await startDirectHarness({ servers: { lone: { create: lone } }, prefix: 'never' });
    const one = await harness.connect();
    const error = await one.client.callTool({ name: 'strict', arguments: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: -32099, message: 'strict says no' });
    // Even in front of a single server, a name it does not list is not sent to it: the policy judges names it can see.
    expect(
      await one.client.callTool({ name: 'hidden', arguments: {} }).catch((caught: unknown) => caught),
    ).toMatchObject({ code: -32602 });
  });

  it('answers a name no server lists with -32602, with several servers as with one', async () => {
    harness = await startDirectHarness({
      servers: { a: { create: resourceServer([]) }, b: { create: resourceServer([]) } },
      prefix: 'never',
    });
    const one = await harness.connect();
    const error = await one.client.callTool({ name: 'hidden', arguments: {} }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: -32602 });
  });

  it('lists both of two prompts whose names meet once cleaned up, under different names', async () => {
    harness = await startDirectHarness({
      servers: { res: { create: resourceServer([], { prompts: ['a.b', 'a_b'] }) } },
    });
    const one = await harness.connect();
    const names = (await one.client.listPrompts()).prompts.map((prompt) => prompt.name);
    expect(names).toHaveLength(2);
    expect(names).toContain('res__a_b');
    expect(new Set(names).size).toBe(2);
  });

  it('reads a URI from the server whose template is most specific, not the first server with a catch-all', async () => {
    const aLog: string[] = [];
    const bLog: string[] = [];
    harness = await startDirectHarness({
      servers: {
        a: { create: resourceServer(aLog, { templates: ['file:///{+path}'] }) },
        b: { create: resourceServer(bLog, { templates: ['file:///logs/{name}'] }) },
      },
    });
    const one = await harness.connect();
    await one.client.readResource({ uri: 'file:///logs/today.txt' });
    await one.client.readResource({ uri: 'file:///etc/hosts' });
    expect(bLog).toEqual(['read file:///logs/today.txt']);
    expect(aLog).toEqual(['read file:///etc/hosts']);
  });

  it('waits for a server that hangs at start in one listing only, not in every listing after it', async () => {
    harness = await startDirectHarness({
      servers: {
        res: { create: resourceServer([], { resources: ['res://a'] }) },
        stuck: { create: resourceServer([]), gate: new Promise<void>(() => undefined) },
      },
    });
    const one = await harness.connect();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const first = one.client.listResources();
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await first).resources.map((resource) => resource.uri)).toEqual(['res://a']);
    const second = one.client.listResources();
    await vi.advanceTimersByTimeAsync(50);
    const outcome = await Promise.race([
      second.then(() => 'listed'),
      Promise.resolve().then(() => new Promise((resolve) => setImmediate(() => resolve('still waiting')))),
    ]);
    expect(outcome).toBe('listed');
  });

  it('sends one tools/list_changed for a burst of tool-set changes', async () => {
    harness = await startDirectHarness({ servers: { res: { create: resourceServer([]) } } });
    const one = await harness.connect();
    let heard = 0;
    one.client.setNotificationHandler('notifications/tools/list_changed', () => void (heard += 1));
    for (let i = 0; i < 20; i++) harness.gateway.events.emit({ kind: 'tools_changed' });
    await settle(250);
    expect(heard).toBe(1);
  });
});
