// Errors on the invoke path get the same redaction and output cap as results, and so does gateway.health.
import { InMemoryTransport, Server, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryToolCache } from '../../src/catalog/tool-cache.js';
import { ToolIndex } from '../../src/catalog/tool-index.js';
import type { ServerEntry } from '../../src/config/server-entry.js';
import { configOf } from '../support/discovered-config.js';
import {
  createTransport as createRealTransport,
  type TransportFactory,
} from '../../src/downstream/create-transport.js';
import { ServerPool } from '../../src/downstream/server-pool.js';
import { Gateway } from '../../src/gateway/gateway.js';
import { buildHealthReport } from '../../src/gateway/health-report.js';
import type { CallContext } from '../../src/gateway/meta-tool.js';
import { PolicyView } from '../../src/gateway/policy-view.js';
import { silentLogger } from '../../src/log/logger.js';
import { mergePolicy } from '../../src/policy/load-policy.js';
import { errorOf } from '../support/gateway-error-of.js';

// Built at runtime, so no token-shaped string is stored in the repository.
const TOKEN = `ghp_${'Z'.repeat(36)}`;
const CREDENTIAL = 'hunter2-credential-value';

/** A low-level SDK server whose one tool answers with a JSON-RPC error carrying `message`. */
function failingServer(message: string): Server {
  const server = new Server({ name: 'failing', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/list', () => ({
    tools: [{ name: 'boom', inputSchema: { type: 'object' } }],
  }));
  server.setRequestHandler('tools/call', () => {
    throw new ProtocolError(ProtocolErrorCode.InternalError, message);
  });
  return server;
}

const gateways: Gateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
});

function setup(entry: ServerEntry, createTransport: TransportFactory): Gateway {
  const config = configOf([[entry.name, entry]]);
  const policy = new PolicyView(mergePolicy([]), [CREDENTIAL]);
  const pool = new ServerPool({
    createTransport,
    secretsFor: () => ({}),
    logger: silentLogger,
    clientInfo: { name: 'test', version: '1' },
  });
  const gateway = new Gateway({
    pool,
    index: new ToolIndex(),
    cache: new MemoryToolCache(),
    initial: { config, policy },
    reload: async () => ({ config, policy }),
    logger: silentLogger,
  });
  gateways.push(gateway);
  return gateway;
}

function inMemory(message: string): Gateway {
  const entry: ServerEntry = {
    name: 'failing',
    source: '/config/.mcp.json',
    transport: 'stdio',
    command: 'unused',
    args: [],
    env: {},
  };
  return setup(entry, () => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    void failingServer(message).connect(serverSide);
    return clientSide;
  });
}
const context: CallContext = { signal: new AbortController().signal, sessionId: 'test' };

describe('errors on the invoke path', () => {
  it('redacts secrets in a downstream JSON-RPC error message and names the code once', async () => {
    const gateway = inMemory(`bad token ${TOKEN} for ${CREDENTIAL}`);
    await gateway.start();
    const error = await errorOf(gateway.invoke('failing::boom', {}, context));
    expect(error.code).toBe('DOWNSTREAM_ERROR');
    const wire = JSON.stringify(error.toJSON());
    expect(wire).not.toContain(TOKEN);
    expect(wire).not.toContain(CREDENTIAL);
    expect(error.message).toContain('[REDACTED');
    expect(error.message).not.toMatch(/MCP error -32603: MCP error/);
    expect(error.message).toContain('-32603');
  });

  it('cuts a downstream error message larger than max_output_bytes', async () => {
    const gateway = inMemory('word '.repeat(60_000));
    await gateway.start();
    const error = await errorOf(gateway.invoke('failing::boom', {}, context));
    expect(Buffer.byteLength(error.message)).toBeLessThan(270_000);
    expect(error.message).toContain('output truncated');
  });

  it('redacts stderr quoted by a start failure, in the error and in the health report', async () => {
    const script = `console.error('auth failed with ${TOKEN} and ${CREDENTIAL}'); process.exit(1)`;
    const entry: ServerEntry = {
      name: 'leaky',
      source: '/config/.mcp.json',
      transport: 'stdio',
      command: process.execPath,
      args: ['-e', script],
      env: {},
    };
    const gateway = setup(entry, createRealTransport);
    await gateway.start();
    const error = await errorOf(gateway.invoke('leaky::anything', {}, context));
    expect(error.code).toBe('DOWNSTREAM_UNAVAILABLE');
    const wire = JSON.stringify(error.toJSON());
    expect(wire).toContain('auth failed');
    expect(wire).not.toContain(TOKEN);
    expect(wire).not.toContain(CREDENTIAL);

    const health = buildHealthReport(gateway, {
      version: '0',
      transport: 'stdio',
      exposure: 'meta',
      nameStyle: 'x',
      startedAt: new Date(),
      lock: () => ({}),
    });
    const leaky = JSON.stringify(health.servers.find((server) => server.name === 'leaky'));
    expect(leaky).toContain('auth failed');
    expect(leaky).not.toContain(TOKEN);
    expect(leaky).not.toContain(CREDENTIAL);
  });
});
