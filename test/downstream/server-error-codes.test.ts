// A downstream server's own JSON-RPC errors -32000 and -32001 are its answers, not the SDK's local
// "connection closed" and "request timed out": no retry, no restart, no timeout, and pings still pass.
import { InMemoryTransport, Server, ProtocolError } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { ServerConnection } from '../../src/downstream/server-connection.js';
import { silentLogger } from '../../src/log/logger.js';
import { errorOf } from '../support/gateway-error-of.js';

interface Fixture {
  connection: ServerConnection;
  /** tools/call requests the server received, by tool name. */
  calls: string[];
  starts: number;
}

/**
 * `limited` (readOnlyHint) answers -32000 "rate limited"; `busy` answers -32001; `slow` answers after `ms`.
 * A ping is answered with -32000 when `pingError` is set.
 */
function setup(options: { pingError?: boolean } = {}): Fixture {
  const fixture: Fixture = { connection: undefined as unknown as ServerConnection, calls: [], starts: 0 };
  const entry: ServerEntry = {
    name: 'codes',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: 'unused',
    args: [],
    env: {},
  };
  fixture.connection = new ServerConnection({
    entry,
    logger: silentLogger,
    clientInfo: { name: 'test', version: '1' },
    secrets: () => ({}),
    createTransport: () => {
      fixture.starts += 1;
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const server = new Server({ name: 'codes', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler('tools/list', () => ({
        tools: ['limited', 'busy', 'slow'].map((name) => ({
          name,
          inputSchema: { type: 'object' },
          annotations: { readOnlyHint: true },
        })),
      }));
      server.setRequestHandler('tools/call', async (request) => {
        fixture.calls.push(request.params.name);
        if (request.params.name === 'limited') throw new ProtocolError(-32000, 'rate limited');
        if (request.params.name === 'busy') throw new ProtocolError(-32001, 'busy, try later');
        await new Promise((resolve) => setTimeout(resolve, Number(request.params.arguments?.ms ?? 0)));
        return { content: [{ type: 'text', text: 'done' }] };
      });
      if (options.pingError) {
        server.setRequestHandler('ping', () => {
          throw new ProtocolError(-32000, 'rate limited');
        });
      }
      void server.connect(serverSide);
      return clientSide;
    },
  });
  fixtures.push(fixture);
  return fixture;
}

const fixtures: Fixture[] = [];
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((fixture) => fixture.connection.close()));
});

describe('downstream errors with the SDK local codes', () => {
  it('passes a read-only tool answering -32000 on as DOWNSTREAM_ERROR, once, and keeps the server and its other calls', async () => {
    const { connection, calls } = setup();
    await connection.ensureReady();
    const other = connection.callTool({ name: 'slow', arguments: { ms: 200 } }, { timeoutMs: 5_000 });
    const error = await errorOf(connection.callTool({ name: 'limited' }, { timeoutMs: 5_000 }));
    expect(error.code).toBe('DOWNSTREAM_ERROR');
    expect(error.message).toContain('rate limited');
    expect(error.details).toMatchObject({ downstream_code: -32000 });
    expect(calls.filter((name) => name === 'limited')).toHaveLength(1);
    expect(connection.state).toBe('ready');
    expect((await other).content).toEqual([{ type: 'text', text: 'done' }]);
  });

  it('passes a server-sent -32001 on as DOWNSTREAM_ERROR, not as a timeout', async () => {
    const { connection } = setup();
    const error = await errorOf(connection.callTool({ name: 'busy' }, { timeoutMs: 5_000 }));
    expect(error.code).toBe('DOWNSTREAM_ERROR');
    expect(error.message).toContain('busy, try later');
    expect(connection.state).toBe('ready');
  });

  it('still reports the SDK timeout as DOWNSTREAM_TIMEOUT', async () => {
    const { connection } = setup();
    const error = await errorOf(connection.callTool({ name: 'slow', arguments: { ms: 1_000 } }, { timeoutMs: 50 }));
    expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
  });

  it('still reports the call ceiling as DOWNSTREAM_TIMEOUT', async () => {
    const { connection } = setup();
    await connection.ensureReady();
    const error = await errorOf(
      connection.callTool({ name: 'slow', arguments: { ms: 1_000 } }, { timeoutMs: 5_000, maxTotalMs: 50 }),
    );
    expect(error.code).toBe('DOWNSTREAM_TIMEOUT');
  });

  it('counts a ping answered with -32000 as alive', async () => {
    const fixture = setup({ pingError: true });
    await fixture.connection.ensureReady();
    expect(await fixture.connection.ping(1_000)).toBe(true);
    expect(fixture.connection.state).toBe('ready');
    expect(fixture.starts).toBe(1);
  });
});
