import { PassThrough } from 'node:stream';
import path from 'node:path';
import type { CallToolResult, JSONRPCMessage } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../src/control/control-socket.js';
import { createSocketFetch } from '../../src/control/socket-fetch.js';
import { silentLogger } from '../../src/log/logger.js';
import { runAttachBridge } from '../../src/upstream/attach-bridge.js';
import {
  createSandbox,
  fixture,
  fixtureStarts,
  isAlive,
  startGateway,
  textOf,
  waitFor,
  writeProjectConfig,
  type GatewayProcess,
  type Sandbox,
} from '../support/gateway-process.js';
import { startHttpGateway } from '../support/http-gateway.js';

interface StatusSession {
  id: string;
  kind: string;
  client?: string;
}

async function statusOf(sandbox: Sandbox): Promise<{ pid: number; sessions: StatusSession[] }> {
  const fetch = createSocketFetch(controlSocketPath(sandbox.toolgateHome));
  return (await (await fetch('http://localhost/status')).json()) as { pid: number; sessions: StatusSession[] };
}

async function echo(gateway: GatewayProcess, text: string): Promise<string> {
  return textOf(await gateway.call('gateway_invoke', { tool_id: 'echo::echo', arguments: { text } }));
}

describe('stdio attach', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it('bridges a stdio client to the running HTTP service instead of starting a second pool', async () => {
    const service = await startHttpGateway({ servers: { echo: fixture('echo-server.mjs') } });
    cleanups.push(() => service.stop());
    const stdio = await startGateway({ sandbox: service.sandbox, clientName: 'attached-client' });
    cleanups.push(() => stdio.close());
    expect(await echo(stdio, 'through the bridge')).toBe('through the bridge');
    const httpClient = await service.connect();
    const direct = (await httpClient.callTool({
      name: 'gateway_invoke',
      arguments: { tool_id: 'echo::echo', arguments: { text: 'direct' } },
    })) as CallToolResult;
    expect(textOf(direct)).toBe('direct');
    // One pool: the echo server was started once, by the service, and the stdio process has no children.
    expect(fixtureStarts(service.sandbox, 'echo')).toBe(1);
    expect(stdio.children()).toEqual([]);
    const status = await statusOf(service.sandbox);
    expect(status.pid).toBe(service.pid);
    expect(status.sessions).toContainEqual(expect.objectContaining({ kind: 'attached', client: 'attached-client' }));
  });

  it('lets a second stdio client share the first one, and takes over the pool when the first one is killed', async () => {
    const sandbox = createSandbox();
    cleanups.push(async () => sandbox.remove());
    writeProjectConfig(sandbox, { echo: fixture('echo-server.mjs') });
    const first = await startGateway({ sandbox });
    const second = await startGateway({ sandbox, clientName: 'second' });
    cleanups.push(
      () => second.close(),
      () => first.close().catch(() => undefined),
    );
    expect(await echo(first, 'one')).toBe('one');
    expect(await echo(second, 'two')).toBe('two');
    expect(fixtureStarts(sandbox, 'echo')).toBe(1);
    expect(second.children()).toEqual([]);

    // The first client goes away the hard way: its gateway is killed with everything it ran.
    process.kill(first.pid, 'SIGKILL');
    expect(await waitFor(() => !isAlive(first.pid), 15_000)).toBe(true);
    expect(await echo(second, 'still served')).toBe('still served');
    expect((await statusOf(sandbox)).pid).toBe(second.pid);
    expect(second.children().length).toBe(1);

    await second.close();
    expect(await waitFor(() => !isAlive(second.pid), 15_000)).toBe(true);
  });

  it('fails a call in flight at once when the gateway it went through is killed', async () => {
    const service = await startHttpGateway({ servers: { slow: fixture('slow-server.mjs') } });
    cleanups.push(() => service.stop());
    const stdio = await startGateway({ sandbox: service.sandbox, clientName: 'attached-slow' });
    cleanups.push(() => stdio.close());
    let running = false;
    const call = stdio.client.callTool(
      { name: 'gateway_invoke', arguments: { tool_id: 'slow::sleep', arguments: { ms: 60_000 } } },
      {
        timeout: 60_000,
        onprogress: () => void (running = true),
      },
    );
    // Killed once the call's first progress shows it running downstream.
    expect(await waitFor(() => running, 20_000)).toBe(true);
    process.kill(service.pid, 'SIGKILL');
    // The bridge's own answer ends it (the client's 60 s timeout would say "Request timed out").
    await expect(call).rejects.toThrow(/stopped before answering/);
  });

  it('initializes again on its own when the gateway has dropped its session', async () => {
    const service = await startHttpGateway({ servers: { echo: fixture('echo-server.mjs') } });
    cleanups.push(() => service.stop());
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const received: JSONRPCMessage[] = [];
    let buffer = '';
    stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
        received.push(JSON.parse(buffer.slice(0, index)) as JSONRPCMessage);
        buffer = buffer.slice(index + 1);
      }
    });
    const bridge = await runAttachBridge({
      socketPath: controlSocketPath(service.sandbox.toolgateHome),
      logger: silentLogger,
      onClose: () => undefined,
      stdin,
      stdout,
    });
    cleanups.push(() => bridge.close());
    const send = (message: object) => stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    const answerTo = (id: number) =>
      waitFor(() => received.some((message) => 'id' in message && message.id === id), 20_000);

    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bridged', version: '1' } },
    });
    expect(await answerTo(1)).toBe(true);
    send({ method: 'notifications/initialized' });
    const before = (await statusOf(service.sandbox)).sessions.find((session) => session.client === 'bridged');
    expect(before).toBeDefined();

    // The service forgets the session (as after an idle expiry or a restart of the session table).
    const fetch = createSocketFetch(controlSocketPath(service.sandbox.toolgateHome));
    await fetch('http://localhost/mcp', { method: 'DELETE', headers: { 'mcp-session-id': before!.id } });

    send({ id: 2, method: 'tools/list' });
    expect(await answerTo(2)).toBe(true);
    const answer = received.find((message) => 'id' in message && message.id === 2) as {
      result?: { tools: { name: string }[] };
    };
    expect(answer.result?.tools.map((tool) => tool.name)).toContain('gateway_invoke');
    expect(received.filter((message) => 'id' in message && message.id === 1)).toHaveLength(1);
    const after = (await statusOf(service.sandbox)).sessions.filter((session) => session.client === 'bridged');
    expect(after.map((session) => session.id)).not.toContain(before!.id);
    expect(path.isAbsolute(controlSocketPath(service.sandbox.toolgateHome))).toBe(true);
  });
});
