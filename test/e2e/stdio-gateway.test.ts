// The gateway as a user's client sees it: a real subprocess over stdio in front of real MCP servers.
import fs from 'node:fs';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandbox,
  everythingServer,
  fixture,
  isAlive,
  fixtureStarts,
  startGateway,
  textOf,
  waitFor,
  type GatewayProcess,
} from '../support/gateway-process.js';

interface SearchAnswer {
  results: { tool_id: string; server: string; summary: string; online: boolean; input_schema?: unknown }[];
}
interface ErrorAnswer {
  error: { code: string; message: string; hint?: string; fields?: { field: string }[]; input_schema?: unknown };
}

describe('a gateway in front of fixture servers and server-everything', () => {
  let gw: GatewayProcess;
  let cancelLog: string;

  beforeAll(async () => {
    const sandbox = createSandbox();
    cancelLog = path.join(sandbox.root, 'cancel.log');
    gw = await startGateway({
      sandbox,
      servers: {
        many: fixture('many-tools-server.mjs', { FIXTURE_SECRET: 'fixture-secret-value-0042' }),
        slow: fixture('slow-server.mjs', { FIXTURE_CANCEL_LOG: 'CANCEL_LOG' }),
        everything: everythingServer({ VISIBLE_TO_CHILD: 'yes-from-entry' }),
        missing: { command: 'toolgate-no-such-command-xyz', args: [] },
      },
      env: { GATEWAY_PRIVATE_VAR: 'should-not-reach-children' },
      rewrite: (servers) => {
        (servers.slow as { env: Record<string, string> }).env.FIXTURE_CANCEL_LOG = cancelLog;
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    gw?.sandbox.remove();
  });

  it("lists the SPEC's sixteen meta-tools with names every client accepts", async () => {
    const { tools } = await gw.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'catalog_search',
        'describe',
        'invoke',
        'refresh',
        'health',
        'request_capability',
        'sync_environment',
        'provision',
        'provision_status',
        'update_server',
        'auth_connect',
        'search_registry',
        'register_discovered_server',
        'submit_feedback',
        'list_pending',
        'cancel',
      ]
        .map((name) => `gateway_${name}`)
        .sort(),
    );
    expect(tools.slice(0, 3).map((tool) => tool.name)).toEqual([
      'gateway_catalog_search',
      'gateway_describe',
      'gateway_invoke',
    ]);
    for (const tool of tools) expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('spawns no downstream child before the first describe, and one after', async () => {
    expect(gw.children()).toEqual([]);
    const answer = await gw.json<{ tools: { tool_id: string; input_schema: unknown }[] }>('gateway_describe', {
      tool_id: 'many::create_issue',
    });
    expect(answer.tools[0]?.tool_id).toBe('many::create_issue');
    expect(answer.tools[0]?.input_schema).toMatchObject({ type: 'object', required: ['title'] });
    expect(gw.children()).toHaveLength(1);
  });

  it('finds a tool from the words a model would use, with its schema inline when confident', async () => {
    const answer = await gw.json<SearchAnswer>('gateway_catalog_search', { query: 'weather forecast for a city' });
    expect(answer.results[0]?.tool_id).toBe('many::get_weather');
    expect(answer.results[0]?.online).toBe(true);
    expect(answer.results[0]?.input_schema).toMatchObject({ properties: { city: { type: 'string' } } });
  });

  it('searches tools of servers started on first search, and reports servers it could not index', async () => {
    const answer = await gw.json<SearchAnswer & { not_searched?: string[] }>('gateway_catalog_search', {
      query: 'tiny image',
    });
    expect(answer.results.map((r) => r.tool_id)).toContain('everything::get-tiny-image');
    expect(answer.not_searched).toEqual(['missing']);
  });

  it('returns an image block byte-identical to what the server sent', async () => {
    const direct = new Client({ name: 'direct', version: '1' });
    await direct.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [path.resolve('test/fixtures/many-tools-server.mjs')],
      }),
    );
    try {
      const expected = await direct.callTool({ name: 'render_chart', arguments: { width: 64 } });
      const result = await gw.call('gateway_invoke', { tool_id: 'many::render_chart', arguments: { width: 64 } });
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual(expected.content);
      const image = result.content.find((block) => block.type === 'image');
      expect(image && Buffer.from(image.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await direct.close();
    }
  });

  it('passes every content kind, structuredContent and isError through natively', async () => {
    const mixed = await gw.call('gateway_invoke', { tool_id: 'many::mixed_content' });
    expect(mixed.content.map((block) => block.type)).toEqual(['text', 'image', 'audio', 'resource_link', 'resource']);
    const sum = await gw.call('gateway_invoke', { tool_id: 'many::add', arguments: { a: 2, b: 3.5 } });
    expect(sum.structuredContent).toEqual({ sum: 5.5 });
    const failed = await gw.call('gateway_invoke', { tool_id: 'slow::fail', arguments: { message: 'boom' } });
    expect(failed.isError).toBe(true);
    expect(textOf(failed)).toBe('boom');
  });

  it('names every wrong field and carries the schema when arguments are bad', async () => {
    const result = await gw.call('gateway_invoke', {
      tool_id: 'many::create_issue',
      arguments: { title: 7, labels: 'bug' },
    });
    expect(result.isError).toBe(true);
    const { error } = result.structuredContent as unknown as ErrorAnswer;
    expect(error.code).toBe('INVALID_ARGUMENTS');
    expect(error.fields?.map((f) => f.field).sort()).toEqual(['labels', 'title']);
    expect(error.input_schema).toMatchObject({ type: 'object' });
  });

  it('refuses non-object arguments and unknown tool ids with clear codes', async () => {
    const notObject = (await gw.call('gateway_invoke', { tool_id: 'many::echo', arguments: 'text=hi' }))
      .structuredContent as unknown as ErrorAnswer;
    expect(notObject.error.code).toBe('INVALID_ARGUMENTS');
    expect(notObject.error.message).toContain('arguments');
    const unknown = (await gw.call('gateway_invoke', { tool_id: 'many::no_such_tool' }))
      .structuredContent as unknown as ErrorAnswer;
    expect(unknown.error.code).toBe('TOOL_NOT_FOUND');
    const noServer = (await gw.call('gateway_invoke', { tool_id: 'nope::echo' }))
      .structuredContent as unknown as ErrorAnswer;
    expect(noServer.error.code).toBe('SERVER_NOT_FOUND');
    const malformed = (await gw.call('gateway_invoke', { tool_id: '../../etc/passwd' }))
      .structuredContent as unknown as ErrorAnswer;
    expect(malformed.error.code).toBe('TOOL_NOT_FOUND');
  });

  it('shows a server whose command does not exist as failed while the others work', async () => {
    const failed = (await gw.call('gateway_invoke', { tool_id: 'missing::anything' }))
      .structuredContent as unknown as ErrorAnswer;
    expect(failed.error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    expect(failed.error.message).toContain('toolgate-no-such-command-xyz');
    const health = await gw.json<{ status: string; servers: { name: string; state: string }[] }>('gateway_health');
    expect(health.status).toBe('degraded');
    expect(health.servers.find((s) => s.name === 'missing')?.state).toBe('failed');
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'many::echo', arguments: { text: 'still here' } }))).toBe(
      'still here',
    );
  });

  it("gives a child only its own environment, not the gateway's", async () => {
    const result = await gw.call('gateway_invoke', { tool_id: 'everything::get-env' });
    const text = textOf(result);
    expect(text).toContain('yes-from-entry');
    expect(text).not.toContain('should-not-reach-children');
  });

  it('redacts configured secrets and token patterns from outputs', async () => {
    const text = textOf(await gw.call('gateway_invoke', { tool_id: 'many::leak_secret' }));
    expect(text).not.toContain('fixture-secret-value-0042');
    expect(text).not.toMatch(/ghp_[A-Za-z0-9]{36}/);
    expect(text).toContain('REDACTED');
  });

  it('forwards downstream progress to a caller that asked for it', async () => {
    const progress: number[] = [];
    const release = path.join(gw.sandbox.root, 'release-progress');
    const call = gw.call(
      'gateway_invoke',
      { tool_id: 'slow::sleep', arguments: { ms: 60_000, until_file: release } },
      (p) => progress.push(p.progress),
    );
    // The call ends once two progress notifications came through, however slowly the machine runs them.
    expect(await waitFor(() => progress.length >= 2, 20_000)).toBe(true);
    fs.writeFileSync(release, '');
    expect(textOf(await call)).toBe(`slept until ${release}`);
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it('cancels the downstream call when the caller cancels', async () => {
    const controller = new AbortController();
    // Cancelled once its first progress shows the call is running downstream.
    const pending = gw.call(
      'gateway_invoke',
      { tool_id: 'slow::sleep', arguments: { ms: 60_000 } },
      () => controller.abort('user cancelled'),
      controller.signal,
    );
    await expect(pending).rejects.toThrow();
    expect(
      await waitFor(
        () => fs.existsSync(cancelLog) && fs.readFileSync(cancelLog, 'utf8').startsWith('cancelled'),
        20_000,
      ),
    ).toBe(true);
    // The gateway is still serving after the cancellation.
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'slow::count' }))).toMatch(/count \d+/);
  });

  it('times out a slow call with DOWNSTREAM_TIMEOUT, cancels it downstream, and keeps the server usable', async () => {
    // A quiet call never sends progress, so the 300 ms idle timeout is the only thing that can end it this side of a minute.
    const result = await gw.call('gateway_invoke', {
      tool_id: 'slow::sleep',
      arguments: { ms: 60_000, quiet: true },
      timeout_ms: 300,
    });
    const { error } = result.structuredContent as unknown as ErrorAnswer & { error: { elapsed_ms: number } };
    expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
    expect(error.elapsed_ms).toBeGreaterThanOrEqual(290);
    // It was still running downstream when the timeout ended it: the server was told to cancel it.
    expect(await waitFor(() => fs.readFileSync(cancelLog, 'utf8').trim().split('\n').length >= 2, 20_000)).toBe(true);
    expect(textOf(await gw.call('gateway_invoke', { tool_id: 'slow::sleep', arguments: { ms: 10 } }))).toBe('slept 10');
  });

  it('refuses unknown meta-tools and bad meta-tool input with the tool list in the hint', async () => {
    const unknown = (await gw.call('gateway_nope')).structuredContent as unknown as ErrorAnswer;
    expect(unknown.error.code).toBe('TOOL_NOT_FOUND');
    expect(unknown.error.hint).toContain('gateway_invoke');
    const badLimit = (await gw.call('gateway_catalog_search', { query: 'x', limit: 'many' }))
      .structuredContent as unknown as ErrorAnswer;
    expect(badLimit.error.code).toBe('INVALID_ARGUMENTS');
    const flat = (await gw.call('gateway_invoke', { tool_id: 'many::echo', text: 'hi' }))
      .structuredContent as unknown as ErrorAnswer;
    expect(flat.error.hint).toContain('"arguments"');
  });
});

describe('the policy timeout ceiling', () => {
  it('ends a call at timeouts.max_ms even while the server keeps sending progress, and cancels it downstream at once', async () => {
    const sandbox = createSandbox();
    const cancels = path.join(sandbox.root, 'ceiling-cancels.log');
    const gw = await startGateway({
      sandbox,
      servers: { slow: fixture('slow-server.mjs', { FIXTURE_CANCEL_LOG: cancels }) },
      policy: 'timeouts: { max_ms: 1500 }\n',
    });
    try {
      // A minute of sleep with progress every 100 ms: only the 1,500 ms ceiling can end it (the message names it).
      const result = await gw.call(
        'gateway_invoke',
        { tool_id: 'slow::sleep', arguments: { ms: 60_000 }, timeout_ms: 60_000 },
        () => undefined,
      );
      const { error } = result.structuredContent as unknown as {
        error: { code: string; message: string; max_ms: number };
      };
      expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
      expect(error.max_ms).toBe(1500);
      expect(error.message).toContain('1500 ms ceiling');
      // The server hears of it with the answer, not one idle timeout later: the cancel went down the pipe before the
      // next call, so the server has handled it by the time it answers that call.
      expect(textOf(await gw.call('gateway_invoke', { tool_id: 'slow::count' }))).toBe('count 1');
      expect(fs.existsSync(cancels) && fs.readFileSync(cancels, 'utf8').startsWith('cancelled')).toBe(true);
    } finally {
      await gw.close();
      sandbox.remove();
    }
  });

  it('lets progress keep a call alive past its timeout_ms, below the ceiling', async () => {
    const gw = await startGateway({
      servers: { slow: fixture('slow-server.mjs') },
      policy: 'timeouts: { max_ms: 60000 }\n',
    });
    try {
      // Progress every 100 ms restarts the 3 s idle timeout (thirty chances a loaded machine cannot all miss). The server
      // reports how long it has slept in each progress; once that passes timeout_ms the test ends the call, well under the ceiling.
      const release = path.join(gw.sandbox.root, 'release');
      const result = await gw.call(
        'gateway_invoke',
        { tool_id: 'slow::sleep', arguments: { ms: 60_000, until_file: release }, timeout_ms: 3_000 },
        (progress) => {
          if (progress.progress > 3_000) fs.writeFileSync(release, '');
        },
      );
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toBe(`slept until ${release}`);
    } finally {
      await gw.close();
    }
  });
});

describe('two concurrent first calls', () => {
  it('start a cold server once', async () => {
    const gw = await startGateway({ servers: { many: fixture('many-tools-server.mjs') } });
    try {
      const results = await Promise.all([
        gw.call('gateway_invoke', { tool_id: 'many::echo', arguments: { text: 'a' } }),
        gw.call('gateway_invoke', { tool_id: 'many::echo', arguments: { text: 'b' } }),
        gw.call('gateway_describe', { tool_id: 'many::add' }),
      ]);
      expect(results.map((r) => r.isError ?? false)).toEqual([false, false, false]);
      expect(fixtureStarts(gw.sandbox, 'many')).toBe(1);
      expect(gw.children()).toHaveLength(1);
    } finally {
      await gw.close();
    }
  });
});

describe('dot-style names', () => {
  it('are used for Claude Code and accepted in either style from anyone', async () => {
    const gw = await startGateway({ servers: {}, clientName: 'claude-code' });
    try {
      const { tools } = await gw.client.listTools();
      expect(tools[0]?.name).toBe('gateway.catalog_search');
      expect((await gw.call('gateway_health')).isError).toBeFalsy();
      expect((await gw.call('gateway.health')).isError).toBeFalsy();
    } finally {
      await gw.close();
    }
  });
});

describe('the gateway exits with its client', () => {
  it('stops its children and exits on SIGTERM', async () => {
    const gw = await startGateway({ servers: { many: fixture('many-tools-server.mjs') } });
    try {
      await gw.call('gateway_describe', { tool_id: 'many::echo' });
      const [child] = gw.children();
      expect(child).toBeDefined();
      process.kill(gw.pid, 'SIGTERM');
      expect(await waitFor(() => !isAlive(gw.pid) && !isAlive(child as number), 15_000)).toBe(true);
    } finally {
      await gw.client.close().catch(() => undefined);
      gw.sandbox.remove();
    }
  });

  it('stops its children when the client closes stdin', async () => {
    const sandbox = createSandbox();
    const gw = await startGateway({ sandbox, servers: { many: fixture('many-tools-server.mjs') } });
    await gw.call('gateway_describe', { tool_id: 'many::echo' });
    const [child] = gw.children();
    expect(child).toBeDefined();
    // The SDK client ends stdin, then sends SIGTERM only after 2 s: the gateway's log says which of the two stopped it.
    const logFile = path.join(gw.sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
    await gw.close();
    const shutdowns = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"shutting down"'));
    expect(shutdowns.map((line) => (JSON.parse(line) as { reason: string }).reason)).toEqual(['stdin closed']);
    expect(
      await waitFor(
        () => !fs.existsSync(`/proc/${child}`) || fs.readFileSync(`/proc/${child}/stat`, 'utf8').includes(') Z '),
        15_000,
      ),
    ).toBe(true);
    sandbox.remove();
  });
});
