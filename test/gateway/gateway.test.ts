// The gateway engine in-process: real SDK servers behind in-memory transports, no subprocesses.
import { McpServer, InMemoryTransport } from '@modelcontextprotocol/server';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryToolCache } from '../../src/catalog/tool-cache.js';
import { ToolIndex } from '../../src/catalog/tool-index.js';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { configOf } from '../support/discovered-config.js';
import type { TransportFactory } from '../../src/downstream/create-transport.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { Gateway } from '../../src/gateway/gateway.js';
import type { CallContext } from '../../src/gateway/meta-tool.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { silentLogger } from '../../src/log/logger.js';
import { mergePolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';
import { errorOf } from '../support/gateway-error-of.js';

function notesServer(calls: string[]): McpServer {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.registerTool(
    'add_note',
    {
      description: 'Add a note with a title and a body.',
      inputSchema: z.object({ title: z.string(), body: z.string().optional() }),
    },
    ({ title }) => {
      calls.push(`add_note:${title}`);
      return { content: [{ type: 'text', text: `added ${title} with token ghp_${'a'.repeat(36)}` }] };
    },
  );
  server.registerTool(
    'delete_note',
    { description: 'Delete a note forever.', inputSchema: z.object({ title: z.string() }) },
    ({ title }) => {
      calls.push(`delete_note:${title}`);
      return { content: [{ type: 'text', text: 'deleted' }] };
    },
  );
  server.registerTool('dump', { description: 'Return a large amount of text.', inputSchema: z.object({}) }, () => ({
    content: [{ type: 'text', text: 'x'.repeat(5000) }],
  }));
  return server;
}

/** `startGate`: the server side connects only once it resolves, so the server is still starting until then. */
function setup(policyYaml = '', startGate: Promise<void> = Promise.resolve()) {
  const calls: string[] = [];
  const starts: string[] = [];
  const createTransport: TransportFactory = (entry) => {
    starts.push(entry.name);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    void startGate.then(() => notesServer(calls).connect(serverSide));
    return clientSide;
  };
  const entry: ServerEntry = {
    name: 'notes',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: 'unused',
    args: [],
    env: {},
  };
  const config = configOf([['notes', entry]]);
  const policy = new PolicyView(
    mergePolicy(policyYaml ? [parsePolicyLayer(policyYaml, '/home/u/.toolgate/policy.yaml')] : []),
  );
  const index = new ToolIndex();
  const cache = new MemoryToolCache();
  const pool = new ServerPool({
    createTransport,
    secretsFor: () => ({}),
    logger: silentLogger,
    clientInfo: { name: 'test', version: '1' },
    onToolsChanged: (s, t) => gateway.onToolsChanged(s, t),
  });
  const gateway = new Gateway({
    pool,
    index,
    cache,
    initial: { config, policy },
    reload: async () => ({ config, policy }),
    logger: silentLogger,
  });
  return { gateway, calls, starts, cache };
}
const context: CallContext = { signal: new AbortController().signal, sessionId: 'test' };

describe('Gateway', () => {
  it('indexes a server only once it starts, and caches its tool list', async () => {
    const { gateway, starts, cache } = setup();
    await gateway.start();
    expect(gateway.search({ query: 'note', limit: 5, includeUninstalled: true })).toEqual([]);
    expect(starts).toEqual([]);
    expect(await gateway.indexUnseenServers()).toEqual([]);
    expect(gateway.search({ query: 'add a note', limit: 5, includeUninstalled: true })[0]?.toolId).toBe(
      'notes::add_note',
    );
    expect(
      cache.entries
        .get('notes')
        ?.tools.map((tool) => tool.name)
        .sort(),
    ).toEqual(['add_note', 'delete_note', 'dump']);
    await gateway.close();
  });

  it('lets a concurrent search wait for the servers a first search is still starting', async () => {
    let release = () => undefined as void;
    const { gateway, starts } = setup('', new Promise<void>((resolve) => (release = resolve)));
    await gateway.start();
    const first = gateway.indexUnseenServers();
    const second = gateway.indexUnseenServers();
    // Both searches are waiting on the held start now; it ends when the test says so.
    release();
    expect(await Promise.all([first, second])).toEqual([[], []]);
    expect(starts).toEqual(['notes']);
    await gateway.close();
  });

  it('bounds a concurrent search by the wait of the search that started the servers', async () => {
    let release = () => undefined as void;
    const { gateway, starts } = setup('', new Promise<void>((resolve) => (release = resolve)));
    await gateway.start();
    // The start is held until release(): the second search, willing to wait ten minutes, can only end this test
    // (timeout 30 s) through the first search's 50 ms bound.
    expect(await Promise.all([gateway.indexUnseenServers(50), gateway.indexUnseenServers(600_000)])).toEqual([
      ['notes'],
      ['notes'],
    ]);
    expect(starts).toEqual(['notes']);
    release();
    await expect.poll(() => gateway.search({ query: 'add a note', limit: 1, includeUninstalled: true }).length).toBe(1);
    await gateway.close();
  });

  it('starts a server once for concurrent first calls', async () => {
    const { gateway, starts } = setup();
    await gateway.start();
    await Promise.all([
      gateway.describe('notes::add_note'),
      gateway.invoke('notes::add_note', { title: 'a' }, context),
      gateway.describe('notes::dump'),
    ]);
    expect(starts).toEqual(['notes']);
    await gateway.close();
  });

  it('refuses a denied tool before starting its server', async () => {
    const { gateway, starts, calls } = setup('tools:\n  deny: ["notes::delete_*"]\n');
    await gateway.start();
    const error = await errorOf(gateway.invoke('notes::delete_note', { title: 'a' }, context));
    expect(error.code).toBe('POLICY_DENIED');
    expect(error.message).toContain('/home/u/.toolgate/policy.yaml');
    expect(starts).toEqual([]);
    expect(calls).toEqual([]);
    await gateway.close();
  });

  it('rejects bad arguments without calling the tool', async () => {
    const { gateway, calls } = setup();
    await gateway.start();
    const error = await errorOf(gateway.invoke('notes::add_note', { title: 3 }, context));
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.details?.fields).toEqual([{ field: 'title', problem: 'must be string' }]);
    expect(calls).toEqual([]);
    await gateway.close();
  });

  it('applies redaction and output caps to what comes back', async () => {
    const { gateway } = setup('max_output_bytes: 100\n');
    await gateway.start();
    const added = (await gateway.invoke('notes::add_note', { title: 'x' }, context)) as CallToolResult;
    expect(JSON.stringify(added)).not.toContain('ghp_');
    const dumped = (await gateway.invoke('notes::dump', {}, context)) as CallToolResult;
    const text = dumped.content[0]?.type === 'text' ? dumped.content[0].text : '';
    expect(text.startsWith('x'.repeat(100))).toBe(true);
    expect(text).toContain('4,900 of 5,000 bytes cut');
    await gateway.close();
  });

  it('suggests close tool ids for a wrong name on a known server', async () => {
    const { gateway } = setup();
    await gateway.start();
    await gateway.indexUnseenServers();
    const error = await errorOf(gateway.invoke('notes::add_notes', {}, context));
    expect(error.code).toBe('TOOL_NOT_FOUND');
    expect(error.hint).toContain('notes::add_note');
    await gateway.close();
  });
});
