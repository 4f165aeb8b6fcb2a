// Restarts that overlap (two resets, a reset and a config change, a reset and shutdown) leave exactly one
// connection per server, and no started connection outside the pool where nothing would ever close it.
import { setTimeout as delay } from 'node:timers/promises';
import { InMemoryTransport, McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { silentLogger } from '../../src/log/logger.js';

const SLOW_CLOSE_MS = 100;

function setup() {
  const transports: { closed: boolean }[] = [];
  const pool = new ServerPool({
    secretsFor: () => ({}),
    logger: silentLogger,
    clientInfo: { name: 'test', version: '1' },
    maintenance: { pingIntervalMs: 0, idleShutdownMs: 0 },
    createTransport: () => {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const server = new McpServer({ name: 'svc', version: '1.0.0' });
      server.registerTool('hello', { description: 'Say hello.' }, () => ({
        content: [{ type: 'text', text: 'hello' }],
      }));
      void server.connect(serverSide);
      const record = { closed: false };
      transports.push(record);
      // Shutting a real child down takes a while (end stdin, wait, SIGTERM, ...).
      const close = clientSide.close.bind(clientSide);
      clientSide.close = async () => {
        await delay(SLOW_CLOSE_MS);
        record.closed = true;
        await close();
      };
      return clientSide;
    },
  });
  pools.push(pool);
  const entry: ServerEntry = {
    name: 'svc',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: 'unused',
    args: [],
    env: {},
  };
  return { pool, transports, entries: new Map([['svc', entry]]) };
}

const pools: ServerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('ServerPool.reset', () => {
  it('lets two concurrent restarts leave one connection, and never replaces one started meanwhile', async () => {
    const { pool, transports, entries } = setup();
    await pool.setEntries(entries);
    await pool.require('svc').ensureReady();
    const resets = Promise.all([pool.reset('svc'), pool.reset('svc')]);
    // A call arrives while the old connection is still shutting down: it starts the fresh one.
    const fresh = pool.require('svc');
    await fresh.ensureReady();
    await resets;
    expect(pool.require('svc')).toBe(fresh);
    expect(fresh.state).toBe('ready');
    await pool.close();
    expect(transports.filter((transport) => !transport.closed)).toEqual([]);
  });

  it('makes a second close of a connection wait until the first has shut it down', async () => {
    const { pool, transports, entries } = setup();
    await pool.setEntries(entries);
    const connection = pool.require('svc');
    await connection.ensureReady();
    const first = connection.close();
    const second = connection.close();
    expect(second).toBe(first);
    await second;
    expect(transports[0]?.closed).toBe(true);
  });

  it('does not bring back a server removed from the config while it restarted', async () => {
    const { pool, entries } = setup();
    await pool.setEntries(entries);
    await pool.require('svc').ensureReady();
    const reset = pool.reset('svc');
    await pool.setEntries(new Map());
    await reset;
    expect(pool.names()).toEqual([]);
  });

  it('adds no connection after the pool is closed', async () => {
    const { pool, transports, entries } = setup();
    await pool.setEntries(entries);
    await pool.require('svc').ensureReady();
    const reset = pool.reset('svc');
    await pool.close();
    await reset;
    expect(pool.status().map((status) => status.state)).toEqual(['closed']);
    expect(transports.filter((transport) => !transport.closed)).toEqual([]);
  });
});
