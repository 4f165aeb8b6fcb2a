// F6: every session's id was shown in /status and gateway.health, so one session could act in another.
import fs from 'node:fs';
import path from 'node:path';
import type { Client, StreamableHTTPClientTransport, CallToolResult } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, fixture, textOf } from '../support/gateway-process.js';
import { startHttpGateway, type HttpGateway } from '../support/http-gateway.js';
import { writeUserServers } from '../support/user-servers.js';

let gateway: HttpGateway;
beforeAll(async () => {
  const sandbox = createSandbox();
  writeUserServers(sandbox, { slow: fixture('slow-server.mjs') });
  gateway = await startHttpGateway({ sandbox });
});
afterAll(async () => {
  await gateway.stop();
  gateway.sandbox.remove();
});

const sessionIdOf = (client: Client) => (client.transport as StreamableHTTPClientTransport).sessionId!;

async function pendingOf(client: Client): Promise<{ id: string; tool_id: string }[]> {
  for (;;) {
    const pending = (
      (await client.callTool({ name: 'gateway_list_pending', arguments: {} })).structuredContent as {
        pending: { id: string; tool_id: string }[];
      }
    ).pending;
    if (pending.length > 0) return pending;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("F6: a session never sees another session's id", () => {
  it("session B finds A's id neither in gateway.health nor in /status, and cannot cancel A's call", async () => {
    const a = await gateway.connect({ name: 'client-a' });
    const b = await gateway.connect({ name: 'client-b' });
    const idA = sessionIdOf(a);
    const idB = sessionIdOf(b);
    // A's call runs until the test releases it, so it is surely still pending when B tries to cancel it.
    const release = path.join(gateway.sandbox.root, 'release-a');
    const running = a.callTool(
      { name: 'gateway_invoke', arguments: { tool_id: 'slow::sleep', arguments: { ms: 60_000, until_file: release } } },
      { timeout: 90_000 },
    );
    const [call] = await pendingOf(a);

    await b.listTools();
    const health = await b.callTool({ name: 'gateway_health', arguments: {} });
    const healthText = JSON.stringify(health);
    expect(healthText).not.toContain(idA);
    // B's own entry is marked, without its id either; A is there only under an opaque label.
    expect(healthText).not.toContain(idB);
    const sessions = (
      health.structuredContent as { tokens: { sessions: { label: string; current?: boolean; client?: string }[] } }
    ).tokens.sessions;
    expect(sessions.filter((session) => session.current)).toEqual([expect.objectContaining({ client: 'client-b' })]);
    expect(sessions.find((session) => session.client === 'client-a')?.label).toMatch(/^s-[0-9a-f]+$/);

    const status = await fetch(new URL('/status', gateway.url), {
      headers: { authorization: `Bearer ${gateway.token}` },
    });
    expect(status.status).toBe(200);
    const statusText = await status.text();
    expect(statusText).not.toContain(idA);
    expect(statusText).not.toContain(idB);

    const foreign = (await b.callTool({ name: 'gateway_cancel', arguments: { id: call!.id } })) as CallToolResult;
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toContain('CALL_NOT_FOUND');
    fs.writeFileSync(release, '');
    const finished = (await running) as CallToolResult;
    expect(finished.isError).toBeFalsy();
  });
});
