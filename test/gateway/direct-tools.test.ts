// Names of directly exposed tools: cleaned up to fit every client, and never two tools under one name.
import { Server } from '@modelcontextprotocol/server';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { assignDirectNames, directToolName } from '../../src/gateway/direct/direct-tools.js';
import { startDirectHarness, type DirectHarness } from '../upstream/direct-harness.js';

function namedServer(label: string, tools: string[]): () => Server {
  return () => {
    const server = new Server({ name: label, version: '1' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/list', () => ({
      tools: tools.map((name) => ({ name, inputSchema: { type: 'object' } })),
    }));
    server.setRequestHandler('tools/call', (request) => ({
      content: [{ type: 'text', text: `${label}:${request.params.name}` }],
    }));
    return server;
  };
}

describe('direct tool names', () => {
  let harness: DirectHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('keeps an unchanged name and gives a cleaned-up name that meets it a hashed form', () => {
    const { named, collisions } = assignDirectNames(
      [
        { server: 'a.b', name: 't' },
        { server: 'a_b', name: 't' },
      ],
      'server',
    );
    expect(collisions).toEqual([]);
    const byServer = new Map(named.map(({ entry, exposed }) => [entry.server, exposed]));
    expect(byServer.get('a_b')).toBe('a_b__t');
    expect(byServer.get('a.b')).toMatch(/^a_b__t_[0-9a-f]{8}$/);
    expect(directToolName('a.b', 't', 'server')).toBe('a_b__t');
  });

  it('lists and calls both tools of servers a.b and a_b, each on its own server', async () => {
    harness = await startDirectHarness({
      servers: { 'a.b': { create: namedServer('dotted', ['t']) }, a_b: { create: namedServer('underscored', ['t']) } },
    });
    const { client } = await harness.connect();
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toHaveLength(2);
    const answers = await Promise.all(
      names.map(async (name) => ((await client.callTool({ name, arguments: {} })) as CallToolResult).content),
    );
    expect(answers.map((content) => JSON.stringify(content)).sort()).toEqual([
      '[{"type":"text","text":"dotted:t"}]',
      '[{"type":"text","text":"underscored:t"}]',
    ]);
  });

  it('refuses a real collision (prefix never) and keeps the first server', async () => {
    harness = await startDirectHarness({
      servers: { one: { create: namedServer('one', ['same']) }, two: { create: namedServer('two', ['same']) } },
      prefix: 'never',
    });
    const { client } = await harness.connect();
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(['same']);
    expect(((await client.callTool({ name: 'same', arguments: {} })) as CallToolResult).content).toEqual([
      { type: 'text', text: 'one:same' },
    ]);
  });
});

describe('direct calls before any listing', () => {
  it('calls a tool of a server that never started, by its exposed name, without tools/list first', async () => {
    const harness = await startDirectHarness({ servers: { srv: { create: namedServer('srv', ['hello']) } } });
    try {
      const { client } = await harness.connect();
      expect(((await client.callTool({ name: 'srv__hello', arguments: {} })) as CallToolResult).content).toEqual([
        { type: 'text', text: 'srv:hello' },
      ]);
    } finally {
      await harness.close();
    }
  });
});
