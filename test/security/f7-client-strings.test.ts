// F7: clientInfo.name was kept whole, also for closed sessions: health answers grew to 204 MB.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CLOSED_SESSIONS } from '../../src/gateway/token-ledger.js';
import { MAX_CLIENT_NAME_CHARS, MAX_CLIENT_VERSION_CHARS } from '../../src/wire/client-info.js';
import { createSandbox } from '../support/gateway-process.js';
import { startHttpGateway, type HttpGateway } from '../support/http-gateway.js';

interface Health {
  tokens: { sessions: { client?: string; closed?: true; current?: true }[] };
}

let gateway: HttpGateway;
beforeAll(async () => {
  gateway = await startHttpGateway({ sandbox: createSandbox() });
});
afterAll(async () => {
  await gateway.stop();
  gateway.sandbox.remove();
});

async function openSession(name: string, version = '1.0.0'): Promise<Client> {
  const client = new Client({ name, version });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(gateway.url), {
      requestInit: { headers: { authorization: `Bearer ${gateway.token}` } },
    }),
  );
  return client;
}

async function closeSession(client: Client): Promise<void> {
  await (client.transport as StreamableHTTPClientTransport).terminateSession();
  await client.close();
}

describe('F7: client-supplied strings are capped and closed sessions do not pile up', () => {
  it('caps a 1 MB clientInfo.name (and version) in gateway.health', async () => {
    const client = await openSession('n'.repeat(1024 * 1024), 'v'.repeat(100_000));
    try {
      expect(client.getServerVersion()?.name).toBe('toolgate');
      await client.listTools();
      const health = (await client.callTool({ name: 'gateway_health', arguments: {} }))
        .structuredContent as unknown as Health;
      const own = health.tokens.sessions.find((session) => session.current);
      expect(own?.client?.length).toBeLessThanOrEqual(MAX_CLIENT_NAME_CHARS);
      expect(own?.client?.startsWith('nnnn')).toBe(true);
      expect(JSON.stringify(health).length).toBeLessThan(64 * 1024);
      expect(MAX_CLIENT_VERSION_CHARS).toBeLessThan(100_000);
    } finally {
      await closeSession(client);
    }
  });

  it('keeps at most MAX_CLOSED_SESSIONS closed sessions: health stays bounded however many come and go', async () => {
    const sessions = MAX_CLOSED_SESSIONS * 3;
    for (let i = 0; i < sessions; i++) {
      const client = await openSession(`churn-${i}-${'x'.repeat(50_000)}`);
      await client.listTools();
      await closeSession(client);
    }
    const observer = await openSession('observer');
    try {
      const health = (await observer.callTool({ name: 'gateway_health', arguments: {} }))
        .structuredContent as unknown as Health;
      const closed = health.tokens.sessions.filter((session) => session.closed);
      expect(closed.length).toBeLessThanOrEqual(MAX_CLOSED_SESSIONS);
      expect(closed.length).toBeGreaterThan(0);
      expect(JSON.stringify(health).length).toBeLessThan(64 * 1024);
    } finally {
      await closeSession(observer);
    }
  }, 120_000);
});
