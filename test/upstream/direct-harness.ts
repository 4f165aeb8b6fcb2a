// An in-process flat or hybrid gateway: a real Gateway and ServerPool over in-memory downstream servers, upstream sessions as real SDK clients.
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { Server, ClientCapabilities } from '@modelcontextprotocol/server';
import { Client } from '@modelcontextprotocol/client';
import { ToolIndex } from '../../src/catalog/tool-index.js';
import { MemoryToolCache } from '../../src/catalog/tool-cache.js';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { configOf } from '../support/discovered-config.js';
import type { TransportFactory } from '../../src/downstream/create-transport.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { DirectExposure } from '../../src/gateway/direct/direct-exposure.js';
import type { PrefixMode } from '../../src/gateway/direct/direct-tools.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { silentLogger } from '../../src/log/logger.js';
import { mergePolicy, parsePolicyLayer } from '../../src/policy/load-policy.js';
import { createSessionServer } from '../../src/upstream/session-server.js';

export interface DownstreamSpec {
  /** A fresh SDK server for each start of this downstream server. */
  create: () => Server;
  /** Resolves when the server may answer initialize; never resolving keeps it starting for good. */
  gate?: Promise<void>;
}

export interface DirectHarness {
  gateway: Gateway;
  direct: DirectExposure;
  /** How many times each downstream server was started. */
  starts: Map<string, number>;
  /** An initialized upstream session; `capabilities` are the client's own. */
  connect(options?: {
    capabilities?: ClientCapabilities;
    name?: string;
  }): Promise<{ client: Client; server: Server; close: () => Promise<void> }>;
  close(): Promise<void>;
}

export async function startDirectHarness(options: {
  servers: Record<string, DownstreamSpec>;
  policy?: string;
  mode?: 'flat' | 'hybrid';
  prefix?: PrefixMode;
}): Promise<DirectHarness> {
  const starts = new Map<string, number>();
  const createTransport: TransportFactory = (entry) => {
    const spec = options.servers[entry.name];
    if (!spec) throw new Error(`no spec for ${entry.name}`);
    starts.set(entry.name, (starts.get(entry.name) ?? 0) + 1);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    void (spec.gate ?? Promise.resolve()).then(() => spec.create().connect(serverSide));
    return clientSide;
  };
  const entries = Object.keys(options.servers).map((name): [string, ServerEntry] => [
    name,
    { name, source: '/config/.mcp.json', transport: 'stdio', command: 'unused', args: [], env: {} },
  ]);
  const config = configOf(entries);
  const policy = new PolicyView(
    mergePolicy(options.policy ? [parsePolicyLayer(options.policy, '/home/u/.toolgate/policy.yaml')] : []),
  );
  const pool = new ServerPool({
    createTransport,
    secretsFor: () => ({}),
    logger: silentLogger,
    clientInfo: { name: 'toolgate', version: '1' },
    onToolsChanged: (server, tools) => gateway.onToolsChanged(server, tools),
    onNotification: (server, notification) => gateway.events.emit({ kind: 'notification', server, notification }),
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
  const direct = new DirectExposure(gateway, options.mode ?? 'flat', options.prefix ?? 'server');
  const sessions: Array<() => Promise<void>> = [];
  let count = 0;
  return {
    gateway,
    direct,
    starts,
    connect: async ({ capabilities = {}, name = 'harness-client' } = {}) => {
      count += 1;
      const server = createSessionServer({
        metaTools: [],
        nameStyle: 'underscore',
        serverInfo: { name: 'toolgate', version: '1' },
        sessionId: `session-${count}`,
        logger: silentLogger,
        direct,
      });
      const client = new Client({ name, version: '1' }, { capabilities });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      await client.connect(clientSide);
      const close = async () => {
        await client.close();
        await server.close();
      };
      sessions.push(close);
      return { client, server, close };
    },
    close: async () => {
      for (const close of sessions) await close().catch(() => undefined);
      await gateway.close();
    },
  };
}
