import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client, SSEClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, fixture, textOf, trustProjectFile, waitFor } from '../support/gateway-process.js';
import { startHttpGateway, TEST_TOKEN, type HttpGateway } from '../support/http-gateway.js';
import { controlSocketPath } from '../../src/control/control-socket.js';
import { createSocketFetch } from '../../src/control/socket-fetch.js';
import { JSON_RPC_CODES } from '../../src/errors/index.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so Host, Origin and body size are exactly what the test says. */
function raw(
  gateway: HttpGateway,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    abortOnBody?: string;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: gateway.port,
        method: options.method ?? 'POST',
        path: options.path ?? '/mcp',
        headers: options.headers ?? {},
      },
      (response) => {
        let body = '';
        const settle = () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString();
          // The client vanishes once it has seen what it waited for (e.g. the call's first progress).
          if (options.abortOnBody && body.includes(options.abortOnBody)) {
            request.destroy();
            settle();
          }
        });
        response.on('end', settle);
        response.on('error', (error) => (options.abortOnBody ? settle() : reject(error)));
      },
    );
    request.on('error', (error) =>
      options.abortOnBody ? resolve({ status: 0, headers: {}, body: '' }) : reject(error),
    );
    request.end(options.body);
  });
}

/** Long enough that a loaded machine never stalls between a session's requests for this long, short enough to wait for. */
const EXPIRY_IDLE_MS = 5_000;
const JSON_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  authorization: `Bearer ${TEST_TOKEN}`,
};
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

async function rawSession(gateway: HttpGateway): Promise<string> {
  const response = await raw(gateway, { headers: JSON_HEADERS, body: INITIALIZE });
  expect(response.status).toBe(200);
  const id = response.headers['mcp-session-id'] as string;
  await raw(gateway, {
    headers: { ...JSON_HEADERS, 'mcp-session-id': id },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  return id;
}

describe('toolgate serve --http', () => {
  let gateway: HttpGateway;
  let cancelLog: string;

  beforeAll(async () => {
    gateway = await startHttpGateway({
      servers: { echo: fixture('echo-server.mjs'), slow: fixture('slow-server.mjs') },
      env: { TOOLGATE_LOG_LEVEL: 'debug' },
    });
    cancelLog = path.join(gateway.sandbox.root, 'cancel.log');
    // The slow server logs cancellations; set after start so every session shares the one downstream.
    const config = path.join(gateway.sandbox.project, '.mcp.json');
    const parsed = JSON.parse(fs.readFileSync(config, 'utf8')) as {
      mcpServers: Record<string, { env: Record<string, string> }>;
    };
    parsed.mcpServers.slow!.env.FIXTURE_CANCEL_LOG = cancelLog;
    fs.writeFileSync(config, JSON.stringify(parsed));
    // An edited project file takes effect once trusted again.
    trustProjectFile(gateway.sandbox, config, JSON.stringify(parsed));
    const admin = await gateway.connect();
    await admin.callTool({ name: 'gateway_refresh', arguments: {} });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('serves 50 concurrent sessions making 20 invokes each with no error, each getting its own answers', async () => {
    const clients = await Promise.all(
      Array.from({ length: 50 }, (_, index) => gateway.connect({ name: `client-${index}` })),
    );
    const failures: string[] = [];
    await Promise.all(
      clients.map(async (client, session) => {
        for (let call = 0; call < 20; call++) {
          const text = `session-${session}-call-${call}`;
          try {
            const result = (await client.callTool({
              name: 'gateway_invoke',
              arguments: { tool_id: 'echo::echo', arguments: { text } },
            })) as CallToolResult;
            if (result.isError || textOf(result) !== text) failures.push(`${text}: ${textOf(result).slice(0, 200)}`);
          } catch (error) {
            failures.push(`${text}: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`);
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    await Promise.all(clients.map((client) => client.close()));
  }, 120_000);

  it("delivers progress only to the session that asked, and a slow call never blocks another session's call", async () => {
    const slowClient = await gateway.connect({ name: 'slow-one' });
    const fastClient = await gateway.connect({ name: 'fast-one' });
    const strayProgress: unknown[] = [];
    fastClient.fallbackNotificationHandler = async (notification) => void strayProgress.push(notification);
    let progressSeen = 0;
    let slowSettled = false;
    // The slow call runs until the test writes its release file: it is pending for as long as the test says, whatever the load.
    const release = path.join(gateway.sandbox.root, 'release-slow-one');
    const slow = slowClient
      .callTool(
        {
          name: 'gateway_invoke',
          arguments: { tool_id: 'slow::sleep', arguments: { ms: 60_000, until_file: release } },
        },
        {
          onprogress: () => void (progressSeen += 1),
          timeout: 90_000,
        },
      )
      .finally(() => void (slowSettled = true));
    expect(await waitFor(() => progressSeen > 0, 20_000)).toBe(true);
    const fast = (await fastClient.callTool({
      name: 'gateway_invoke',
      arguments: { tool_id: 'echo::echo', arguments: { text: 'quick' } },
    })) as CallToolResult;
    expect(textOf(fast)).toBe('quick');
    // The fast call was answered while the slow one was still running downstream: it did not wait behind it.
    expect(slowSettled).toBe(false);
    expect(await waitFor(() => progressSeen > 2, 20_000)).toBe(true);
    fs.writeFileSync(release, '');
    const slowResult = (await slow) as CallToolResult;
    expect(slowResult.isError).toBeFalsy();
    expect(textOf(slowResult)).toBe(`slept until ${release}`);
    expect(strayProgress).toEqual([]);
  });

  it("cancels only the cancelled session's call", async () => {
    const keep = await gateway.connect({ name: 'keeps' });
    const cancels = await gateway.connect({ name: 'cancels' });
    const controller = new AbortController();
    const release = path.join(gateway.sandbox.root, 'release-keeps');
    const kept = keep.callTool(
      { name: 'gateway_invoke', arguments: { tool_id: 'slow::sleep', arguments: { ms: 60_000, until_file: release } } },
      { timeout: 90_000 },
    );
    // Cancelled once its first progress shows the call is running downstream.
    const cancelled = cancels.callTool(
      { name: 'gateway_invoke', arguments: { tool_id: 'slow::sleep', arguments: { ms: 60_000 } } },
      {
        signal: controller.signal,
        onprogress: () => controller.abort(),
        timeout: 90_000,
      },
    );
    await expect(cancelled).rejects.toThrow();
    expect(
      await waitFor(() => fs.existsSync(cancelLog) && fs.readFileSync(cancelLog, 'utf8').includes('cancelled'), 20_000),
    ).toBe(true);
    // The kept call was still running when the other was cancelled; released now, it ends well.
    fs.writeFileSync(release, '');
    expect(((await kept) as CallToolResult).isError).toBeFalsy();
  });

  it("lists and cancels only a session's own pending calls", async () => {
    const owner = await gateway.connect({ name: 'owner' });
    const other = await gateway.connect({ name: 'other' });
    let progressSeen = false;
    const running = owner.callTool(
      { name: 'gateway_invoke', arguments: { tool_id: 'slow::sleep', arguments: { ms: 60_000 } } },
      {
        onprogress: () => void (progressSeen = true),
        timeout: 90_000,
      },
    );
    // Its first progress shows the call is pending downstream.
    expect(await waitFor(() => progressSeen, 20_000)).toBe(true);
    const mine = (
      (await owner.callTool({ name: 'gateway_list_pending', arguments: {} })).structuredContent as {
        pending: { id: string; tool_id: string }[];
      }
    ).pending;
    expect(mine).toEqual([expect.objectContaining({ tool_id: 'slow::sleep' })]);
    const theirs = (await other.callTool({ name: 'gateway_list_pending', arguments: {} })).structuredContent as {
      pending: unknown[];
    };
    expect(theirs.pending).toEqual([]);
    const foreign = (await other.callTool({
      name: 'gateway_cancel',
      arguments: { id: mine[0]!.id },
    })) as CallToolResult;
    expect(foreign.isError).toBe(true);
    const own = (await owner.callTool({ name: 'gateway_cancel', arguments: { id: mine[0]!.id } })) as CallToolResult;
    expect(own.isError).toBeFalsy();
    const ended = (await running) as CallToolResult;
    expect(ended.isError).toBe(true);
    expect(textOf(ended)).toContain('CANCELLED');
  });

  it('answers /healthz without a token and with nothing but its status', async () => {
    const response = await raw(gateway, { method: 'GET', path: '/healthz' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('has no /debug/gc on a gateway started without --expose-gc', async () => {
    const local = createSocketFetch(controlSocketPath(gateway.sandbox.toolgateHome));
    expect((await local('http://localhost/debug/gc', { method: 'POST' })).status).toBe(405);
  });

  it('rejects a missing token and a wrong token with 401', async () => {
    const { authorization: _unused, ...noToken } = JSON_HEADERS;
    const missing = await raw(gateway, { headers: noToken, body: INITIALIZE });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const wrong = await raw(gateway, {
      headers: { ...JSON_HEADERS, authorization: 'Bearer not-the-token-at-all-123' },
      body: INITIALIZE,
    });
    expect(wrong.status).toBe(401);
    await expect(gateway.connect({ token: 'wrong-token-wrong-token' })).rejects.toThrow();
  });

  it('rejects a foreign Origin and a foreign Host with 403, before the token is even looked at', async () => {
    const origin = await raw(gateway, {
      headers: { ...JSON_HEADERS, origin: 'http://attacker.example' },
      body: INITIALIZE,
    });
    expect(origin.status).toBe(403);
    expect(origin.body).toContain('Origin');
    const host = await raw(gateway, { headers: { ...JSON_HEADERS, host: 'attacker.example:80' }, body: INITIALIZE });
    expect(host.status).toBe(403);
    expect(host.body).toContain('DNS rebinding');
    const sameOrigin = await raw(gateway, {
      headers: { ...JSON_HEADERS, origin: `http://127.0.0.1:${gateway.port}` },
      body: INITIALIZE,
    });
    expect(sameOrigin.status).toBe(200);
  });

  it('rejects a body over the limit with 413 and keeps serving', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 'a');
    const response = await raw(gateway, { headers: JSON_HEADERS, body: big });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.message).toContain('exceeds');
    expect((await raw(gateway, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it('answers an unknown session id with 404 so the client initializes again, and malformed JSON with 400', async () => {
    const unknown = await raw(gateway, {
      headers: { ...JSON_HEADERS, 'mcp-session-id': 'no-such-session' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
    const notInitialize = await raw(gateway, {
      headers: JSON_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(notInitialize.status).toBe(400);
    const garbage = await raw(gateway, { headers: JSON_HEADERS, body: '{not json' });
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).error.code).toBe(-32700);
  });

  it('answers each refusal of the HTTP face with its code from the wire table', async () => {
    const codeOf = (response: RawResponse) => (JSON.parse(response.body) as { error: { code: number } }).error.code;
    const tools = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(
      codeOf(await raw(gateway, { headers: { ...JSON_HEADERS, 'mcp-session-id': 'no-such-session' }, body: tools })),
    ).toBe(JSON_RPC_CODES.SESSION_NOT_FOUND);
    expect(codeOf(await raw(gateway, { headers: JSON_HEADERS, body: tools }))).toBe(JSON_RPC_CODES.SERVER_ERROR);
    expect(codeOf(await raw(gateway, { headers: JSON_HEADERS, body: '{not json' }))).toBe(JSON_RPC_CODES.PARSE_ERROR);
    expect(codeOf(await raw(gateway, { path: '/nowhere', headers: JSON_HEADERS, body: tools }))).toBe(
      JSON_RPC_CODES.SERVER_ERROR,
    );
    const { authorization: _unused, ...noToken } = JSON_HEADERS;
    expect(codeOf(await raw(gateway, { headers: noToken, body: INITIALIZE }))).toBe(JSON_RPC_CODES.SERVER_ERROR);
  });

  it('ends a session on DELETE, after which its id gets 404', async () => {
    const id = await rawSession(gateway);
    expect((await raw(gateway, { method: 'DELETE', headers: { ...JSON_HEADERS, 'mcp-session-id': id } })).status).toBe(
      200,
    );
    const after = await raw(gateway, {
      headers: { ...JSON_HEADERS, 'mcp-session-id': id },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
    // The log says who ended it.
    const logFile = path.join(gateway.sandbox.toolgateHome, 'logs', 'toolgate.jsonl');
    const closed = () =>
      fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes(id) && line.includes('session closed'));
    expect(await waitFor(() => closed().length > 0, 15_000)).toBe(true);
    expect(closed()[0]).toContain('deleted by client');
  });

  it('takes a Streamable HTTP session id only on /mcp, not on the legacy /messages route', async () => {
    const id = await rawSession(gateway);
    const crossed = await raw(gateway, {
      path: `/messages?sessionId=${id}`,
      headers: JSON_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'tools/list' }),
    });
    expect(crossed.status).toBe(404);
    expect((await raw(gateway, { method: 'DELETE', headers: { ...JSON_HEADERS, 'mcp-session-id': id } })).status).toBe(
      200,
    );
  });

  it('serves legacy SSE clients at /sse', async () => {
    const transport = new SSEClientTransport(new URL(`http://127.0.0.1:${gateway.port}/sse`), {
      requestInit: { headers: { authorization: `Bearer ${TEST_TOKEN}` } },
      eventSourceInit: {
        fetch: (url, init) =>
          fetch(url, {
            ...init,
            headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${TEST_TOKEN}` },
          }),
      },
    });
    const client = new Client({ name: 'legacy', version: '1' });
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.map((tool) => tool.name)).toContain('gateway_invoke');
    const result = (await client.callTool({
      name: 'gateway_invoke',
      arguments: { tool_id: 'echo::echo', arguments: { text: 'old client' } },
    })) as CallToolResult;
    expect(textOf(result)).toBe('old client');
    await client.close();
  });
});

describe('toolgate serve --http session expiry', () => {
  it('expires an idle session and cancels the call its vanished client left running', async () => {
    const sandbox = createSandbox();
    const cancels = path.join(sandbox.root, 'cancel.log');
    // Its own gateway: an idle expiry this short would close the sessions of the other tests on a loaded machine.
    const gateway = await startHttpGateway({
      sandbox,
      servers: { slow: fixture('slow-server.mjs', { FIXTURE_CANCEL_LOG: cancels }) },
      args: ['--session-idle-ms', String(EXPIRY_IDLE_MS)],
    });
    try {
      const id = await rawSession(gateway);
      const call = JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: {
          name: 'gateway_invoke',
          arguments: { tool_id: 'slow::sleep', arguments: { ms: 60_000 } },
          _meta: { progressToken: 1 },
        },
      });
      // The client sends a long call and disappears without cancelling it, once its progress shows the call is running downstream.
      const seen = await raw(gateway, {
        headers: { ...JSON_HEADERS, 'mcp-session-id': id },
        body: call,
        abortOnBody: 'notifications/progress',
      });
      expect(seen.body).toContain('notifications/progress');
      expect(
        await waitFor(() => fs.existsSync(cancels) && fs.readFileSync(cancels, 'utf8').includes('cancelled'), 30_000),
      ).toBe(true);
      const after = await raw(gateway, {
        headers: { ...JSON_HEADERS, 'mcp-session-id': id },
        body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list' }),
      });
      expect(after.status).toBe(404);
    } finally {
      await gateway.stop();
      sandbox.remove();
    }
  });
});

describe('toolgate serve --http limits', () => {
  it('answers /debug/gc on the local socket of a gateway run with --expose-gc, never over the network', async () => {
    const gateway = await startHttpGateway({ env: { NODE_OPTIONS: '--expose-gc' } });
    try {
      expect((await raw(gateway, { method: 'POST', path: '/debug/gc', headers: JSON_HEADERS })).status).toBe(405);
      const local = createSocketFetch(controlSocketPath(gateway.sandbox.toolgateHome));
      const response = await local('http://localhost/debug/gc', { method: 'POST' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        rss: expect.any(Number) as unknown as number,
        heap_used: expect.any(Number) as unknown as number,
      });
    } finally {
      await gateway.stop();
    }
  });

  it('frees the slot of an initialize the SDK refused (no Accept header), so it cannot fill --max-sessions', async () => {
    const gateway = await startHttpGateway({ args: ['--max-sessions', '2'] });
    try {
      for (let i = 0; i < 3; i++) {
        const refused = await raw(gateway, {
          headers: { ...JSON_HEADERS, accept: 'application/json' },
          body: INITIALIZE,
        });
        expect(refused.status).toBe(406);
      }
      expect((await raw(gateway, { headers: JSON_HEADERS, body: INITIALIZE })).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('answers /healthz on 127.0.0.1 when bound to 0.0.0.0 with --allowed-hosts (a container health probe)', async () => {
    const gateway = await startHttpGateway({ args: ['--host', '0.0.0.0', '--allowed-hosts', 'mcp.example.com:1'] });
    try {
      expect((await raw(gateway, { method: 'GET', path: '/healthz' })).status).toBe(200);
      expect((await raw(gateway, { headers: JSON_HEADERS, body: INITIALIZE })).status).toBe(403);
    } finally {
      await gateway.stop();
    }
  });
});

describe('toolgate serve --http start-up checks', () => {
  it('refuses to bind beyond loopback without a token, and a token shorter than 16 characters', async () => {
    await expect(startHttpGateway({ token: null, args: ['--host', '0.0.0.0'] })).rejects.toThrow(
      /without a bearer token/,
    );
    await expect(startHttpGateway({ token: 'short', args: [] })).rejects.toThrow(/at least 16/);
  });

  it('takes an empty TOOLGATE_* variable (a line copied from .env.example) as unset, and serves its own 127.x address', async () => {
    const gateway = await startHttpGateway({
      token: null,
      args: ['--host', '127.0.0.2'],
      env: { TOOLGATE_AUTH_TOKEN: '', TOOLGATE_NAMES: '', TOOLGATE_EXPOSURE: ' ' },
    });
    try {
      expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/mcp$/);
      const client = await gateway.connect();
      expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('gateway_invoke');
    } finally {
      await gateway.stop();
    }
  });
});
