// A server someone holds (a resource subscription) is never stopped for idleness; released, it is.
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { silentLogger } from '../../src/log/logger.js';

describe('ServerPool holds', () => {
  let pool: ServerPool | undefined;
  afterEach(async () => {
    await pool?.close();
  });

  it('keeps a held server through idle shutdown, and stops it once every hold is released', async () => {
    pool = new ServerPool({
      secretsFor: () => ({}),
      logger: silentLogger,
      clientInfo: { name: 'test', version: '1' },
      maintenance: { pingIntervalMs: 0, idleShutdownMs: 1_000 },
      createTransport: () => {
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        const server = new McpServer({ name: 'svc', version: '1.0.0' });
        server.registerTool('hello', { description: 'Say hello.' }, () => ({
          content: [{ type: 'text', text: 'hello' }],
        }));
        void server.connect(serverSide);
        return clientSide;
      },
    });
    const entry: ServerEntry = {
      name: 'svc',
      source: '/config/.mcp.json',
      transport: 'stdio',
      command: 'unused',
      args: [],
      env: {},
    };
    await pool.setEntries(new Map([['svc', entry]]));
    await pool.require('svc').ensureReady();
    const first = pool.retain('svc');
    const second = pool.retain('svc');
    const later = Date.now() + 60_000;
    await pool.maintain(later);
    expect(pool.require('svc').state).toBe('ready');
    first();
    first();
    await pool.maintain(later);
    expect(pool.require('svc').state).toBe('ready');
    second();
    await pool.maintain(later);
    expect(pool.require('svc').state).toBe('idle');
  });
});
