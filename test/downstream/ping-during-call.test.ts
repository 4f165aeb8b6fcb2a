// A health ping that fails while a call is running must not stop the server under that call.
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { ServerConnection } from '../../src/downstream/server-connection.js';
import { silentLogger } from '../../src/log/logger.js';

/** A server that answers calls but whose pings never arrive (lost on the way), so every ping times out. */
function setup(): ServerConnection {
  const entry: ServerEntry = {
    name: 'deaf',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: 'unused',
    args: [],
    env: {},
  };
  const connection = new ServerConnection({
    entry,
    logger: silentLogger,
    clientInfo: { name: 'test', version: '1' },
    secrets: () => ({}),
    createTransport: () => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const server = new McpServer({ name: 'deaf', version: '1.0.0' });
      server.registerTool(
        'wait',
        { description: 'Answer after ms.', inputSchema: z.object({ ms: z.number() }) },
        ({ ms }) =>
          new Promise((resolve) => setTimeout(() => resolve({ content: [{ type: 'text', text: 'done' }] }), ms)),
      );
      void server.connect(serverSide);
      const send = clientSide.send.bind(clientSide);
      clientSide.send = async (message, options) => {
        if ('method' in message && message.method === 'ping') return;
        await send(message, options);
      };
      return clientSide;
    },
  });
  connections.push(connection);
  return connection;
}

const connections: ServerConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});

describe('ServerConnection.ping', () => {
  it('does not mark the server failed when a call started while the ping waited', async () => {
    const connection = setup();
    await connection.ensureReady();
    const ping = connection.ping(100);
    // The maintenance pass saw no call in flight; this one starts right after the ping was sent.
    const call = connection.callTool({ name: 'wait', arguments: { ms: 300 } }, { timeoutMs: 5_000 });
    await ping;
    expect(connection.state).toBe('ready');
    expect((await call).content).toEqual([{ type: 'text', text: 'done' }]);
  });

  it('still marks an idle server that misses a ping failed', async () => {
    const connection = setup();
    await connection.ensureReady();
    expect(await connection.ping(50)).toBe(false);
    expect(connection.state).toBe('failed');
    expect(connection.status().lastError?.message).toContain('did not answer a ping within 50 ms');
  });
});
