// What the model gets without extra turns: the schema inline for a clear match, several schemas in one
// describe, and the schema with an invoke that had wrong arguments. In-process, through a real session.
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MemoryToolCache } from '../../src/catalog/tool-cache.js';
import { ToolIndex } from '../../src/catalog/tool-index.js';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { configOf } from '../support/discovered-config.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { flatExposureOf } from '../../src/gateway/flat-exposure.js';
import { Gateway } from '../../src/gateway/gateway.js';
import type { GatewayFacts } from '../../src/gateway/health-report.js';
import { createCoreMetaTools } from '../../src/gateway/meta-tools/index.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { MAX_PENDING, TokenLedger } from '../../src/gateway/token-ledger.js';
import { silentLogger } from '../../src/log/logger.js';
import { mergePolicy } from '../../src/policy/load-policy.js';
import { ESTIMATE_TOKEN_COUNTER, loadTokenCounter } from '../../src/policy/token-counter.js';
import { createSessionServer } from '../../src/upstream/session-server.js';

function trackerServer(): McpServer {
  const server = new McpServer({ name: 'tracker', version: '1.0.0' });
  const ok = (): CallToolResult => ({ content: [{ type: 'text', text: 'ok' }] });
  server.registerTool(
    'create_issue',
    {
      description: 'Create an issue with a title and a body.',
      inputSchema: z.object({ title: z.string(), body: z.string().optional() }),
    },
    ok,
  );
  server.registerTool(
    'close_issue',
    { description: 'Close an issue by its number.', inputSchema: z.object({ number: z.number() }) },
    ok,
  );
  server.registerTool(
    'issue_report',
    { description: 'Report on an issue by its number.', inputSchema: z.object({ number: z.number() }) },
    ok,
  );
  server.registerTool(
    'issue_summary',
    { description: 'Summary of an issue by its number.', inputSchema: z.object({ number: z.number() }) },
    ok,
  );
  return server;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function session() {
  const entry: ServerEntry = {
    name: 'tracker',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: 'unused',
    args: [],
    env: {},
  };
  const config = configOf([['tracker', entry]]);
  const policy = new PolicyView(mergePolicy([]));
  const pool = new ServerPool({
    createTransport: () => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      void trackerServer().connect(serverSide);
      return clientSide;
    },
    secretsFor: () => ({}),
    logger: silentLogger,
    clientInfo: { name: 'test', version: '1' },
    onToolsChanged: (server, tools) => gateway.onToolsChanged(server, tools),
  });
  const gateway = new Gateway({
    pool,
    index: new ToolIndex(),
    cache: new MemoryToolCache(),
    initial: { config, policy },
    reload: async () => ({ config, policy }),
    logger: silentLogger,
  });
  await gateway.start();
  const ledger = new TokenLedger({ flatTools: flatExposureOf(gateway) });
  const facts: GatewayFacts = {
    version: '0.0.0',
    transport: 'stdio',
    exposure: 'progressive',
    nameStyle: 'underscore',
    startedAt: new Date(),
    lock: () => ({}),
    tokens: (view) => ledger.report(view),
  };
  const server = createSessionServer({
    metaTools: createCoreMetaTools(gateway, facts),
    nameStyle: 'underscore',
    serverInfo: { name: 'toolgate', version: '0' },
    sessionId: 's1',
    logger: silentLogger,
    ledger,
  });
  const client = new Client({ name: 'agent', version: '1' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  closers.push(async () => {
    await client.close();
    await gateway.close();
  });
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    return { isError: result.isError === true, json: result.structuredContent as Record<string, unknown> };
  };
  return { call, client, ledger };
}

type Card = { tool_id: string; input_schema?: { properties?: Record<string, unknown> } };

describe('adaptive disclosure', () => {
  it('inlines the input schema of a top hit that clearly beats the runner-up', async () => {
    const { call } = await session();
    const { json } = await call('gateway_catalog_search', { query: 'create an issue' });
    const [first, second] = json.results as Card[];
    expect(first?.tool_id).toBe('tracker::create_issue');
    expect(first?.input_schema?.properties).toHaveProperty('title');
    expect(second?.input_schema).toBeUndefined();
  });

  it('inlines no schema when the best hits are close, even with limit 1', async () => {
    const { call } = await session();
    const { json } = await call('gateway_catalog_search', { query: 'issue by its number', limit: 1 });
    const results = json.results as Card[];
    expect(results).toHaveLength(1);
    expect(results[0]?.input_schema).toBeUndefined();
  });

  it('describes several tools in one call and names the ids it could not find', async () => {
    const { call } = await session();
    const { isError, json } = await call('gateway_describe', {
      tool_id: ['tracker::create_issue', 'tracker::close_issue', 'tracker::nope'],
    });
    expect(isError).toBe(false);
    expect((json.tools as { tool_id: string }[]).map((tool) => tool.tool_id)).toEqual([
      'tracker::create_issue',
      'tracker::close_issue',
    ]);
    expect(json.errors).toEqual([expect.objectContaining({ tool_id: 'tracker::nope', code: 'TOOL_NOT_FOUND' })]);
  });

  it('answers an invoke with wrong arguments with the fields and the schema, so no describe turn is needed', async () => {
    const { call } = await session();
    const { isError, json } = await call('gateway_invoke', {
      tool_id: 'tracker::close_issue',
      arguments: { number: 'seven' },
    });
    expect(isError).toBe(true);
    const error = json.error as {
      code: string;
      fields: { field: string }[];
      input_schema: { properties: Record<string, unknown> };
    };
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.fields.map((field) => field.field)).toEqual(['number']);
    expect(error.input_schema.properties).toHaveProperty('number');
  });
});

describe('token accounting', () => {
  it("counts a session's listing, discovery answers and invoke results apart, against the flat exposure", async () => {
    const { call, client, ledger } = await session();
    await client.listTools();
    await call('gateway_catalog_search', { query: 'close issue' });
    await call('gateway_invoke', { tool_id: 'tracker::close_issue', arguments: { number: 7 } });
    ledger.report();
    await ledger.settled();
    const { json } = await call('gateway_health', {});
    const tokens = json.tokens as {
      method: string;
      flat_exposure: { tools: number; tokens: number; uncounted_tools: number };
      sessions: Record<string, number | string>[];
    };
    expect(tokens.method).toBe('o200k');
    expect(tokens.flat_exposure).toMatchObject({ tools: 4, uncounted_tools: 0 });
    expect(tokens.flat_exposure.tokens).toBeGreaterThan(100);
    const [s1] = tokens.sessions;
    // The asking session is marked as itself; its id is not shown to a session (F6).
    expect(s1).toMatchObject({
      current: true,
      label: expect.stringMatching(/^s-[0-9a-f]{12}$/) as unknown as string,
      client: 'agent',
      listings: 1,
      discovery_calls: 1,
      invoke_calls: 1,
    });
    expect(s1).not.toHaveProperty('session_id');
    expect(s1?.listing_tokens).toBeGreaterThan(200);
    expect(s1?.discovery_tokens).toBeGreaterThan(10);
    expect(s1?.invoke_result_tokens).toBeGreaterThan(0);
    expect(s1?.saved_tokens).toBe(
      tokens.flat_exposure.tokens - (s1?.listing_tokens as number) - (s1?.discovery_tokens as number),
    );
  });

  it("leaves toolgate's own CLI sessions out, and flags ended sessions as closed", () => {
    const ledger = new TokenLedger({
      flatTools: () => [],
      ignoreClients: ['toolgate-cli'],
      loadCounter: async () => ESTIMATE_TOKEN_COUNTER,
    });
    ledger.recordListing('cli', [], 'toolgate-cli');
    ledger.recordAnswer('cli', 'catalog_search', { content: [] }, 'toolgate-cli');
    ledger.recordListing('agent', [], 'claude-code');
    ledger.endSession('agent');
    ledger.endSession('never-seen');
    expect(ledger.report({ withIds: true }).sessions).toEqual([
      expect.objectContaining({ session_id: 'agent', client: 'claude-code', closed: true }),
    ]);
  });

  it('never counts on the call path: records are only queued until the event loop is free', async () => {
    const ledger = new TokenLedger({ flatTools: () => [] });
    ledger.recordAnswer('a', 'catalog_search', { content: [{ type: 'text', text: 'x'.repeat(1000) }] });
    expect(ledger.report().sessions[0]).toMatchObject({ discovery_calls: 1, discovery_tokens: 0 });
    expect(ledger.report().pending).toBe(1);
    await ledger.settled();
    expect(ledger.report().sessions[0]?.discovery_tokens).toBeGreaterThan(0);
  });

  it('loads no tokenizer until a report is asked for, holding answers as text, then counts them exactly', async () => {
    let loads = 0;
    const ledger = new TokenLedger({ flatTools: () => [], loadCounter: async () => (loads++, loadTokenCounter()) });
    ledger.recordAnswer('a', 'catalog_search', { content: [{ type: 'text', text: 'hello world' }] });
    await ledger.settled();
    expect(loads).toBe(0);
    expect(ledger.report()).toMatchObject({ method: 'estimate', pending: 1 });
    await ledger.settled();
    expect(loads).toBe(1);
    expect(ledger.report()).toMatchObject({ method: 'o200k', pending: 0 });
    expect(ledger.report().sessions[0]?.discovery_tokens).toBeGreaterThan(0);
  });

  it('holds at most MAX_PENDING answers while no report has asked for the tokenizer, estimating the rest', async () => {
    const ledger = new TokenLedger({ flatTools: () => [], loadCounter: async () => ESTIMATE_TOKEN_COUNTER });
    // In rounds, as calls come: each round is drained (held) before the next.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < MAX_PENDING / 2 + 100; i++)
        ledger.recordAnswer('a', 'invoke', { content: [{ type: 'text', text: `answer ${round}.${i}` }] });
      await ledger.settled();
    }
    const report = ledger.report();
    expect(report.pending).toBe(MAX_PENDING);
    expect(report.sessions[0]?.invoke_result_tokens).toBeGreaterThan(0);
  });

  it('estimates a text too long to tokenize cheaply and says so', async () => {
    const ledger = new TokenLedger({ flatTools: () => [] });
    ledger.recordAnswer('a', 'invoke', { content: [{ type: 'text', text: 'word '.repeat(20_000) }] });
    ledger.report();
    await ledger.settled();
    const report = ledger.report();
    expect(report.method).toBe('mixed');
    expect(report.sessions[0]?.invoke_result_tokens).toBeGreaterThan(20_000);
  });
});
