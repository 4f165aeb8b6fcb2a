// Refreshes that overlap (provision, auth_connect and register each refresh) apply in the order they were asked.
import { describe, expect, it } from 'vitest';
import { MemoryToolCache } from '../../src/catalog/tool-cache.js';
import { ToolIndex } from '../../src/catalog/tool-index.js';
import type { DiscoveredConfig, ServerEntry } from '../../src/config/server-entry.js';
import type { TransportFactory } from '../../src/downstream/create-transport.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { Gateway, type GatewaySnapshot } from '../../src/gateway/gateway.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { silentLogger } from '../../src/log/logger.js';
import { mergePolicy } from '../../src/policy/load-policy.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function configWith(names: string[]): DiscoveredConfig {
  const entries = names.map((name): [string, ServerEntry] => [
    name,
    { name, source: '/home/u/.toolgate/servers.json', transport: 'stdio', command: 'unused', args: [], env: {} },
  ]);
  return { servers: new Map(entries), disabled: [], skipped: [], problems: [], files: [] };
}

describe('overlapping refreshes', () => {
  it('a server written while an older refresh is still reading stays configured', async () => {
    const policy = new PolicyView(mergePolicy([]));
    // What servers.json holds now; a reload reads it when it starts and answers when it is released.
    let onDisk = ['memory'];
    const releases: (() => void)[] = [];
    const reload = (): Promise<GatewaySnapshot> => {
      const seen = configWith(onDisk);
      return new Promise((resolve) => releases.push(() => resolve({ config: seen, policy })));
    };
    const createTransport: TransportFactory = () => {
      throw new Error('no server is started in this test');
    };
    const pool = new ServerPool({
      createTransport,
      secretsFor: () => ({}),
      logger: silentLogger,
      clientInfo: { name: 'test', version: '1' },
      onToolsChanged: () => undefined,
    });
    const gateway = new Gateway({
      pool,
      index: new ToolIndex(),
      cache: new MemoryToolCache(),
      initial: { config: configWith(onDisk), policy },
      reload,
      logger: silentLogger,
    });
    await gateway.start();

    // An unrelated refresh starts reading servers.json; then a provision writes "github" and refreshes.
    const older = gateway.refresh({});
    while (releases.length === 0) await nextTurn();
    onDisk = ['memory', 'github'];
    const newer = gateway.refresh({});
    let settled = false;
    const both = Promise.all([older, newer]).finally(() => (settled = true));
    // Reads answer newest first, the order that made the older one win before refreshes were chained.
    const released = new Set<number>();
    while (!settled) {
      for (let turn = 0; turn < 5; turn += 1) await nextTurn();
      const newest = releases.findLastIndex((_, index) => !released.has(index));
      if (newest === -1) continue;
      released.add(newest);
      releases[newest]?.();
    }
    await both;
    expect(pool.names().sort()).toEqual(['github', 'memory']);
    expect(gateway.config.servers.has('github')).toBe(true);
    await gateway.close();
  });
});
